"""The grid of planned FTE per team and year of a project (resources/views/team_needs.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resources.selectors.team_needs import TeamNeedsGrid


def cell_name(team_id: int, year: int) -> str:
    return f"need_{team_id}_{year}"


class TeamNeedsForm(forms.Form):
    """One FTE field per team and year of the grid (empty: nothing planned) and the digest
    of the stored needs the page was opened with."""

    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, grid: TeamNeedsGrid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        if not self.is_bound:
            self.initial["digest"] = grid.digest
        self.rows = []
        for team in grid.teams:
            cells = []
            for year in grid.years:
                name = cell_name(team.pk, year)
                self.fields[name] = forms.DecimalField(
                    label=_("FTE of %(team)s in %(year)s") % {"team": team.name, "year": year},
                    required=False,
                    min_value=0,
                    max_digits=9,
                    decimal_places=2,
                    widget=forms.NumberInput(
                        attrs={"min": "0", "step": "0.01", "class": "form-control form-control-sm"}
                    ),
                )
                if (team.pk, year) in grid.stored:
                    self.initial[name] = grid.stored[(team.pk, year)]
                cells.append(self[name])
            self.rows.append((team, cells))

    def values(self) -> dict:
        """(team, year) → the FTE entered (None: nothing planned)."""
        return {
            (team.pk, year): self.cleaned_data.get(cell_name(team.pk, year))
            for team in self.grid.teams
            for year in self.grid.years
        }

    def digest_value(self) -> str | None:
        return self.cleaned_data.get("digest") or None
