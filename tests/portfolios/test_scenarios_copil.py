"""The COPIL pack's "Proposed trade-offs": which scenario it shows, its rows, and its page
estimate equals the pages WeasyPrint prints (a wrong estimate costs a second rendering)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pmo_portal.registry import CopilScope
from portfolios.selectors.scenarios_copil import COPIL_SECTION, copil_pages, copil_read
from portfolios.services import scenarios as services
from portfolios.services import scenarios_commit as commit
from reporting.copil.data import read_pack
from tests.portfolios.test_scenarios_world import YEAR, candidate, scenario
from tests.reporting.copil_pack_helpers import page_texts, render
from tests.reporting.factories_copil import CopilMeetingFactory


def _solved(world, portfolio, *, limit, name="Plan 2027"):
    plan = scenario(world.users["pmo"], portfolio, limits={(YEAR, "capex"): limit}, name=name)
    return services.solve_scenario(scenario=plan, user=world.users["pmo"])


def _read(meeting):
    return copil_read(
        CopilScope(
            meeting=meeting,
            projects=None,
            project_ids=[],
            today=timezone.localdate(),
            language="fr",
        )
    )


def test_which_scenario_the_section_shows(world):
    meeting = CopilMeetingFactory(portfolio=world.p1)
    assert _read(meeting) is None  # no scenario: no section
    candidate(world.p1, "ARB-1", value=50, capex=10000)
    candidate(world.p1, "ARB-2", value=40, capex=10000)
    _solved(world, world.p2, limit=10000, name="Ailleurs")  # does not cover P1
    assert _read(meeting) is None
    north = _solved(world, world.north, limit=10000, name="Plan Nord")
    company = _solved(world, None, limit=10000, name="Plan groupe")
    assert _read(meeting)["scenario"] == company  # the latest solved one covering P1
    commit.commit_scenario(scenario=north, user=world.users["pmo"])
    _solved(world, None, limit=100000, name="Plus récent")
    data = _read(meeting)
    assert data["scenario"] == north  # a committed one wins over a later solved one
    assert data["committed"] is True
    rows = {row["code"]: row for row in data["rows"]}
    # Projects of P1 only (project A is active in P1; project B, in P2, is left out).
    assert set(rows) == {"ARB-1", "ARB-2", "PRJ-A"}
    assert rows["ARB-1"]["selected"] is True
    assert data["selected"]["count"] + data["dropped"]["count"] == 3
    project_meeting = CopilMeetingFactory(portfolio=None, project=world.project_a)
    assert _read(project_meeting) is None


@pytest.mark.parametrize(("projects", "pages"), [(4, 1), (45, 2)])
def test_section_pages_are_what_it_estimated(world, projects, pages):
    for index in range(projects):
        candidate(world.p1, f"ARB-{index:02d}", value=50 + index, capex=10000)
    _solved(world, world.north, limit=10000 * projects // 2)
    meeting = CopilMeetingFactory(
        portfolio=world.p1, scheduled_at=timezone.now() + timedelta(days=2)
    )
    rendered = render(meeting)
    keys = [section.key for section in rendered.sections]
    index = keys.index("portfolios-arbitrages")
    start = rendered.sections[index].first_page
    following = [s.first_page for s in rendered.sections[index + 1 :] if s.first_page > start]
    real = (following[0] if following else rendered.page_count + 1) - start
    _scope, read = read_pack(meeting, today=timezone.localdate(), sections=[COPIL_SECTION])
    ((_section, data),) = read
    assert copil_pages(data) == real == pages
    text = "\n".join(page_texts(rendered.pdf)[start - 1 : start - 1 + real])
    lines = [line for line in text.splitlines() if "ARB-" in line]
    assert len(lines) == projects  # one line per project, none wrapped
