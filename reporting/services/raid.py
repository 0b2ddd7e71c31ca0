"""The RAID log of a project: risks, issues, actions and decisions (writes).

Writes are transactional, validate the whole item (``full_clean``) before saving and record
who changed it in the item's history. The read side is in reporting/selectors/raid.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from pmo_portal.concurrency import lock_version
from portfolios.models import Project
from portfolios.services.rollups import refresh_projects
from reporting.models import RaidItem, RaidKind

# What a project manager writes; ``project`` and the bookkeeping fields are set here.
RAID_FIELDS = (
    "kind",
    "title",
    "description",
    "owner",
    "status",
    "due_date",
    "probability",
    "impact",
    "response",
)


def _apply(item: RaidItem, data: Mapping) -> None:
    for name in RAID_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    if item.kind != RaidKind.RISK:
        # Only risks are rated; an issue, action or decision has no exposure.
        item.probability = None
        item.impact = None


@transaction.atomic
def create_raid_item(*, project: Project, user, data: Mapping) -> RaidItem:
    """Add an item to ``project``'s RAID log. ``data`` holds values of RAID_FIELDS."""
    item = RaidItem(project=project)
    _apply(item, data)
    item.full_clean()
    item._history_user = user
    item.save()
    refresh_projects([project.pk])  # the dashboards' roll-ups (open risks)
    return item


@transaction.atomic
def update_raid_item(
    *, item: RaidItem, user, data: Mapping, version: int | None = None
) -> RaidItem:
    """Change an item of a RAID log; its history records who changed what. ``version``: the
    version the edit page was opened at; EditConflict, nothing saved, if it moved."""
    item = lock_version(RaidItem, pk=item.pk, version=version)
    _apply(item, data)
    item.full_clean()
    item._history_user = user
    item.save()
    item.refresh_from_db(fields=["exposure"])  # computed by the database
    refresh_projects([item.project_id])
    return item
