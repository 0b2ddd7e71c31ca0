"""Writes of the portfolio model: one function per use case, transactional."""

from __future__ import annotations

from django.db import transaction

from portfolios.models import Project

GOVERNANCE_FIELDS = ("code", "portfolio", "manager", "sponsor", "status", "is_archived")


@transaction.atomic
def create_project(*, user, fields: dict, deputies=()) -> Project:
    """Create a project (PMO). ``fields`` are model field values; validated before saving."""
    project = Project(**fields)
    project.full_clean()
    project._history_user = user
    project.save()
    project.deputies.set(deputies)
    return project


@transaction.atomic
def update_project(*, project: Project, user, fields: dict, deputies=None) -> Project:
    """Change a project's data. Audit history records who changed what."""
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project._history_user = user
    project.save()
    if deputies is not None:
        project.deputies.set(deputies)
    return project
