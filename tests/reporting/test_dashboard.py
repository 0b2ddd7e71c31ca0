"""The PMO dashboard: its figures on a small hand-built portfolio, filters, scope per role,
and the lists behind every figure (drill-down)."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolios.models import ProjectStatus
from reporting.models import MilestoneStatus, RaidKind, RaidStatus
from reporting.services.reports import current_period
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory

DASH = reverse("reporting:dashboard")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LONG_AGO = date(2020, 1, 1)


def get(client, url, params=None):
    response = client.get(url, params or {}, **EN)
    assert response.status_code == 200
    return response


def board_for(client, **params):
    return get(client, DASH, params).context["board"]


@pytest.fixture
def portfolio(world):
    """World (A and B, see tests/conftest.py) plus projects C…H with a known story.

    A: not published (no declared health), draft this period, submitted last period.
    B: not published, submitted last period.
    C (P1): cloudy→… sunny two periods ago, rainy last period: got worse; missing this period.
    D (P2): stormy, never reported: missing and late.
    E (P2): rainy two periods ago, sunny last period and this period: better, up to date.
    F closed, G archived, H proposed: outside the default scope.
    """
    today = timezone.localdate()
    this = current_period(world.project_a)
    last, before = this.previous(), this.previous().previous()
    c = ProjectFactory(
        code="PRJ-C",
        portfolio=world.p1,
        health_overall=3,
        status_date=last.end,
        planned_start=LONG_AGO,
    )
    d = ProjectFactory(code="PRJ-D", portfolio=world.p2, health_overall=4, planned_start=LONG_AGO)
    e = ProjectFactory(
        code="PRJ-E",
        portfolio=world.p2,
        health_overall=1,
        status_date=this.end,
        planned_start=LONG_AGO,
    )
    f = ProjectFactory(
        code="PRJ-F", portfolio=world.p2, status=ProjectStatus.CLOSED, health_overall=4
    )
    ProjectFactory(code="PRJ-G", portfolio=world.p2, is_archived=True, health_overall=4)
    ProjectFactory(code="PRJ-H", portfolio=world.p1, status=ProjectStatus.PROPOSED)
    StatusReportFactory(project=c, period=before, health_overall=1)
    StatusReportFactory(project=c, period=last, health_overall=3)
    StatusReportFactory(project=e, period=before, health_overall=3)
    StatusReportFactory(project=e, period=last, health_overall=1)
    StatusReportFactory(project=e, period=this, health_overall=1)
    StatusReportFactory(project=f, period=last, health_overall=4)

    MilestoneFactory(
        project=c,
        name="Held",
        baseline_date=today + timedelta(200),
        forecast_date=today + timedelta(200),
    )
    MilestoneFactory(
        project=c,
        name="Done",
        baseline_date=today - timedelta(10),
        forecast_date=today - timedelta(10),
        actual_date=today - timedelta(10),
        status=MilestoneStatus.ACHIEVED,
    )
    MilestoneFactory(
        project=d,
        name="Slipped far",
        baseline_date=today + timedelta(100),
        forecast_date=today + timedelta(150),
    )
    MilestoneFactory(
        project=e,
        name="Overdue",
        baseline_date=today - timedelta(20),
        forecast_date=today - timedelta(5),
    )
    MilestoneFactory(
        project=e,
        name="Dropped",
        baseline_date=today,
        forecast_date=today + timedelta(5),
        status=MilestoneStatus.CANCELLED,
    )
    MilestoneFactory(project=f, name="Closed project's", forecast_date=today + timedelta(3))

    RiskFactory(project=c, title="Top", probability=4, impact=4)
    RiskFactory(project=d, title="Low", probability=1, impact=1)
    RiskFactory(project=e, title="Handled", probability=4, impact=4, status=RaidStatus.CLOSED)
    RiskFactory(project=e, title="Watched", probability=2, impact=3, status=RaidStatus.IN_PROGRESS)
    RiskFactory(project=e, kind=RaidKind.ISSUE, title="An issue", probability=None, impact=None)
    RiskFactory(project=f, title="Closed project's risk", probability=4, impact=4)
    return {"this": this, "last": last, "before": before, "today": today}


def test_health_counts_and_total(client_for, portfolio):
    board = board_for(client_for("pmo"))
    assert board.total == 5  # A B C D E
    assert board.health == {1: 1, 2: 0, 3: 1, 4: 1, None: 2}
    assert board.in_difficulty == 2


def test_missing_and_late_reports(client_for, portfolio):
    board = board_for(client_for("pmo"))
    assert board.expected == 5
    assert board.missing == 4  # A (draft only), B, C, D; E submitted
    assert board.late == 1  # D: nothing for last period


def test_missing_list_shows_drafts_and_the_period(client_for, portfolio):
    client = client_for("pmo")
    url = reverse("reporting:missing_reports")
    rows = get(client, url).context["rows"]
    assert [p.code for p in rows] == ["PRJ-A", "PRJ-C", "PRJ-B", "PRJ-D"]
    assert {p.code: p.gap_report for p in rows}["PRJ-A"] == "draft"
    assert {p.gap_start for p in rows} == {portfolio["this"].start}
    late = get(client, url, {"which": "late"}).context["rows"]
    assert [p.code for p in late] == ["PRJ-D"]
    assert late[0].gap_start == portfolio["last"].start


def test_weekly_portfolio_owes_weekly_reports(client_for, world, portfolio):
    """Periods follow each portfolio's policy: a report of last month does not cover this
    week."""
    from reporting.models import ReportingPolicy
    from reporting.periods import Frequency, period_containing

    ReportingPolicy.objects.create(portfolio=world.south, frequency=Frequency.WEEKLY)
    week = period_containing(portfolio["today"], Frequency.WEEKLY)
    StatusReportFactory(project=world.project_b, period=week)
    if week.start == portfolio["this"].start:
        pytest.skip("this week starts on the 1st: E's monthly report has the same start")
    board = board_for(client_for("pmo"))
    # B reported this week; E's monthly report does not count for its week; D never reported.
    assert board.missing == 4  # A, C (monthly), D, E (weekly)
    url = reverse("reporting:missing_reports")
    rows = get(client_for("pmo"), url).context["rows"]
    assert {p.code: p.gap_start for p in rows}["PRJ-E"] == week.start


def test_milestones_due_or_slipped(client_for, world, portfolio):
    board = board_for(client_for("pmo"))
    assert board.milestones == {"all": 4, "due": 3, "overdue": 1, "slipped": 4}
    assert [m.name for m in board.milestone_rows] == [
        "Overdue",
        "Go-live Alpha",
        "Go-live Bravo",
        "Slipped far",
    ]
    assert [m.slip_days for m in board.milestone_rows] == [15, 10, 10, 50]


@pytest.mark.parametrize(
    ("show", "names"),
    [
        ("all", ["Overdue", "Go-live Alpha", "Go-live Bravo", "Slipped far"]),
        ("due", ["Overdue", "Go-live Alpha", "Go-live Bravo"]),
        ("overdue", ["Overdue"]),
        ("slipped", ["Overdue", "Go-live Alpha", "Go-live Bravo", "Slipped far"]),
        ("nonsense", ["Overdue", "Go-live Alpha", "Go-live Bravo", "Slipped far"]),
    ],
)
def test_milestone_list(client_for, portfolio, show, names):
    response = get(client_for("pmo"), reverse("reporting:milestones"), {"show": show})
    assert [m.name for m in response.context["rows"]] == names
    assert b"+15" in response.content  # the overdue milestone's slip, in every view


def test_top_risks_by_exposure(client_for, world, portfolio):
    board = board_for(client_for("pmo"))
    assert board.risks == {"open": 5, "critical": 3}
    assert [r.title for r in board.risk_rows] == [
        "Top",
        "Risque Alpha",
        "Risque Bravo",
        "Watched",
        "Low",
    ]
    rows = get(client_for("pmo"), reverse("reporting:top_risks")).context["rows"]
    assert [r.title for r in rows] == [r.title for r in board.risk_rows]


def test_top_ten_only_on_the_dashboard(client_for, world, portfolio):
    for n in range(12):
        RiskFactory(project=world.project_a, title=f"Extra {n}", probability=3, impact=3)
    board = board_for(client_for("pmo"))
    assert len(board.risk_rows) == 10
    assert board.risks["open"] == 17
    response = get(client_for("pmo"), reverse("reporting:top_risks"))
    assert response.context["page_obj"].paginator.count == 17


def test_projects_worse_than_their_previous_report(client_for, portfolio):
    board = board_for(client_for("pmo"))
    assert board.worse == 1
    assert [(p.code, p.previous_health, p.health_overall) for p in board.worse_rows] == [
        ("PRJ-C", 1, 3)
    ]
    rows = get(client_for("pmo"), reverse("reporting:health_worse")).context["rows"]
    assert [p.code for p in rows] == ["PRJ-C"]


def test_health_trend_counts_each_months_report(client_for, world, portfolio):
    board = board_for(client_for("pmo"))
    assert len(board.trend) == 12
    assert board.trend_months[-1] == portfolio["this"].start
    before, last, this = board.trend[-3:]
    assert {k: v for k, v in before.items() if v and k} == {1: 1, 3: 1}  # C sunny, E rainy
    assert {k: v for k, v in last.items() if v and k} == {1: 1, 2: 2, 3: 1}  # E, A+B, C
    assert {k: v for k, v in this.items() if v and k} == {1: 1}  # E; A is a draft
    assert this[None] == 4  # the others have not reported yet this month
    assert board.in_difficulty_last_month == 1
    assert board.in_difficulty_change == 1
    response = get(client_for("pmo"), DASH)
    assert b"1 more than last month" in response.content


def test_trend_counts_the_report_covering_the_months_end(client_for, world, portfolio):
    """Weekly reporting: the week holding the month's last day speaks for the month."""
    from reporting.periods import Frequency, period_containing

    closing = period_containing(portfolio["last"].end, Frequency.WEEKLY)
    project = ProjectFactory(code="PRJ-W", portfolio=world.p1, planned_start=LONG_AGO)
    StatusReportFactory(project=project, period=closing.previous(), health_overall=4)
    StatusReportFactory(project=project, period=closing, health_overall=2)
    last = board_for(client_for("pmo")).trend[-2]
    assert {k: v for k, v in last.items() if v and k} == {1: 1, 2: 3, 3: 1}  # + W, cloudy


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"portfolio": "north"}, {"PRJ-A", "PRJ-C"}),
        ({"portfolio": "p2"}, {"PRJ-B", "PRJ-D", "PRJ-E"}),
        ({"portfolio": "company"}, {"PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D", "PRJ-E"}),
        ({"health": ["3"]}, {"PRJ-C"}),
        ({"health": ["none", "4"]}, {"PRJ-A", "PRJ-B", "PRJ-D"}),
        ({"status": ["closed"]}, {"PRJ-F"}),
        (
            {"status": ["proposed", "active"]},
            {"PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D", "PRJ-E", "PRJ-H"},
        ),
    ],
)
def test_filters_narrow_every_figure(client_for, world, portfolio, params, codes):
    if "portfolio" in params:
        params = {"portfolio": getattr(world, params["portfolio"]).pk}
    client = client_for("pmo")
    board = board_for(client, **params)
    assert board.total == len(codes)
    worse = get(client, reverse("reporting:health_worse"), params).context["rows"]
    assert {p.code for p in worse} <= codes
    gaps = get(client, reverse("reporting:missing_reports"), params).context["rows"]
    assert {p.code for p in gaps} <= codes


