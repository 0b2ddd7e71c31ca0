"""Forms of the milestone page: add one milestone, and edit all of them in one table."""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field
from portfolios.forms import DateInput
from reporting.models import Milestone, MilestoneStatus
from reporting.services.milestones import EDITABLE_FIELDS

NEW_PREFIX = "new"
ROWS_PREFIX = "milestones"


class MilestoneForm(forms.ModelForm):
    """Add a milestone (one column, labels above). Baseline and forecast are required; an
    achieved milestone needs its actual date (model rule)."""

    class Meta:
        model = Milestone
        fields = ["name", "baseline_date", "forecast_date", "actual_date", "status"]
        widgets = {
            "baseline_date": DateInput(),
            "forecast_date": DateInput(),
            "actual_date": DateInput(),
        }
        help_texts = {
            "baseline_date": _("The date agreed when the plan was approved."),
            "forecast_date": _("The date expected today; the slip is forecast − baseline."),
            "actual_date": _("Only once the milestone is achieved."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", NEW_PREFIX)
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.Meta.fields, Submit("submit", _("Add the milestone")))


def _token(values: dict) -> str:
    """The editable values of a milestone as one string (what the page showed)."""
    return "|".join(
        value.isoformat() if isinstance(value, date) else (value or "")
        for value in (values[name] for name in EDITABLE_FIELDS)
    )


def _values(milestone: Milestone) -> dict:
    return {name: getattr(milestone, name) for name in EDITABLE_FIELDS}


def _parse_token(token: str | None) -> dict | None:
    parts = (token or "").split("|")
    if len(parts) != len(EDITABLE_FIELDS):
        return None
    values = {}
    try:
        for name, part in zip(EDITABLE_FIELDS, parts, strict=True):
            if name == "status":
                values[name] = part
            else:
                values[name] = date.fromisoformat(part) if part else None
    except ValueError:
        return None
    return values


def _display(name: str, value) -> str:
    if value is None or value == "":
        return str(_("empty"))
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if name == "status":
        return str(MilestoneStatus(value).label) if value in MilestoneStatus.values else value
    return str(value)


class MilestoneRowForm(forms.Form):
    """One row of the milestone table.

    ``milestone`` names the row's milestone, so rows never get mixed up when milestones are
    added meanwhile. ``seen`` carries the values the page showed and ``version`` the
    milestone's version: only what the user changed is written, and a change to a milestone
    someone else changed since is refused by the service, under the row lock, with the
    current values, never written over them (pmo_portal/concurrency.py).

    A plain form, not a ModelForm: a ModelForm validates the model's check constraints with
    one query each, per row; Milestone.clean() states the same rule and the database enforces
    it.
    """

    milestone = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    version = version_field()

    def __init__(self, *args, instance: Milestone, **kwargs):
        self.instance = instance
        self.current = _values(instance)
        self.seen_token = _token(self.current)
        self.seen = self.current
        self.user_changes: dict = {}
        kwargs["initial"] = {**self.current, "milestone": instance.pk}
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS:
            field = Milestone._meta.get_field(name).formfield()
            if name == "status":
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget = DateInput(attrs={"class": "form-control form-control-sm"})
            field.widget.attrs["aria-label"] = f"{field.label} — {instance.name}"
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or cleaned.get("milestone") != self.instance.pk:
            raise forms.ValidationError(
                _("This row no longer matches a milestone of the project: reload the page.")
            )
        if any(name in self.errors for name in EDITABLE_FIELDS):
            return cleaned
        candidate = Milestone(**{**self.current, **{n: cleaned[n] for n in EDITABLE_FIELDS}})
        try:
            candidate.clean()
        except forms.ValidationError as error:
            self.add_error(None, error)
            return cleaned
        self.seen = _parse_token(cleaned.get("seen")) or self.current
        self.user_changes = {
            name: cleaned[name] for name in EDITABLE_FIELDS if cleaned[name] != self.seen[name]
        }
        return cleaned

    def add_conflict(self, current: Milestone) -> None:
        """Say on the row that ``current`` (the stored milestone) changed since the page."""
        values = _values(current)
        moved = [name for name in EDITABLE_FIELDS if values[name] != self.seen[name]]
        now = ", ".join(
            f"{self.fields[name].label} {_display(name, values[name])}"
            for name in moved or EDITABLE_FIELDS
        )
        self.add_error(
            None,
            forms.ValidationError(
                _(
                    "Someone changed this milestone since you opened the page (now: %(now)s). "
                    "Check your values and save again."
                ),
                params={"now": now},
                code="conflict",
            ),
        )

    def full_clean(self):
        super().full_clean()
        # Errors next to the field: Bootstrap's invalid style, and the message announced.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-errors"


class MilestoneRowFormSet(forms.BaseFormSet):
    """All milestones of a project, one row each; a row finds its milestone by id."""

    def __init__(self, data=None, *, milestones, **kwargs):
        self.milestones = list(milestones)
        self.by_pk = {m.pk: m for m in self.milestones}
        kwargs.setdefault("prefix", ROWS_PREFIX)
        super().__init__(data, **kwargs)

    def initial_form_count(self) -> int:
        if self.is_bound:
            return super().initial_form_count()
        return len(self.milestones)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.is_bound:
            raw = self.data.get(f"{self.add_prefix(index)}-milestone", "")
            pk = int(raw) if str(raw).isdigit() else None
            instance = self.by_pk.get(pk)
        else:
            instance = self.milestones[index] if index < len(self.milestones) else None
        # An unknown id gets a blank milestone: the row's clean() then reports it.
        kwargs["instance"] = instance or Milestone()
        return kwargs

    def clean(self):
        ids = [form.cleaned_data.get("milestone") for form in self.forms]
        ids = [pk for pk in ids if pk is not None]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(
                _("The page listed a milestone twice: reload it and try again.")
            )

    def changes(self) -> list[dict]:
        """What the user changed, for reporting.services.milestones.update_milestones."""
        return [
            {
                "id": form.instance.pk,
                "version": form.cleaned_data["version"],
                "seen": form.seen,
                **form.user_changes,
            }
            for form in self.forms
            if form.user_changes
        ]


MilestoneRows = forms.formset_factory(
    MilestoneRowForm, formset=MilestoneRowFormSet, extra=0, max_num=500, absolute_max=500
)
