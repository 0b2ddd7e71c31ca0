"""Shared fixtures: one user per role plus an outsider, and a small portfolio world.

World: company → BU North → portfolio P1 (project A, managed by ``pm``) and
company → BU South → portfolio P2 (project B, managed by another PM).
The executive is a member of BU North, so reads A (through P1) but not B.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from pmo_portal.roles import Role
from tests.portfolios.factories import (
    ObjectiveFactory,
    PortfolioFactory,
    ProjectFactory,
    UserFactory,
)


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (content types, permissions, role
    groups) instead of recreating it: the flush after a plain transactional test emits
    post_migrate, which recreates content types under new keys, and a later test with
    serialized rollback (the browser tests) then fails to load its copy over them
    ("duplicate key ... django_content_type"), depending on the order tests run in."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


_TERMINAL_SUMMARIES: list[str] = []


def pytest_runtest_logreport(report):
    """A test's ``record_property("terminal_summary", text)`` is shown at the end of the run
    (the schemathesis run's figures, tests/api/test_schemathesis.py); pytest-xdist hands the
    workers' reports, properties included, to the process that prints."""
    if report.when == "call":
        _TERMINAL_SUMMARIES.extend(
            value for name, value in report.user_properties if name == "terminal_summary"
        )


def pytest_terminal_summary(terminalreporter):
    for text in _TERMINAL_SUMMARIES:
        terminalreporter.write_sep("=", "summary")
        terminalreporter.write_line(text)


ROLE_NAMES = ["anonymous", "outsider", "pmo", "pm", "executive", "resource_manager", "finance"]


@dataclass
class World:
    users: dict
    company: object
    north: object
    south: object
    p1: object
    p2: object
    project_a: object
    project_b: object
    objective: object
    report_a: object = None  # project A, previous period, submitted
    draft_a: object = None  # project A, current period, draft
    report_b: object = None  # project B, previous period, submitted
    milestone_a: object = None
    milestone_b: object = None
    risk_a: object = None
    risk_b: object = None
    # Built on demand by the permission matrix only (tests/permission_rows/__init__.py), so
    # that tests counting resources or alerts start from none.
    resource: object = None
    alert_a: object = None
    alert_b: object = None
    copil_a: object = None  # a steering committee of P1 (the executive sees it, through North)
    copil_b: object = None  # one of P2
    decision_a: object = None
    decision_b: object = None
    pack_a: object = None  # done packs, their PDF stored in the test's MEDIA_ROOT
    pack_b: object = None
    staged_costs: object = None  # a finance file in preview, uploaded by ``pmo``
    staged_allocations: object = None  # an allocation file in preview, uploaded by ``pm``
    reset_link: object = None  # the URL arguments of a valid password reset link of ``pm``
    stale_reset_link: object = None  # and of one whose token no longer works


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"  # files the world stores (COPIL packs) go there
    return build_world()


def build_world() -> World:
    """Two business units, a portfolio each, a project each, and a user per role (the
    ``world`` fixture; tests/test_permissions.py builds it once per module)."""
    users = {
        "outsider": UserFactory(username="outsider"),
        "pmo": UserFactory(username="pmo_user", roles=[Role.PMO]),
        "pm": UserFactory(username="pm_user", roles=[Role.PROJECT_MANAGER]),
        "executive": UserFactory(username="exec_user", roles=[Role.EXECUTIVE]),
        "resource_manager": UserFactory(username="rm_user", roles=[Role.RESOURCE_MANAGER]),
        "finance": UserFactory(username="fin_user", roles=[Role.FINANCE]),
    }
    other_pm = UserFactory(username="other_pm", roles=[Role.PROJECT_MANAGER])
    company = PortfolioFactory(name="Compagnie")
    north = PortfolioFactory(name="BU Nord", parent=company)
    south = PortfolioFactory(name="BU Sud", parent=company)
    p1 = PortfolioFactory(name="Portefeuille Nord 1", parent=north)
    p2 = PortfolioFactory(name="Portefeuille Sud 1", parent=south)
    north.members.add(users["executive"])
    project_a = ProjectFactory(code="PRJ-A", name="Projet Alpha", portfolio=p1, manager=users["pm"])
    project_b = ProjectFactory(code="PRJ-B", name="Projet Bravo", portfolio=p2, manager=other_pm)
    objective = ObjectiveFactory(code="OBJ-1", title="Objectif un")
    world = World(users, company, north, south, p1, p2, project_a, project_b, objective)
    _add_reporting(world, other_pm)
    return world


def _add_reporting(world: World, other_pm) -> None:
    """Reports, milestones and risks of projects A and B (see tests/reporting/factories)."""
    from reporting.services.reports import current_period
    from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory

    period = current_period(world.project_a)
    previous = period.previous()
    world.report_a = StatusReportFactory(
        project=world.project_a, period=previous, submitted_by=world.users["pm"]
    )
    world.draft_a = StatusReportFactory(project=world.project_a, period=period, draft=True)
    world.report_b = StatusReportFactory(
        project=world.project_b, period=previous, submitted_by=other_pm
    )
    world.milestone_a = MilestoneFactory(project=world.project_a, name="Go-live Alpha")
    world.milestone_b = MilestoneFactory(project=world.project_b, name="Go-live Bravo")
    world.risk_a = RiskFactory(project=world.project_a, title="Risque Alpha")
    world.risk_b = RiskFactory(project=world.project_b, title="Risque Bravo")


@pytest.fixture
def client_for(client, world):
    """``client_for("pm")`` returns the test client signed in as that role (or anonymous)."""

    def _client(role: str):
        if role != "anonymous":
            # As a password sign-in records it (the backend reads roles with the user).
            client.force_login(world.users[role], backend="pmo_portal.roles.PasswordBackend")
        return client

    return _client


@pytest.fixture
def fresh_heartbeat(db):
    from pmo_portal.services import record_heartbeat

    return record_heartbeat(at=timezone.now())


# --- Playwright in Debian's chromium (Playwright's own download does not work here) --------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def plugin_app(settings):
    """Installs the throw-away app tests/plugin_app (and its URLs) for one test, as a new app
    would be installed: INSTALLED_APPS and the root URLs, nothing else."""
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.plugin_app"]
    settings.ROOT_URLCONF = "tests.plugin_app.root_urls"
