"""Each role's cockpit on the home page (issue 14): every count card shows the number of rows
of the list it links to, for the same user; at zero it says so positively; the home page
costs the same number of queries at 5 and 40 projects."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import CopilMeeting, DecisionStatus, MeetingStatus
from reporting.periods import Frequency, period_containing
from resources.models import AlertStatus, AllocationStatus
from tests.portfolios.factories import ProjectFactory
from tests.reporting.copil_helpers import valid_html
from tests.reporting.factories import StatusReportFactory
from tests.reporting.factories_copil import (
    CopilDecisionFactory,
    CopilMeetingFactory,
    done_pack,
)
from tests.resources.factories_alerts import AlertFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory

EN = {"accept-language": "en"}
TODAY = date(2026, 11, 18)  # a Wednesday: this period is November, the last one October
PMO_CARDS = [
    "reports-missing",
    "reports-late",
    "alerts-unflagged",
    "allocations-waiting",
    "packs-due",
    "health-worse",
    "decisions-overdue",
]


@pytest.fixture
def clock(time_machine):
    paris = ZoneInfo("Europe/Paris")
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=paris), tick=False)


@pytest.fixture
def cockpit(clock, world):
    """Besides the world (A: a draft this period; B: nothing this period — both missing),
    ``grow(world, 1)``; and R, in P1, stormy in November after a cloudy October."""
    grow(world, 1)
    november = period_containing(TODAY, Frequency.MONTHLY)
    stormy = ProjectFactory(
        portfolio=world.p1,
        manager=world.project_b.manager,
        health_overall=4,
        status_date=november.end,
    )
    StatusReportFactory(project=stormy, period=november.previous(), health_overall=2)
    StatusReportFactory(project=stormy, period=november, health_overall=4)
    return world


def grow(world, n: int) -> None:
    """``n`` times, in P1: a project C that reported nothing for two periods (missing and
    late), W that declared a rainy October after a sunny September; two open alerts not
    flagged by their PM (one flagged, one closed); two allocation requests (one approved);
    a COPIL in three days without a ready pack, one cancelled, one in ten days, and in P2
    one with its pack; a COPIL held ten days ago (the PM attended) whose decisions are:
    overdue (the executive's), due in five days (the PM's), due in a month (the
    executive's), done though past its date."""
    template = ProjectFactory.build()
    template.business_domain.save()
    template.project_type.save()
    shared = {
        "business_domain": template.business_domain,
        "project_type": template.project_type,
        "manager": world.project_b.manager,
    }
    october = period_containing(TODAY, Frequency.MONTHLY).previous()
    september = october.previous()
    resource = ResourceFactory()
    paris = ZoneInfo("Europe/Paris")
    executive, pm = world.users["executive"], world.users["pm"]
    start = CopilMeeting.objects.count()  # one minute apart: one COPIL per portfolio and time
    for i in range(start, start + n):
        silent = ProjectFactory(portfolio=world.p1, **shared)
        worse = ProjectFactory(
            portfolio=world.p1, health_overall=3, status_date=october.end, **shared
        )
        StatusReportFactory(project=worse, period=september, health_overall=1)
        StatusReportFactory(project=worse, period=october, health_overall=3)
        AlertFactory(project=silent)
        AlertFactory(project=worse)
        AlertFactory(project=worse, flagged_by_pm=True, period=2025)
        AlertFactory(project=silent, status=AlertStatus.CLOSED, period=2025)
        AllocationFactory(project=silent, resource=resource)
        AllocationFactory(project=worse, resource=resource, month=date(2026, 12, 1))
        AllocationFactory(
            project=worse,
            resource=resource,
            month=date(2027, 1, 1),
            status=AllocationStatus.APPROVED,
        )
        in_three_days = datetime.combine(
            TODAY + timedelta(days=3), time(14), tzinfo=paris
        ) + timedelta(minutes=i)
        CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_three_days)
        done_pack(CopilMeetingFactory(portfolio=world.p2, scheduled_at=in_three_days))
        CopilMeetingFactory(
            portfolio=world.p1,
            scheduled_at=in_three_days + timedelta(hours=2),
            status=MeetingStatus.CANCELLED,
        )
        CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_three_days + timedelta(days=7))
        held = CopilMeetingFactory(
            portfolio=world.p1,
            scheduled_at=in_three_days - timedelta(days=13),
            status=MeetingStatus.HELD,
            attendees=[pm],
        )
        for owner, days, status in (
            (executive, -2, DecisionStatus.OPEN),
            (pm, 5, DecisionStatus.IN_PROGRESS),
            (executive, 30, DecisionStatus.OPEN),
            (executive, -5, DecisionStatus.DONE),
        ):
            CopilDecisionFactory(
                meeting=held, owner=owner, due_date=TODAY + timedelta(days=days), status=status
            )


def cards(response) -> dict[str, dict]:
    return {item["panel"]["key"]: item["panel"] for item in response.context["cards"]}


def rows_of(client, url: str) -> int:
    """The number of rows the list page at ``url`` shows (all its pages)."""
    response = client.get(url, headers=EN)
    assert response.status_code == 200, url
    valid_html(response)
    page_obj = response.context.get("page_obj")
    return page_obj.paginator.count if page_obj is not None else response.context["count"]