def test_filters_by_manager_type_and_domain(client_for, world, portfolio):
    client = client_for("pmo")
    assert board_for(client, manager=world.users["pm"].pk).total == 1  # A
    assert board_for(client, project_type=world.project_b.project_type_id).total == 1
    assert board_for(client, business_domain=world.project_a.business_domain_id).total == 1


def test_portfolio_dashboard_is_named_after_its_node(client_for, world, portfolio):
    response = get(client_for("pmo"), DASH, {"portfolio": world.north.pk})
    assert response.context["scope_name"] == "BU Nord"
    assert b"Dashboard: BU Nord" in response.content
    assert b"Dashboard: Whole company" in get(client_for("pmo"), DASH).content


def test_an_unknown_portfolio_is_a_field_error_not_a_crash(client_for, portfolio):
    response = get(client_for("pmo"), DASH, {"portfolio": "999999"})
    assert response.context["filter"].form.errors["portfolio"]
    assert response.context["board"].total == 5


@pytest.mark.parametrize(
    ("role", "codes", "risks"),
    [
        ("pm", {"PRJ-A", "PRJ-C"}, ["Top", "Risque Alpha"]),  # P1: managed and neighbours
        ("executive", {"PRJ-A", "PRJ-C"}, ["Top", "Risque Alpha"]),  # member of BU North
        ("resource_manager", {"PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D", "PRJ-E"}, None),
        ("finance", {"PRJ-A", "PRJ-B", "PRJ-C", "PRJ-D", "PRJ-E"}, None),
    ],
)
def test_each_role_sees_its_scope(client_for, portfolio, role, codes, risks):
    client = client_for(role)
    board = board_for(client)
    assert board.total == len(codes)
    listed = get(client, reverse("reporting:missing_reports")).context["rows"]
    assert {p.code for p in listed} <= codes
    milestones = get(client, reverse("reporting:milestones")).context["rows"]
    assert {m.project.code for m in milestones} <= codes
    if risks:
        assert [r.title for r in board.risk_rows] == risks
    # Picking a portfolio outside the scope shows nothing of it.
    south = board_for(client, portfolio=portfolio_south(client))
    if role in {"pm", "executive"}:
        assert south.total == 0
        assert south.risk_rows == []


