"""Browser fixtures: a richer world, signed-in pages in French, and an axe-core runner.

The live server needs a transactional database: every test ends with a flush, which would
also remove the role groups created by a data migration. ``django_db_serialized_rollback``
restores the migrated content (groups, content types, permissions) before each test; see
``_serialized_contents_for_playwright`` for why that needs help under Playwright.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from pmo_portal.roles import Role
from portfolios.models import Project
from tests.portfolios.factories import (
    ContributionFactory,
    ObjectiveFactory,
    ProjectFactory,
    UserFactory,
)

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
SHOTS_DIR = Path(os.environ.get("E2E_SHOTS_DIR", "/tmp/e2e-shots"))  # noqa: S108 (for a human)


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_for_playwright(request, django_db_setup):
    """Keep Django's serialized rollback working once Playwright runs.

    Playwright's sync API leaves an asyncio loop running in the main thread, so Django's
    connections then live in ``contextvars`` storage: new connection objects without the
    ``_test_serialized_contents`` that the test database setup stored on the thread-local
    ones. Copy it over right after Playwright starts.
    """
    from django.db import connections

    saved = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    request.getfixturevalue("playwright")
    for alias, contents in saved.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _restore_migrated_data(django_db_serialized_rollback):
    """Each browser test starts from the migrated database (role groups included)."""


@pytest.fixture
def e2e_world(world):
    """The shared ``world`` plus what makes pages show all their parts: every health level,
    a status report, a sponsor and a deputy, objective contributions, a sub-objective and
    more than one page of projects."""
    sponsor = UserFactory(username="sponsor_user", roles=[Role.EXECUTIVE])
    deputy = UserFactory(username="deputy_pm", roles=[Role.PROJECT_MANAGER])
    Project.objects.filter(pk=world.project_a.pk).update(
        sponsor=sponsor,
        health_overall=2,
        health_schedule=1,
        health_budget=3,
        health_scope=4,
        health_resources=None,
        percent_complete=40,
        eac=Decimal("162500.00"),
        forecast_end=date(2027, 2, 15),
        status_date=date(2026, 5, 29),
        description="Refonte du portail client.\nDeux lots.",
        expected_benefits="Moins d'appels au support.",
    )
    world.project_a.refresh_from_db()
    world.project_a.deputies.add(deputy)
    for level in (1, 2, 3, 4):
        ProjectFactory(
            code=f"PRJ-H{level}",
            name=f"Projet météo {level}",
            portfolio=world.p1,
            manager=world.users["pm"],
            health_overall=level,
            status_date=date(2026, 5, 29),
        )
    ProjectFactory.create_batch(
        settings.PAGINATE_BY, portfolio=world.p1, status="proposed", manager=deputy
    )
    world.objective.description = "Axe stratégique de test."
    world.objective.owner = sponsor
    world.objective.horizon_start = date(2026, 1, 1)
    world.objective.horizon_end = date(2028, 12, 31)
    world.objective.save()
    child = ObjectiveFactory(code="OBJ-1.1", title="Sous-objectif", parent=world.objective)
    ContributionFactory(
        project=world.project_a, objective=world.objective, score=3, rationale="Levier majeur"
    )
    ContributionFactory(
        project=Project.objects.get(code="PRJ-H3"), objective=child, score=1, rationale="Indirect"
    )
    return world


@pytest.fixture
def french(context, live_server):
    """The browser asks for French through Django's language cookie."""
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url}]
    )


@pytest.fixture
def sign_in(context, live_server, e2e_world):
    """``sign_in("pmo")`` gives the browser context a session of that user (no form)."""

    def _sign_in(role: str):
        if role == "anonymous":
            return None
        user = e2e_world.users[role]
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return _sign_in


def run_axe(page) -> list[dict]:
    """Run axe-core on the current page; return every violation (all impacts)."""
    # Evaluated through the DevTools protocol: a <script> tag added to the page would be an
    # inline script, which the pages' Content-Security-Policy refuses.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html, summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"      - {node['target']}: {node['html'][:160]}")
            if node["summary"]:
                lines.extend(f"          {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)
