"""Roles and object rules (shared/DESIGN.md, "Who may do what").

Roles are Django groups created by a data migration. Lists are scoped by querysets
(``Project.objects.visible_to(user)``); single-object decisions use the ``rules``
predicates below. Predicates only read attributes of the objects they receive
(``manager_id``, ``deputies``…), so this foundations module imports no app.

Scope, per role:
- PMO: everything (``PMOBackend`` answers yes to every permission, admin included).
- Project manager: edits the projects they manage or deputise; reads the rest of the
  portfolios those projects belong to, and the portfolios they are a member of.
- Executive: reads the portfolios (and sub-portfolios) they are a member of and the projects
  they sponsor.
- Resource manager, Finance: read every project (their work crosses portfolios).
- A user with no role reads nothing: area pages answer 403.
"""

from __future__ import annotations

import rules
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Group names (stored in English, shown translated)."""

    PMO = "PMO", _("PMO")
    PROJECT_MANAGER = "Project manager", _("Project manager")
    EXECUTIVE = "Executive", _("Executive")
    RESOURCE_MANAGER = "Resource manager", _("Resource manager")
    FINANCE = "Finance", _("Finance")


# Roles that read every project of the company.
CROSS_PORTFOLIO_ROLES = frozenset({Role.PMO, Role.RESOURCE_MANAGER, Role.FINANCE})


def user_roles(user) -> frozenset[str]:
    """The role names of ``user``, cached on the user object (one query per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_pmo_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._pmo_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role.value in user_roles(user)


def has_any_role(user) -> bool:
    valid = {role.value for role in Role}
    return bool(user_roles(user) & valid)


def reads_all_projects(user) -> bool:
    return bool(user_roles(user) & {role.value for role in CROSS_PORTFOLIO_ROLES})


def role_labels(user) -> list[str]:
    """Translated role names of ``user``, in the order of ``Role``."""
    names = user_roles(user)
    return [str(role.label) for role in Role if role.value in names]


@rules.predicate
def is_pmo(user) -> bool:
    return has_role(user, Role.PMO)


@rules.predicate
def has_a_role(user) -> bool:
    return has_any_role(user)


@rules.predicate
def manages_project(user, project) -> bool:
    """``user`` is the project's manager or one of its deputies."""
    if project is None or not user.is_authenticated:
        return False
    if project.manager_id == user.pk:
        return True
    deputy_ids = getattr(project, "deputy_ids", None)
    if deputy_ids is None:
        return project.deputies.filter(pk=user.pk).exists()
    return user.pk in deputy_ids


@rules.predicate
def sees_project(user, project) -> bool:
    """``project`` is inside ``user``'s reading scope (see the module docstring)."""
    if project is None or not user.is_authenticated:
        return False
    return type(project).objects.visible_to(user).filter(pk=project.pk).exists()


rules.add_perm("portfolios.access", has_a_role)
rules.add_perm("portfolios.view_project", sees_project)
rules.add_perm("portfolios.add_project", is_pmo)
rules.add_perm("portfolios.change_project", is_pmo | manages_project)
# Fields that shape the portfolio (code, portfolio, manager, sponsor, status) stay with the PMO.
rules.add_perm("portfolios.change_project_governance", is_pmo)


@rules.predicate
def manages_reported_project(user, item) -> bool:
    """For objects hanging off a project (reports, milestones, RAID items)."""
    if item is None:
        return False
    return manages_project(user, item.project)


@rules.predicate
def report_is_open(user, report) -> bool:
    return report is not None and report.status != "submitted"


# Tracking and reporting. Reading follows the project (404 outside the reader's scope).
# A PM writes the reports, milestones and RAID log of the projects they manage or deputise;
# nobody edits a submitted report until the PMO reopens it.
rules.add_perm("reporting.write_project", is_pmo | manages_project)  # obj: a project
rules.add_perm(
    "reporting.change_statusreport", (is_pmo | manages_reported_project) & report_is_open
)
rules.add_perm("reporting.reopen_statusreport", is_pmo)
rules.add_perm("reporting.change_raiditem", is_pmo | manages_reported_project)
rules.add_perm("reporting.view_dashboard", has_a_role)


# Resources and budgets.
@rules.predicate
def is_finance(user) -> bool:
    return has_role(user, Role.FINANCE)


@rules.predicate
def is_resource_manager(user) -> bool:
    return has_role(user, Role.RESOURCE_MANAGER)


@rules.predicate
def is_executive(user) -> bool:
    return has_role(user, Role.EXECUTIVE)


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
def manages_alerted_project(user, alert) -> bool:
    return alert is not None and manages_project(user, alert.project)


# Budgets of a project (obj: a project, already inside the reader's scope): the PMO, finance,
# its PM and deputies, and the executives of its portfolio.
rules.add_perm(
    "resources.view_budget", is_pmo | is_finance | manages_project | (is_executive & sees_project)
)
rules.add_perm("resources.change_budget", is_pmo | is_finance)  # budget lines and costs
rules.add_perm("resources.import_costs", is_pmo | is_finance)
rules.add_perm("resources.view_capacity", has_a_role)
rules.add_perm("resources.manage_resources", is_pmo | is_resource_manager)
rules.add_perm("resources.request_allocation", is_pmo | manages_project)  # obj: a project
rules.add_perm("resources.decide_allocation", is_pmo | manages_resource_team)  # obj: allocation
rules.add_perm("resources.view_alerts", is_pmo)
rules.add_perm("resources.acknowledge_alert", is_pmo | manages_alerted_project)
rules.add_perm("resources.close_alert", is_pmo)


# Steering committees. Reading a meeting (and downloading its packs) follows
# ``CopilMeeting.objects.visible_to`` (404 outside it): the PMO, attendees, members of the
# portfolio, the people of a project COPIL's project. The PMO plans meetings and sets up the
# packs; executives record decisions and generate packs of the meetings they see.
rules.add_perm("reporting.view_copil", has_a_role)
rules.add_perm("reporting.manage_copil", is_pmo)
rules.add_perm("reporting.record_decision", is_pmo | is_executive)  # obj: a meeting
rules.add_perm("reporting.generate_pack", is_pmo | is_executive)  # obj: a meeting


# Permissions the PMO gets only through the rules above (a submitted report is locked for
# everyone, PMO included, until reopened).
RULES_ONLY = frozenset({"reporting.change_statusreport"})


def require_role(user) -> None:
    """Area pages need one of the portal's roles (403 for a user without any)."""
    if not user.has_perm("portfolios.access"):
        raise PermissionDenied


class PMOBackend:
    """Grants every permission to active members of the PMO group ("PMO: everything")."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm not in RULES_ONLY and has_role(user_obj, Role.PMO)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return has_role(user_obj, Role.PMO)


class PasswordBackend(ModelBackend):
    """Signs users in with their password; permissions come from the rules above only.

    Django's model permissions (per user or group) are not used by the portal, so skipping
    them saves two queries on every page that checks a permission.
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()