def portfolio_south(client):
    from portfolios.models import Portfolio

    return Portfolio.objects.get(name="BU Sud").pk


def test_outsider_and_anonymous(client_for, world):
    assert client_for("anonymous").get(DASH).status_code == 302
    assert client_for("outsider").get(DASH).status_code == 403


def test_empty_scope_explains_itself(client_for, world):
    from portfolios.models import Project
    from reporting.models import Milestone, RaidItem

    RaidItem.objects.all().delete()
    Milestone.objects.all().delete()
    Project.objects.update(status=ProjectStatus.CLOSED)
    response = get(client_for("pmo"), DASH)
    board = response.context["board"]
    assert board.total == 0
    assert b"No open risk in this scope." in response.content
    assert b"No project to chart." in response.content


def _counts(client, url):
    response = get(client, url)
    return response.context["page_obj"].paginator.count


def test_every_figure_links_to_the_list_behind_it(client_for, world, portfolio):
    """Follow each drill-down link of the dashboard: the list counts the same items."""
    client = client_for("pmo")
    params = {"portfolio": world.company.pk}
    response = get(client, DASH, params)
    board, links = response.context["board"], response.context["links"]
    html = response.content.decode()
    for row in response.context["health_rows"]:
        assert row["url"].replace("&", "&amp;") in html
        assert _counts(client, row["url"]) == row["count"]
        query = parse_qs(urlparse(row["url"]).query)
        assert query["portfolio"] == [str(world.company.pk)]
    expected = {
        "projects": board.total,
        "in_difficulty": board.in_difficulty,
        "missing": board.missing,
        "late": board.late,
        "milestones": board.milestones["all"],
        "milestones_due": board.milestones["due"],
        "milestones_overdue": board.milestones["overdue"],
        "milestones_slipped": board.milestones["slipped"],
        "risks": board.risks["open"],
        "worse": board.worse,
    }
    for name, count in expected.items():
        assert links[name].replace("&", "&amp;") in html, name
        assert _counts(client, links[name]) == count, name
    assert reverse("portfolios:project_detail", args=[world.project_a.pk]) in html


