"""Rows of the permission matrix (tests/test_permissions.py), one module per page family.

Each module defines ``ROWS = {(url name, world attribute or None, method): row("…")}``.
"""

from tests.conftest import ROLE_NAMES

LOGIN = "login"  # anonymous visitors are redirected to the sign-in page


def row(spec: str) -> dict:
    """Expected status per role, in the order of ROLE_NAMES: anonymous, outsider, pmo, pm,
    executive, resource_manager, finance. ``L`` = redirect to the sign-in page."""
    codes = spec.split()
    assert len(codes) == len(ROLE_NAMES)
    return {
        role: LOGIN if code == "L" else int(code)
        for role, code in zip(ROLE_NAMES, codes, strict=True)
    }


def _resource(world):
    from tests.resources.factories_capacity import ResourceFactory, TeamFactory

    team = TeamFactory(name="Équipe Data", manager=world.users["resource_manager"])
    return ResourceFactory(name="Ressource Alpha", team=team)


def _alert(project_attribute: str):
    def build(world):
        from tests.resources.factories_alerts import AlertFactory

        return AlertFactory(project=getattr(world, project_attribute))

    return build


def _copil(portfolio_attribute: str):
    def build(world):
        from tests.reporting.factories_copil import CopilMeetingFactory

        portfolio = getattr(world, portfolio_attribute)
        return CopilMeetingFactory(title=f"COPIL {portfolio.name}", portfolio=portfolio)

    return build


def _decision(meeting_attribute: str, project_attribute: str):
    def build(world):
        from tests.reporting.factories_copil import CopilDecisionFactory

        return CopilDecisionFactory(
            meeting=world_object(world, meeting_attribute),
            project=getattr(world, project_attribute),
            text="Valider le budget du lot 2",
        )

    return build


def _pack(meeting_attribute: str):
    def build(world):
        from tests.reporting.factories_copil import done_pack

        return done_pack(world_object(world, meeting_attribute))

    return build


class UrlArgs(tuple):
    """A world object standing for URL arguments other than one primary key."""

    @property
    def url_args(self) -> tuple:
        return tuple(self)


def _reset_link(valid: bool):
    def build(world):
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        user = world.users["pm"]
        token = default_token_generator.make_token(user) if valid else "cw4x4g-0123456789abcdef"
        return UrlArgs((urlsafe_base64_encode(force_bytes(user.pk)), token))

    return build


def _staged(role: str, kind: str, header: bytes):
    def build(world):
        from resources.services.staging import stage_import

        return stage_import(
            owner=world.users[role], kind=kind, name="file.csv", file_format="csv", data=header
        )

    return build


# World objects the matrix builds when a row names them (see tests/conftest.py World).
ON_DEMAND = {
    "staged_costs": _staged("pmo", "costs", b"Date;N\xc2\xb0 pi\xc3\xa8ce;OTP;Montant\n"),
    "staged_allocations": _staged("pm", "allocations", b"Projet;Ressource;Mois;ETP\n"),
    "resource": _resource,
    "alert_a": _alert("project_a"),
    "alert_b": _alert("project_b"),
    "copil_a": _copil("p1"),
    "copil_b": _copil("p2"),
    "decision_a": _decision("copil_a", "project_a"),
    "decision_b": _decision("copil_b", "project_b"),
    "pack_a": _pack("copil_a"),
    "pack_b": _pack("copil_b"),
    "reset_link": _reset_link(valid=True),
    "stale_reset_link": _reset_link(valid=False),
}


def world_object(world, name: str):
    # Page families may register builders of their own in ON_DEMAND (a name the World
    # dataclass does not declare is then set on the world when first built).
    value = getattr(world, name, None)
    if value is None and name in ON_DEMAND:
        value = ON_DEMAND[name](world)
        setattr(world, name, value)
    return value
