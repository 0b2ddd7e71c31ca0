"""Permissions of resources and budgets. Imported by ``ResourcesConfig.ready()``."""

import rules

from pmo_portal.roles import (
    Role,
    has_a_role,
    has_role,
    is_executive,
    is_finance,
    is_pmo,
    is_project_manager,
    is_resource_manager,
    manages_item_project,
    manages_project,
    sees_project,
)


@rules.predicate
def manages_resource_team(user, obj) -> bool:
    """A resource manager decides for the resources of the teams they manage; a resource of
    a team without a manager (or of no team) may be decided by any resource manager."""
    if obj is None or not has_role(user, Role.RESOURCE_MANAGER):
        return False
    resource = getattr(obj, "resource", obj)
    team = resource.team
    return team is None or team.manager_id in (None, user.pk)


@rules.predicate
def sponsors_item_project(user, item) -> bool:
    """``user`` sponsors the project ``item`` hangs off (an alert...), whatever their roles:
    a sponsor reads what they are escalated (resources/services/alerts.py)."""
    if item is None or not user.is_authenticated:
        return False
    return item.project.sponsor_id == user.pk


# Budgets of a project (obj: a project, already inside the reader's scope): the PMO, finance,
# its PM and deputies, and the executives of its portfolio.
rules.add_perm(
    "resources.view_budget", is_pmo | is_finance | manages_project | (is_executive & sees_project)
)
rules.add_perm("resources.change_budget", is_pmo | is_finance)  # budget lines and costs
rules.add_perm("resources.import_costs", is_pmo | is_finance)
# The import log: the PMO and Finance read every import, anyone else their own
# (resources/selectors/import_log.py).
rules.add_perm("resources.view_import_log", has_a_role)
rules.add_perm("resources.view_all_imports", is_pmo | is_finance)
rules.add_perm("resources.view_capacity", has_a_role)
rules.add_perm("resources.manage_resources", is_pmo | is_resource_manager)
rules.add_perm("resources.request_allocation", is_pmo | manages_project)  # obj: a project
# The queue of allocations waiting for a decision (no object: the page lists what the user
# may decide), and one decision (obj: an allocation).
rules.add_perm("resources.decide_allocations", is_pmo | is_resource_manager)
rules.add_perm("resources.decide_allocation", is_pmo | manages_resource_team)
# The alerts page: every alert for the PMO and Finance (who reads budgets); a project manager
# reads it too, narrowed to the alerts of the projects they manage or deputise
# (resources/selectors/alerts.py ``alerts_for``).
rules.add_perm("resources.view_alerts", is_pmo | is_finance)
rules.add_perm("resources.view_alert_list", is_pmo | is_finance | is_project_manager)
# One alert (obj: an alert): the PMO, Finance, its project's PM and deputies (within their
# reading scope, see resources/selectors/alerts.py), and its project's sponsor (the escalation
# e-mail links to it).
rules.add_perm(
    "resources.view_alert", is_pmo | is_finance | manages_item_project | sponsors_item_project
)
rules.add_perm("resources.acknowledge_alert", is_pmo | manages_item_project)
rules.add_perm("resources.close_alert", is_pmo)
# The thresholds of the overrun scan, and the extra recipients of a portfolio's budget
# alerts (the PMO's settings pages): the PMO.
rules.add_perm("resources.manage_budget_settings", is_pmo)
rules.add_perm("resources.manage_alert_recipients", is_pmo)
