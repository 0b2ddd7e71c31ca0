"""Forms of the business-case tab: the year grid (a formset, saved as a whole), the PMO's
mandatory flag and the dependencies between projects."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.validators import no_control_characters
from portfolios.models import DependencyKind, ProjectDependency
from portfolios.services.business_case import YearInput

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
NEGATIVE = _("Enter an amount of 0 or more.")
YEAR_RANGE = _("Enter a year between 2000 and 2100.")


def _amount(label, *, max_digits: int = 14, step: str = "0.01") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=ZERO,
        max_digits=max_digits,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE},
        widget=forms.NumberInput(attrs={"min": "0", "step": step, "class": "form-control num"}),
    )


class BusinessCaseYearForm(forms.Form):
    """One year of the grid. An empty amount counts as 0."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": YEAR_RANGE, "max_value": YEAR_RANGE},
        widget=forms.NumberInput(attrs={"min": "2000", "max": "2100", "class": "form-control"}),
    )
    capex = _amount(_("CAPEX (€)"))
    opex = _amount(_("OPEX (€)"))
    fte = _amount(_("FTE"), max_digits=9)
    benefits = _amount(_("Expected benefits (€)"))

    def year_input(self) -> YearInput:
        data = self.cleaned_data
        return YearInput(
            year=data["year"],
            **{
                name: (data.get(name) or ZERO).quantize(CENT)
                for name in ("capex", "opex", "fte", "benefits")
            },
        )


class BaseBusinessCaseFormSet(forms.BaseFormSet):
    """The whole grid: the stored years and a blank row to add one. A row ticked "remove"
    and a blank row left untouched are not part of the grid saved."""

    def kept_forms(self) -> list[BusinessCaseYearForm]:
        return [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and getattr(form, "cleaned_data", {}).get("year") is not None
        ]

    def clean(self):
        super().clean()
        # Checked even when another cell is wrong, so that every error shows at once.
        seen: set[int] = set()
        duplicated = False
        for form in self.kept_forms():
            year = form.cleaned_data["year"]
            if year in seen:
                duplicated = True
                form.add_error(
                    "year",
                    _("The year %(year)s appears twice: each year has one row.") % {"year": year},
                )
            seen.add(year)
        if duplicated:
            raise forms.ValidationError(_("Each year may appear only once."))

    def year_inputs(self) -> list[YearInput]:
        return [form.year_input() for form in self.kept_forms()]


BusinessCaseFormSet = forms.formset_factory(
    BusinessCaseYearForm,
    formset=BaseBusinessCaseFormSet,
    extra=1,
    can_delete=True,
    max_num=101,
    validate_max=True,
)


def business_case_formset(data=None, *, rows=()) -> BaseBusinessCaseFormSet:
    initial = [
        {
            "year": row.year,
            "capex": row.capex,
            "opex": row.opex,
            "fte": row.fte,
            "benefits": row.benefits,
        }
        for row in rows
    ]
    return BusinessCaseFormSet(data, initial=initial, prefix="years")


class GridStateForm(forms.Form):
    """The digest of the grid the page showed (see portfolios.services.business_case)."""

    digest = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def digest_value(self) -> str | None:
        return (self.cleaned_data.get("digest") or None) if self.is_valid() else None


class MandatoryForm(forms.Form):
    """The PMO's decision: the project is a regulatory obligation, or no longer."""

    mandatory = forms.TypedChoiceField(
        choices=[("1", _("Mandatory")), ("0", _("Not mandatory"))],
        coerce=lambda value: value == "1",
    )


class DependencyForm(forms.ModelForm):
    """A dependency of the page's project on another project it may see."""

    class Meta:
        model = ProjectDependency
        fields = ["kind", "other", "note"]
        labels = {"kind": _("This project"), "other": _("Project"), "note": _("Note")}
        help_texts = {
            "kind": _(
                "Requires: this project can only be selected with the other one. Excludes: "
                "the two are never selected together."
            ),
        }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DependencyKind.choices
        self.fields["other"].queryset = projects
        self.fields["other"].label_from_instance = lambda p: f"{p.code} — {p.name}"
        self.fields["other"].empty_label = _("Choose a project")
        self.fields["note"].validators.append(no_control_characters)
        for name in ("kind", "other"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["note"].widget.attrs["class"] = "form-control"
