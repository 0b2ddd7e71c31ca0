"""Roles and object rules (shared/DESIGN.md, "Who may do what").

Roles are Django groups created by a data migration. Lists are scoped by querysets
(``Project.objects.visible_to(user)``); single-object decisions use ``rules``
predicates. This module holds the roles and the predicates every app shares; each app
registers its own permissions from its ``rules.py`` (imported by its ``AppConfig.ready()``).
Predicates only read attributes of the objects they receive (``manager_id``,
``deputies``…), so this foundations module imports no app.

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
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import OuterRef
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


def member_portfolio_ids(user) -> frozenset[int]:
    """Ids of the portfolios ``user`` is a member of, cached on the user object like their
    roles (read with the user by ``load_user``, else one query per request)."""
    cached = getattr(user, "_pmo_member_portfolios", None)
    if cached is None:
        cached = frozenset(user.portfolios.values_list("pk", flat=True))
        user._pmo_member_portfolios = cached
    return cached


def load_user(user_id, *, active_only: bool = True):
    """The signed-in user of a request, with their role names and portfolio memberships read
    in the same query on PostgreSQL: one query instead of three on every page.

    The authentication backends' ``get_user`` (PasswordBackend, SSO) call it; on SQLite (the
    embedded demo) the roles and memberships are read on first use, as before.
    """
    user_model = get_user_model()
    queryset = user_model._default_manager.filter(pk=user_id)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        memberships = user_model.portfolios.through.objects.filter(user_id=OuterRef("pk"))
        queryset = queryset.annotate(
            pmo_role_names=ArraySubquery(Group.objects.filter(user=OuterRef("pk")).values("name")),
            pmo_member_portfolios=ArraySubquery(memberships.values("portfolio_id")),
        )
    user = queryset.first()
    if user is None or (active_only and not user.is_active):
        return None
    if hasattr(user, "pmo_role_names"):
        user._pmo_roles = frozenset(user.pmo_role_names)
        user._pmo_member_portfolios = frozenset(user.pmo_member_portfolios)
    return user


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
    if getattr(project, "seen_by_user_id", None) == user.pk:
        return True  # fetched through visible_to(user) (see get_project_for_user)
    return type(project).objects.visible_to(user).filter(pk=project.pk).exists()


@rules.predicate
def is_finance(user) -> bool:
    return has_role(user, Role.FINANCE)


@rules.predicate
def is_resource_manager(user) -> bool:
    return has_role(user, Role.RESOURCE_MANAGER)


@rules.predicate
def is_project_manager(user) -> bool:
    return has_role(user, Role.PROJECT_MANAGER)


@rules.predicate
def is_executive(user) -> bool:
    return has_role(user, Role.EXECUTIVE)


@rules.predicate
def manages_item_project(user, item) -> bool:
    """For objects hanging off a project (reports, milestones, RAID items, alerts...)."""
    if item is None:
        return False
    return manages_project(user, item.project)


# Permissions the PMO gets only through the apps' rules, not by being the PMO (e.g. a
# submitted report is locked for everyone, PMO included, until reopened). Apps add theirs
# from their rules.py with ``rules_only(...)``.
_RULES_ONLY: set[str] = set()


def rules_only(*perms: str) -> None:
    _RULES_ONLY.update(perms)


def require_role(user) -> None:
    """Area pages need one of the portal's roles (403 for a user without any)."""
    if not has_any_role(user):
        raise PermissionDenied


class PMOBackend:
    """Grants every permission to active members of the PMO group ("PMO: everything")."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm not in _RULES_ONLY and has_role(user_obj, Role.PMO)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return has_role(user_obj, Role.PMO)


# What a password sign-in records in the session: scripts that sign a user in without a
# password (force_login: the bench, the load test) name it, so that each request reads the
# user with their roles in one query, as after a real sign-in.
SIGN_IN_BACKEND = "pmo_portal.roles.PasswordBackend"


class PasswordBackend(ModelBackend):
    """Signs users in with their password; permissions come from the rules above only.

    Django's model permissions (per user or group) are not used by the portal, so skipping
    them saves two queries on every page that checks a permission.

    With ``LOCAL_LOGIN_ENABLED`` off (single sign-on only), only a superuser's password still
    signs in: the break-glass account for when the identity provider is down.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not (settings.LOCAL_LOGIN_ENABLED or user.is_superuser):
            return None
        return user

    def get_user(self, user_id):
        return load_user(user_id)

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()
