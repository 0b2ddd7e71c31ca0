"""The exceptions pack of a large scope (issue 16): above the PMO's threshold, a page only
for each project that needs the committee — each rule selects its project and the page says
why —, the others once in one appendix table, the rules printed, the data read in the same
number of queries whatever the size of the scope."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo_portal import registry
from portfolios.models import Project
from reporting.copil import document
from reporting.copil.data import read_pack
from reporting.copil.exceptions import KEY_SLIP_DAYS
from reporting.models import CopilSettings, DecisionStatus, RaidKind, RaidStatus
from reporting.periods import Frequency, period_containing
from resources.models import AlertKind, AlertStatus
from tests.portfolios.factories import PortfolioFactory, ProjectFactory
from tests.reporting.copil_helpers import PARIS
from tests.reporting.copil_pack_helpers import build_projects, page_texts, render
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilDecisionFactory, CopilMeetingFactory
from tests.resources.factories_alerts import AlertFactory

pytestmark = pytest.mark.usefixtures("english")

TODAY = date(2026, 6, 10)
MEETING_DAY = TODAY + timedelta(days=7)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=PARIS), tick=False)


def _project(portfolio, manager, code: str, name: str, *, health: int = 1, reports=(1,)):
    """A live project whose submitted reports declared ``reports`` (oldest first)."""
    project = ProjectFactory(portfolio=portfolio, manager=manager, code=code, name=name)
    period = period_containing(TODAY, Frequency.MONTHLY).previous()
    periods = [period]
    for _ in reports[1:]:
        periods.insert(0, periods[0].previous())
    for level, when in zip(reports, periods[: len(reports)], strict=True):
        StatusReportFactory(project=project, period=when, health_overall=level)
    Project.objects.filter(pk=project.pk).update(health_overall=health)
    project.refresh_from_db()
    return project


@pytest.fixture
def scope(world, clock):
    """A portfolio of eleven projects: one meeting each rule, three near misses, three quiet
    ones; its COPIL in a week."""
    portfolio = PortfolioFactory(name="Grand périmètre")
    pm = world.users["pm"]
    p = {}
    p["weather"] = _project(portfolio, pm, "EX-WEA", "Météo dégradée", health=3, reports=(1, 3))
    p["escalation"] = _project(portfolio, pm, "EX-ESC", "Escalade", health=2, reports=(2,))
    latest = p["escalation"].status_reports.get()
    latest.escalations = "Arbitrage demandé sur le lot 2."
    latest.save()
    p["overrun"] = _project(portfolio, pm, "EX-OVR", "Dépassement")
    AlertFactory(project=p["overrun"], period=TODAY.year, flagged_by_pm=False)
    p["milestone"] = _project(portfolio, pm, "EX-MIL", "Jalon en retard")
    MilestoneFactory(
        project=p["milestone"],
        baseline_date=TODAY - timedelta(days=20),
        forecast_date=TODAY - timedelta(days=2),  # overdue
    )
    p["slip"] = _project(portfolio, pm, "EX-SLP", "Jalon qui glisse")
    MilestoneFactory(
        project=p["slip"],
        baseline_date=TODAY + timedelta(days=10),
        forecast_date=TODAY + timedelta(days=11 + KEY_SLIP_DAYS),
    )
    p["decision"] = _project(portfolio, pm, "EX-DEC", "Décision COPIL")
    CopilDecisionFactory(
        meeting=CopilMeetingFactory(portfolio=portfolio, scheduled_at=_at(TODAY - timedelta(30))),
        project=p["decision"],
        status=DecisionStatus.IN_PROGRESS,
        due_date=MEETING_DAY,
    )
    p["raid"] = _project(portfolio, pm, "EX-RAI", "Décision RAID")
    RiskFactory(
        project=p["raid"], kind=RaidKind.DECISION, due_date=TODAY, probability=None, impact=None
    )
    # Near misses: better weather, a 20-day slip, a flagged and a closed alert, a decision
    # due after the meeting, a closed RAID decision.
    p["near"] = _project(portfolio, pm, "OK-NEAR", "Presque", health=1, reports=(3, 1))
    MilestoneFactory(
        project=p["near"],
        baseline_date=TODAY + timedelta(days=10),
        forecast_date=TODAY + timedelta(days=30),
    )
    AlertFactory(project=p["near"], period=TODAY.year, flagged_by_pm=True)
    AlertFactory(
        project=p["near"], period=TODAY.year, kind=AlertKind.PACE, status=AlertStatus.CLOSED
    )
    CopilDecisionFactory(
        meeting=CopilMeetingFactory(portfolio=portfolio, scheduled_at=_at(TODAY - timedelta(60))),
        project=p["near"],
        status=DecisionStatus.OPEN,
        due_date=MEETING_DAY + timedelta(days=1),
    )
    RiskFactory(
        project=p["near"],
        kind=RaidKind.DECISION,
        status=RaidStatus.CLOSED,
        due_date=TODAY,
        probability=None,
        impact=None,
    )
    p["quiet1"] = _project(portfolio, pm, "OK-Q1", "Tranquille un")
    p["quiet2"] = _project(portfolio, pm, "OK-Q2", "Tranquille deux", health=None, reports=())
    p["quiet3"] = _project(portfolio, pm, "OK-Q3", "Tranquille <b>trois</b> & co")
    meeting = CopilMeetingFactory(portfolio=portfolio, scheduled_at=_at(MEETING_DAY))
    return meeting, p


def _at(day: date) -> datetime:
    return datetime.combine(day, time(14), tzinfo=PARIS)


def _read(meeting, threshold: int):
    return read_pack(
        meeting, today=TODAY, sections=registry.copil_sections(), exceptions_over=threshold
    )


def _html(scope, read) -> str:
    pack = document.prepare(scope, read, CopilSettings.current())
    return document.html(pack, pack.parts, pages=None, total=None, first_page=None)


def _page_of(html: str, code: str) -> str:
    """The HTML of the project page of ``code``."""
    sections = re.findall(r'<section class="sec" id="project-\d+">.*?</section>', html, re.S)
    pages = [s for s in sections if f"{code} · " in s]
    assert len(pages) == 1, (code, len(pages))
    return pages[0]


def test_a_scope_up_to_the_threshold_gives_the_usual_pack(scope):
    meeting, projects = scope
    pack_scope, read = _read(meeting, threshold=len(projects))
    assert pack_scope.pack.exceptions is None
    assert len(pack_scope.pack.projects) == len(projects)
    keys = [section.key for section, _data in read]
    assert "exceptions" not in keys
    assert "appendix-others" not in keys
    assert "Selected:" not in _html(pack_scope, read)


def test_each_rule_selects_its_project_and_the_page_says_why(scope):
    meeting, _p = scope
    pack_scope, read = _read(meeting, threshold=10)
    data = pack_scope.pack
    assert data.exceptions.total == 11
    reasons = {s.project.code: s.reasons for s in data.projects}
    assert reasons == {
        "EX-WEA": ["worse weather"],
        "EX-ESC": ["escalation"],
        "EX-OVR": ["unflagged budget overrun"],
        "EX-MIL": ["key milestone slipping"],
        "EX-SLP": ["key milestone slipping"],
        "EX-DEC": ["decision due"],
        "EX-RAI": ["decision due"],
    }
    html = _html(pack_scope, read)
    assert "Selected: worse weather" in _page_of(html, "EX-WEA")
    assert "Selected: unflagged budget overrun" in _page_of(html, "EX-OVR")
    assert "Selected: decision due" in _page_of(html, "EX-RAI")
    # The selection page states every rule and how many projects each selected.
    assert "Projects selected for the committee" in html
    assert "more than the 10 above which the pack is an exceptions pack" in html
    assert f"more than {KEY_SLIP_DAYS} days after its baseline" in html
    assert "the latest submitted status report escalates or asks the committee" in html
    rules = re.search(r'<table class="t rules">.*?</table>', html, re.S).group(0)
    counts = re.findall(r'<td class="num">(\d+)</td>', rules)
    assert counts == ["1", "1", "1", "2", "2"]


def _listing(html: str) -> list[str]:
    """The lines of Appendix E's listing (every part, every page)."""
    parts = re.findall(r'<section class="sec" id="appendix-e-\d+">.*?</section>', html, re.S)
    blocks = [b for part in parts for b in re.findall(r"<pre>(.*?)</pre>", part, re.S)]
    return [line for block in blocks for line in block.split("\n")]