def test_drill_down_links_keep_large_ids_unformatted(client_for, world, portfolio):
    """USE_THOUSAND_SEPARATOR must never reach a query string ("1 105")."""
    from portfolios.models import Portfolio

    big = Portfolio.objects.create(pk=12345, name="Grand portefeuille", parent=world.company)
    ProjectFactory(code="PRJ-BIG", portfolio=big)
    response = client_for("pmo").get(DASH, {"portfolio": big.pk}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "portfolio=12345" in response.context["links"]["projects"]
    assert "portfolio=12345" in response.content.decode()


def test_budget_block_stays_hidden_until_budgets_exist(client_for, portfolio):
    response = get(client_for("pmo"), DASH)
    assert b'id="h-budget"' not in response.content
    block = client_for("pmo").get(reverse("reporting:dashboard_budget"))
    assert block.context["budget"] is None
    assert b'id="h-budget"' not in block.content


def test_charts_are_inline_svg(client_for, portfolio):
    html = get(client_for("pmo"), DASH).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "Sunny: 1 / 5" in html  # a distribution segment's title


def test_lists_are_get_only(client_for, world):
    client = client_for("pmo")
    for name in ["dashboard", "missing_reports", "milestones", "top_risks", "health_worse"]:
        assert client.post(reverse(f"reporting:{name}")).status_code == 405


def test_drill_down_from_the_unfiltered_dashboard_stays_unfiltered(client_for, portfolio):
    client = client_for("pmo")
    links = get(client, DASH).context["links"]
    assert "status=" in links["projects"]  # the project list shows every status by default
    assert "?" not in links["risks"]
    assert get(client, links["missing"]).context["filter"].is_filtered is False


def test_an_old_worsening_is_not_news(client_for, world, portfolio):
    """A project whose latest report is months old is a missing report, not a worsening."""
    from portfolios.models import Project

    Project.objects.filter(code="PRJ-C").update(status_date=portfolio["before"].end)
    StatusReportFactory(
        project=Project.objects.get(code="PRJ-C"),
        period=portfolio["before"].previous(),
        health_overall=1,
    )
    assert board_for(client_for("pmo")).worse == 0


def _queries(client) -> tuple[int, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        trend = board_for(client).trend
    return len(ctx.captured_queries), trend


def test_trend_is_cached_until_a_report_or_project_changes(client_for, world, portfolio):
    client = client_for("pmo")
    cold, trend = _queries(client)
    warm, again = _queries(client)
    assert again == trend
    # The year of reports is not read again (nor the filter form's four choice lists).
    assert warm == cold - 5
    # A report submitted for last month (a late one): the trend shows it at once.
    from portfolios.models import Project

    d = Project.objects.get(code="PRJ-D")
    StatusReportFactory(project=d, period=portfolio["last"], health_overall=4)
    after_report = _queries(client)[1]
    assert after_report[-2][4] == trend[-2][4] + 1
    # A project closed through a save leaves the scope, and its history the trend.
    c = Project.objects.get(code="PRJ-C")
    c.status = ProjectStatus.CLOSED
    c.save()
    after_close = _queries(client)[1]
    assert after_close[-2][3] == after_report[-2][3] - 1
