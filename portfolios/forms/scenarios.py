"""Forms of the scenario pages: the scenario with its grid of limits (years × kinds),
forcing a project in or out, choosing scenarios to compare."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin
from portfolios.models import Forcing, LimitKind, Portfolio, Scenario
from portfolios.selectors import scenarios_teams as teams
from portfolios.selectors.scenarios import KINDS
from portfolios.services.scenarios import MAX_YEARS

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year(value) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


class PortfolioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ScenarioForm(VersionedFormMixin, forms.ModelForm):
    """Name, description, scope and years of a scenario, and its limits: one field per year
    and kind (``limit_<year>_<kind>``), empty for no limit. The grid follows the years: when
    they change, the form shows the new grid and asks for its limits before saving. With
    teams (resources installed), a second grid limits the FTE of any team: a row per team,
    a column per year (``limit_<year>_fte:<team id>``, portfolios/selectors/
    scenarios_teams.py)."""

    portfolio = PortfolioChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        empty_label=_("Every portfolio (the company)"),
        help_text=_("Candidates: its projects and those of its sub-portfolios."),
    )
    grid = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Scenario
        fields = ["name", "description", "portfolio", "first_year", "last_year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            next_year = timezone.localdate().year + 1
            self.initial.setdefault("first_year", next_year)
            self.initial.setdefault("last_year", next_year + 2)
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": YEAR_MIN, "max": YEAR_MAX, "step": 1})
        self.posted_grid = self.data.get("grid") if self.is_bound else None
        self.years = self._grid_years()
        grid = f"{self.years[0]}-{self.years[-1]}" if self.years else ""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["grid"] = grid
        self.initial["grid"] = grid
        stored = {}
        if self.instance.pk is not None:
            stored = {
                (limit.year, limit.kind): limit.amount for limit in self.instance.limits.all()
            }
        self.grid_rows = []
        for year in self.years:
            row = []
            for kind in KINDS:
                name = f"limit_{year}_{kind}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(kind)s limit %(year)s")
                    % {"kind": LimitKind(kind).label, "year": year},
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
                )
                if (year, kind) in stored:
                    self.initial[name] = stored[(year, kind)]
                row.append(name)
            self.grid_rows.append((year, [self[name] for name in row]))
        self.team_kinds = []
        self.team_rows = []
        for team_id, team_name in teams.offered_teams() if self.years else []:
            kind = teams.team_kind(team_id)
            self.team_kinds.append(kind)
            label = teams.team_kind_label(team_name)
            row = []
            for year in self.years:
                name = f"limit_{year}_{kind}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(kind)s limit %(year)s") % {"kind": label, "year": year},
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                )
                if (year, kind) in stored:
                    self.initial[name] = stored[(year, kind)]
                row.append(self[name])
            self.team_rows.append((team_name, row))
        self.team_limits_set = any(
            (year, kind) in stored for kind in self.team_kinds for year in self.years
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            "description",
            "portfolio",
            Row(
                Column("first_year", css_class="col-md-6"),
                Column("last_year", css_class="col-md-6"),
            ),
            "grid",
            *(["version"] if "version" in self.fields else []),
        )

    def _grid_years(self) -> list[int]:
        """The years of the grid: those posted when they make sense, else the stored or
        initial ones."""
        first = last = None
        if self.is_bound:
            first, last = _year(self.data.get("first_year")), _year(self.data.get("last_year"))
        if first is None or last is None or not 0 <= last - first < MAX_YEARS:
            source = self.instance if self.instance.pk is not None else None
            first = source.first_year if source else self.initial.get("first_year")
            last = source.last_year if source else self.initial.get("last_year")
        if first is None or last is None or not 0 <= last - first < MAX_YEARS:
            return []
        return list(range(first, last + 1))

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_year", _("The last year must not be before the first."))
            elif last - first + 1 > MAX_YEARS:
                self.add_error(
                    "last_year",
                    _("A scenario covers at most %(count)s years.") % {"count": MAX_YEARS},
                )
            elif self.posted_grid is not None and self.posted_grid != f"{first}-{last}":
                raise forms.ValidationError(
                    _(
                        "The years changed: the grid of limits now shows them. Enter their "
                        "limits, then save again."
                    ),
                    code="grid",
                )
        return cleaned

    def limits(self) -> dict[tuple[int, str], object]:
        """(year, kind) → the limit entered, None for no limit (kinds: KINDS, then the
        teams' ``"fte:<team id>"``)."""
        keys = [(year, kind) for year in self.years for kind in KINDS]
        keys += [(year, kind) for kind in self.team_kinds for year in self.years]
        return {(year, kind): self.cleaned_data.get(f"limit_{year}_{kind}") for year, kind in keys}

    def scenario_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ForcingForm(forms.Form):
    """Force one candidate in or out of the solution (or neither)."""

    project = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    forcing = forms.ChoiceField(
        label=_("Forcing"),
        required=False,
        choices=[("", _("Not forced")), *Forcing.choices],
    )


class CompareForm(forms.Form):
    """Two to four scenarios the reader may see."""

    scenarios = forms.ModelMultipleChoiceField(
        label=_("Scenarios"),
        queryset=Scenario.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose scenarios from the list.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].queryset = queryset

    def clean_scenarios(self):
        chosen = self.cleaned_data["scenarios"]
        if not 2 <= len(chosen) <= 4:
            raise forms.ValidationError(_("Choose two to four scenarios to compare."))
        return chosen
