"""Committing a scenario (issue 12): the candidates' statuses change in one transaction —
selected proposed → approved; not selected proposed / approved → rejected; not selected
active → on hold — each project saved through ``change_project_status`` (audit history with
the user and a reason naming the scenario), the scenario is frozen (committed, when, by
whom), and each project manager concerned gets one e-mail listing their projects (the
outbox row is written in the same transaction; delivery after commit). Other scenarios of
the same scope are left as they are; a second commit is refused."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal.emails import render_email
from pmo_portal.notifications import enqueue
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.models import Project, ProjectStatus, Scenario, ScenarioStatus
from portfolios.selectors import scenarios_pages as pages
from portfolios.services.rollups import refresh_projects
from portfolios.services.scenarios import ScenarioFrozen

COMMIT_KIND = "scenario_commit"


@transaction.atomic
def change_project_status(*, project: Project, user, status: str, reason: str) -> Project:
    """Set a project's status (the audit history records who, and why)."""
    project.status = status
    project.full_clean()
    project._history_user = user
    project._change_reason = reason
    project.save()
    refresh_projects([project.pk])  # the dashboards' roll-ups
    return project


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _notify(scenario: Scenario, changes: list[dict]) -> int:
    """One e-mail per project manager whose projects changed status, listing them (the
    portal's language, like every e-mail of the portal). Returns the messages enqueued."""
    by_manager: dict[int, list[dict]] = defaultdict(list)
    managers = {}
    for change in changes:
        manager = change["project"].manager
        managers[manager.pk] = manager
        by_manager[manager.pk].append(change)
    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        for manager_pk, items in by_manager.items():
            manager = managers[manager_pk]
            if not manager.is_active:
                continue
            context = {
                "recipient": user_label(manager),
                "scenario": scenario.name,
                "count": len(items),
                "projects": [
                    {
                        "code": change["project"].code,
                        "name": change["project"].name,
                        "old": str(ProjectStatus(change["old"]).label),
                        "new": str(ProjectStatus(change["new"]).label),
                        "url": _base_url() + change["project"].get_absolute_url(),
                    }
                    for change in items
                ],
            }
            subject, body = render_email("portfolios/scenarios/email/commit", context)
            _row, new = enqueue(
                dedup_key=f"scenario-commit:{scenario.pk}:{manager.pk}",
                kind=COMMIT_KIND,
                recipient=manager,
                subject=subject,
                body=body,
            )
            created += new
    if created:
        transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)
    return created


@transaction.atomic
def commit_scenario(*, scenario: Scenario, user) -> dict:
    """Apply a solved scenario to the portfolio (see the module docstring). Other scenarios
    are left as they are. Returns the number of projects changed and of e-mails enqueued."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status == ScenarioStatus.COMMITTED:
        raise ScenarioFrozen(_("This scenario was already committed."))
    if scenario.status != ScenarioStatus.SOLVED:
        raise ValidationError(
            _("Only a solved scenario can be committed: solve it again with its current limits.")
        )
    changes = pages.planned_changes(scenario)
    locked = {
        project.pk: project
        for project in Project.objects.select_for_update(of=("self",))
        .select_related("manager")
        .filter(pk__in=[change["project"].pk for change in changes])
    }
    reason = gettext("Scenario “%(name)s” committed") % {"name": scenario.name}
    applied = []
    for change in changes:
        project = locked[change["project"].pk]
        if project.status != change["old"]:
            continue  # changed since it was read (the row lock makes this rare)
        change_project_status(project=project, user=user, status=change["new"], reason=reason)
        applied.append({**change, "project": project})
    scenario.status = ScenarioStatus.COMMITTED
    scenario.committed_at = timezone.now()
    scenario.committed_by = user
    scenario._history_user = user
    scenario.save(update_fields=["status", "committed_at", "committed_by"])
    return {"changed": len(applied), "messages": _notify(scenario, applied)}
