"""Forms of capacity and allocations: the project grid, decisions, resources, filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import STALE_PAGE, VersionedFormMixin
from pmo_portal.validators import no_control_characters_multiline
from portfolios.forms import DateInput
from portfolios.models import Portfolio
from resources.import_limits import limits_text
from resources.models import Resource, ResourceKind, Skill, Team
from resources.selectors.capacity import HORIZON

FTE_MAX = Decimal("10")


def fte_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=FTE_MAX,
        max_digits=4,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "size": 4, "class": "form-control form-control-sm num"}
        ),
        **kwargs,
    )


def cell_name(resource_id: int, month) -> str:
    return f"fte-{resource_id}-{month:%Y%m}"


def month_label(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


class AllocationGridForm(forms.Form):
    """One FTE field per (resource row, month). Valid only if every cell is valid.

    Concurrent edits are checked per cell, not per grid: ``seen`` carries the version and FTE
    of every allocation the page showed. A cell the user left as shown is never written (a
    stale page cannot undo someone else's change); a cell the user changed is refused, with
    the whole save, if someone changed that allocation since (pmo_portal/concurrency.py). So
    two people may fill different months of the same project at once, and an approval in
    between does not block the PM.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.months = months
        self.fields["seen"].initial = seen_token(rows, months)
        for row in rows:
            row.fields = []
            for month in months:
                allocation = row.cells.get(month)
                name = cell_name(row.resource.pk, month)
                self.fields[name] = fte_field(
                    # The cell's accessible name: its row, its column and its unit.
                    _("%(resource)s, %(month)s, FTE")
                    % {"resource": row.resource.name, "month": month_label(month)},
                    initial=allocation.fte if allocation else None,
                )
                row.fields.append((month, allocation, name))

    def bound_rows(self):
        for row in self.rows:
            yield row, [(month, allocation, self[name]) for month, allocation, name in row.fields]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            for _month, allocation, name in row.fields:
                value = cleaned.get(name)
                previous = allocation.fte if allocation else None
                if value and value != previous and not row.resource.is_active:
                    self.add_error(name, _("This resource is no longer active."))
        return cleaned

    def clean_seen(self) -> dict | None:
        if self.add_prefix("seen") not in self.data:
            return None  # a post that is not the page (a script): no check, like an import
        try:
            return parse_seen(self.cleaned_data["seen"])
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(STALE_PAGE) from None

    def values(self) -> dict:
        """(resource id, month) -> FTE (None when empty or 0) of every cell of the grid."""
        return {
            (row.resource.pk, month): self.cleaned_data.get(name) or None
            for row in self.rows
            for month, _allocation, name in row.fields
        }


def seen_token(rows, months) -> str:
    """The allocations a grid shows, as "resource:YYYYMM:version:fte" items."""
    return ";".join(
        f"{row.resource.pk}:{month:%Y%m}:{allocation.version}:{allocation.fte}"
        for row in rows
        for month in months
        if (allocation := row.cells.get(month)) is not None
    )


def parse_seen(token: str) -> dict:
    """(resource id, month) -> (version, FTE) of a seen_token; ValueError when garbled."""
    seen = {}
    for item in filter(None, (token or "").split(";")):
        resource_id, month, version, fte = item.split(":")
        key = (int(resource_id), date(int(month[:4]), int(month[4:]), 1))
        seen[key] = (int(version), Decimal(fte))
    return seen


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        validators=[no_control_characters_multiline],
    )


class ResourceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "kind",
            "name",
            "team",
            "skills",
            "user",
            "cost_rate_per_day",
            "default_fte",
            "available_from",
            "available_until",
            "is_active",
        ]
        widgets = {
            "available_from": DateInput(),
            "available_until": DateInput(),
            "skills": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and start > end:
            self.add_error("available_until", _("The end of availability is before its start."))
        return cleaned


class AvailabilityForm(forms.Form):
    """The available FTE of a resource for each of the next months (empty = default)."""

    def __init__(self, *args, months, overrides, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        for month in months:
            self.fields[f"month-{month:%Y%m}"] = fte_field(
                _("Available FTE in %(month)s") % {"month": month_label(month)},
                initial=overrides.get(month),
            )

    def values(self) -> dict:
        return {month: self.cleaned_data.get(f"month-{month:%Y%m}") for month in self.months}


class CapacityFilterForm(forms.Form):
    portfolio = forms.ModelChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        empty_label=_("All portfolios"),
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        empty_label=_("All skills"),
    )
    requested = forms.BooleanField(label=_("Include requested allocations"), required=False)
    by = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("team", _("Teams")), ("resource", _("Resources"))],
    )
    months = forms.TypedChoiceField(
        label=_("Months"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Next 12 months")), (6, _("Next 6 months")), (3, _("Next 3 months"))],
    )
    # Team rows only (the resource manager's cockpit links here with both).
    over = forms.BooleanField(label=_("Only over-allocated teams"), required=False)
    mine = forms.BooleanField(label=_("Only the teams I manage"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", _("All teams")),
            *[(team.pk, team.name) for team in Team.objects.order_by("name")],
            (0, _("No team")),
        ]

    def filters(self) -> dict:
        """The capacity selectors' arguments from the valid fields (an invalid value is left
        out: the page shows its error and ignores it)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "team_id": cleaned.get("team"),
            "skill_id": cleaned.get("skill").pk if cleaned.get("skill") else None,
            "portfolio": cleaned.get("portfolio"),
            "include_requested": bool(cleaned.get("requested")),
            "by": cleaned.get("by") or "team",
            "months": cleaned.get("months") or HORIZON,
            "over": bool(cleaned.get("over")),
            "mine": bool(cleaned.get("mine")),
        }


class ResourceFilterForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        empty_label=_("All skills"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ResourceKind.choices]
    )
    inactive = forms.BooleanField(label=_("Include inactive resources"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", _("All teams")),
            *[(team.pk, team.name) for team in Team.objects.order_by("name")],
            (0, _("No team")),
        ]


class CapacityImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("allocations", _("Allocations: project, resource, month, FTE")),
            ("capacity", _("Capacity: resource, month, available FTE")),
        ],
        widget=forms.RadioSelect,
        initial="allocations",
    )
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=format_lazy(
            "{} {}",
            _("First line: column names. Months as 2026-07 or 07/2026; FTE as 0,5 or 0.5."),
            limits_text(),
        ),
    )
