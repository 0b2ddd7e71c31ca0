"""Writes of the portfolio model: one function per use case, transactional."""

from __future__ import annotations

from django.db import transaction

from pmo_portal.concurrency import lock_version
from portfolios.models import Project
from portfolios.services.rollups import refresh_projects
from portfolios.services.scoring import refresh_priority

GOVERNANCE_FIELDS = ("code", "portfolio", "manager", "sponsor", "status", "is_archived")


@transaction.atomic
def create_project(*, user, fields: dict, deputies=()) -> Project:
    """Create a project (PMO). ``fields`` are model field values; validated before saving."""
    project = Project(**fields)
    project.full_clean()
    project._history_user = user
    project.save()
    project.deputies.set(deputies)
    refresh_priority(project_ids=[project.pk])  # its portfolio's scoring model applies
    refresh_projects([project.pk])  # the dashboards' roll-ups
    return project


@transaction.atomic
def update_project(
    *, project: Project, user, fields: dict, deputies=None, version: int | None = None
) -> Project:
    """Change a project's data. Audit history records who changed what.

    ``version``: the version the edit page was opened at; EditConflict (nothing saved) when
    someone saved the project since (None: no check)."""
    project = lock_version(Project, pk=project.pk, version=version)
    old_portfolio_id = project.portfolio_id
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project._history_user = user
    project.save()
    if deputies is not None:
        project.deputies.set(deputies)
    if project.portfolio_id != old_portfolio_id:  # another scoring model may apply
        refresh_priority(project_ids=[project.pk])
    refresh_projects([project.pk])  # moved, closed, archived: its figures follow
    return project


DECLARED_FIELDS = (
    "health_overall",
    "health_schedule",
    "health_budget",
    "health_scope",
    "health_resources",
    "percent_complete",
    "eac",
    "forecast_end",
    "status_date",
)


# No savepoint: called inside the submit's transaction, it adds two statements for nothing.
@transaction.atomic(savepoint=False)
def record_declared_status(*, project: Project, user, **declared) -> Project:
    """Write the project's latest declared status (called by reporting's submit service).

    ``declared`` holds the fields of DECLARED_FIELDS; the audit history records the change.
    """
    unknown = set(declared) - set(DECLARED_FIELDS)
    if unknown:
        raise TypeError(f"not declared-status fields: {sorted(unknown)}")
    for name, value in declared.items():
        setattr(project, name, value)
    project._history_user = user
    project.save(update_fields=[*declared, "updated_at"])
    return project