def test_the_other_projects_are_listed_once_in_one_table(scope):
    meeting, _p = scope
    pack_scope, read = _read(meeting, threshold=10)
    html = _html(pack_scope, read)
    lines = _listing(html)
    assert [line.split()[0] for line in lines] == ["OK-NEAR", "OK-Q1", "OK-Q2", "OK-Q3"]
    for code in ("OK-NEAR", "OK-Q1", "OK-Q2", "OK-Q3"):
        assert f"{code} · " not in html  # no page of its own
    assert "Other projects of the scope" in html
    assert "CODE         PROJECT" in html  # the header line of each page
    # Escaped in Python (the lines are built there), not interpreted.
    assert "Tranquille &lt;b&gt;trois&lt;/b&gt; &amp; co" in lines[3]
    near = lines[0]
    assert "● Sunny" in near
    assert "↗" in near
    assert "○ Not reported" in lines[2]  # OK-Q2 never reported


def _calendar_codes(data) -> set[str]:
    return {line.project_code for _month, lines in data.calendar for line in lines}


def test_pages_past_the_cap_go_to_a_table_in_order_of_severity(scope):
    meeting, p = scope
    # EX-WEA also escalates: two rules, the most severe.
    report = p["weather"].status_reports.order_by("-period_start").first()
    report.escalations = "Décision de repli."
    report.save()
    pack_scope, read = _read(meeting, threshold=10)
    data = pack_scope.pack
    assert data.projects[0].project.code == "EX-WEA"
    assert data.projects[0].reasons == ["worse weather", "escalation"]
    assert "EX-SLP" in _calendar_codes(data)
    pack_scope, read = _read(meeting, threshold=3)
    x = pack_scope.pack.exceptions
    assert next(s.project.code for s in pack_scope.pack.projects) == "EX-WEA"
    assert len(pack_scope.pack.projects) == 3
    assert x.selected == 7
    assert len(x.overflow) == 4
    # The milestone calendar follows the pages.
    assert _calendar_codes(pack_scope.pack) == set()
    html = _html(pack_scope, read)
    assert "Other projects to examine" in html
    lines = _listing(html)
    assert [line.split()[:2] for line in lines[:4]] == [
        [str(rank), row.code] for rank, row in enumerate(x.overflow, start=1)
    ]
    assert len(lines) == 4 + 4  # then the four projects that meet no rule
    for row in x.overflow:
        assert f"{row.code} · " not in html
        assert "✓" in next(line for line in lines if row.code in line)
    # Other apps' sections list the projects with a page, as the pack does.
    assert pack_scope.project_ids == [s.project.pk for s in pack_scope.pack.projects]