def test_pmo_cockpit_counts_are_the_rows_of_the_linked_lists(cockpit, client_for):
    client = client_for("pmo")
    response = client.get(reverse("home"), headers=EN)
    shown = cards(response)
    assert list(shown) == PMO_CARDS
    valid_html(response)
    expected = {
        "reports-missing": 4,  # A, B, C, W (R reported in November)
        "reports-late": 1,  # C
        "alerts-unflagged": 2,
        "allocations-waiting": 2,
        "packs-due": 1,
        "health-worse": 2,  # W (sunny → rainy), R (cloudy → stormy)
        "decisions-overdue": 1,
    }
    assert {key: card["count"] for key, card in shown.items()} == expected
    page = response.content.decode()
    for key, card in shown.items():
        assert rows_of(client, card["url"]) == card["count"], key
        assert f'href="{card["url"].replace("&", "&amp;")}" data-count="{card["count"]}"' in page
    assert "4 reports missing: remind their project managers." in page
    assert "1 report of last period was never submitted: escalate to its sponsor." in page


def test_an_empty_cockpit_says_nothing_is_waiting(clock, world, client_for):
    client = client_for("pmo")
    # Every project of the world reports this period and the last.
    for project in (world.project_a, world.project_b):
        project.status_reports.filter(status="draft").delete()
        StatusReportFactory(project=project)
    response = client.get(reverse("home"), headers=EN)
    shown = cards(response)
    assert all(card["count"] == 0 for card in shown.values()), shown
    page = response.content.decode()
    for sentence in (
        "No report missing this period.",
        "Every report of last period was submitted.",
        "Every budget overrun was reported by its project manager.",
        "No allocation request is waiting for a decision.",
        "Every pack of the coming week is ready.",
        "No project got worse since last period.",
        "No COPIL decision is overdue.",
    ):
        assert sentence in page
    for card in shown.values():
        assert rows_of(client, card["url"]) == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # The executive reads P1: its three COPILs ahead (one cancelled), W and R in
        # difficulty (only R was last month), their decision overdue (the one due in a
        # month is not yet due).
        ("executive", {"next-meetings": 3, "weather": 2, "my-decisions-due": 1}),
        # Their cards of resources (tests/test_cockpits_roles.py): the PM manages no
        # project with an alert; the allocations' team has no manager; the two open alerts of
        # 2026 are actual costs above budget.
        ("pm", {"my-decisions-due": 1, "my-alerts": 0}),
        ("resource_manager", {"allocations-waiting": 2, "teams-over-allocated": 0}),
        (
            "finance",
            {"imports-rejected": 0, "budgets-over": 2, "projects-without-actuals": 0},
        ),
    ],
)
def test_each_role_gets_its_own_cards(cockpit, client_for, role, expected):
    client = client_for(role)
    shown = cards(client.get(reverse("home"), headers=EN))
    assert {key: card["count"] for key, card in shown.items()} == expected
    for key, card in shown.items():
        assert rows_of(client, card["url"]) == card["count"], key


def test_the_executive_sees_the_trend_and_the_next_pack(cockpit, client_for):
    client = client_for("executive")
    page = client.get(reverse("home"), headers=EN)
    shown = cards(page)
    assert shown["weather"]["detail"] == "Worse: 1 more than last month."
    meeting = CopilMeeting.objects.filter(portfolio=cockpit.p1, status="planned").earliest(
        "scheduled_at"
    )
    assert shown["next-meetings"]["detail_url"] == meeting.get_absolute_url()
    assert "pack not generated yet" in shown["next-meetings"]["detail"]
    pack = done_pack(meeting)
    shown = cards(client.get(reverse("home"), headers=EN))
    assert shown["next-meetings"]["detail_url"] == reverse(
        "reporting:pack_download", args=[pack.pk]
    )
    assert client.get(shown["next-meetings"]["detail_url"]).status_code == 200


def test_a_resource_manager_counts_only_the_requests_they_decide(cockpit, client_for):
    from resources.models import Allocation

    rm = cockpit.users["resource_manager"]
    team = Allocation.objects.first().resource.team
    team.manager = cockpit.users["pmo"]  # another manager's team: not theirs to decide
    team.save()
    client = client_for("resource_manager")
    card = cards(client.get(reverse("home"), headers=EN))["allocations-waiting"]
    assert card["count"] == 0 == rows_of(client, card["url"])
    team.manager = rm
    team.save()
    card = cards(client.get(reverse("home"), headers=EN))["allocations-waiting"]
    assert card["count"] == 2 == rows_of(client, card["url"])


ROLES = ["pmo", "pm", "executive", "resource_manager", "finance"]


def home_queries(client) -> int:
    client.get(reverse("home"))  # session, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


def test_home_query_count_does_not_grow(clock, world, client_for, django_assert_max_num_queries):
    grow(world, 2)  # with the world's two: about 5 projects
    small = {}
    for role in ROLES:
        small[role] = home_queries(client_for(role))
    grow(world, 18)  # about 40 projects
    for role in ROLES:
        client = client_for(role)
        client.get(reverse("home"))
        with django_assert_max_num_queries(small[role]):
            client.get(reverse("home"))
    # 14 for the PMO when written (session, user, roles, menu included); 20 for the executive,
    # whose portfolios' weather table reads their portfolios, the tree and two aggregates.
    assert max(small.values()) <= 20, small
