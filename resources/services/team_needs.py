"""Writes of the planned FTE per team of a project (resources/selectors/team_needs.py says
what scenarios make of them)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict
from portfolios.models import Project
from portfolios.services.business_case import lock_business_cases
from resources.models import PlannedTeamNeed, Team
from resources.selectors.team_needs import needs_digest

MAX_FTE = Decimal("9999999.99")


@transaction.atomic
def save_planned_team_needs(
    *,
    project: Project,
    user,
    values: dict[tuple[int, int], Decimal | None],
    digest: str | None = None,
) -> dict[str, int]:
    """Make the planned needs of ``project`` the cells ``values`` ((team, year) → FTE; None
    or 0: nothing planned). Cells not in ``values`` are left alone. All or nothing.

    Takes the business case's lock (the planned needs are part of it). ``digest``: what the
    page showed (None: no check); EditConflict (its ``details``: the stored rows) when the
    stored needs changed since. ValidationError for an unknown team or a negative FTE.
    Returns counts of created, changed and removed cells."""
    lock_business_cases([project.pk])
    stored = {
        (row.team_id, row.year): row
        for row in PlannedTeamNeed.objects.select_for_update().filter(project=project)
    }
    if digest is not None and digest != needs_digest(stored.values()):
        raise EditConflict(None, details=list(stored.values()))
    known = set(
        Team.objects.filter(pk__in={team for team, _year in values}).values_list("pk", flat=True)
    )
    counts = {"created": 0, "changed": 0, "deleted": 0}
    for (team_id, year), fte in sorted(values.items()):
        if team_id not in known:
            raise ValidationError(_("This team no longer exists: reload the page."))
        if fte is not None and not Decimal(0) <= fte <= MAX_FTE:
            raise ValidationError(_("An FTE is 0 or more."))
        row = stored.get((team_id, year))
        if not fte:
            if row is not None:
                row._history_user = user
                row.delete()
                counts["deleted"] += 1
            continue
        if row is None:
            row = PlannedTeamNeed(project=project, team_id=team_id, year=year, fte=fte)
            counts["created"] += 1
        elif row.fte == fte:
            continue
        else:
            row.fte = fte
            counts["changed"] += 1
        row.full_clean()
        row._history_user = user
        row.save()
    return counts