def test_the_pdf_says_why_each_project_is_there(scope, settings):
    meeting, _p = scope
    CopilSettings.objects.create(exceptions_over=6)
    settings.LANGUAGE_CODE = "en"
    meeting.language = "en"
    meeting.save()
    rendered = render(meeting)
    text = "\n".join(page_texts(rendered.pdf))
    assert "Selected: worse weather" in text
    assert "Projects selected for the committee" in text
    assert "Other projects to examine" in text
    assert "Appendix E" in text
    assert "OK-Q3" in text


def _lean_scope(count: int, world, *, start: int = 0):
    portfolio = PortfolioFactory(name=f"Scope {count}")
    build_projects(portfolio, count, manager=world.users["pm"], today=TODAY, start=start)
    return CopilMeetingFactory(portfolio=portfolio, scheduled_at=_at(MEETING_DAY))


def test_the_data_of_an_exceptions_pack_costs_the_same_queries_at_two_sizes(
    world, clock, django_assert_max_num_queries
):
    counts, selected = [], []
    for size, start in ((45, 0), (120, 45)):
        meeting = _lean_scope(size, world, start=start)
        with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as queries:
            pack_scope, _sections = _read(meeting, threshold=40)
        counts.append(len(queries))
        selected.append(pack_scope.pack.exceptions.selected)
        assert pack_scope.pack.exceptions.total == size
    assert counts[0] == counts[1]
    assert selected[1] > 40  # every other project escalates: the cap holds


def test_the_pmo_sets_the_threshold(client_for, world):
    url = reverse("reporting:copil_settings")
    page = client_for("pmo").get(url)
    assert "Exceptions pack above this many projects" in page.content.decode()
    data = {"organisation": "", "confidentiality": "", "days_before": "2", "version": "0"}
    response = client_for("pmo").post(url, {**data, "exceptions_over": "25"})
    assert response.status_code == 302
    assert CopilSettings.current().exceptions_over == 25
    response = client_for("pmo").post(url, {**data, "exceptions_over": "0", "version": "1"})
    assert response.status_code == 200
    assert "exceptions_over" in response.context["form"].errors
    assert CopilSettings().exceptions_over == 40
