"""The cockpits of Finance, the resource manager and the project manager (issue 14): each card
counts the rows of the list it links to, for the same user; at zero it says so; a role sees
only its own cards; the home page costs the same number of queries at two data sizes. The
import log behind Finance's first card records every confirmed import, rejected ones too."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portfolios.models import ProjectStatus
from resources.models import (
    ActualCost,
    AlertKind,
    AlertStatus,
    AllocationStatus,
    ImportKind,
    ImportOutcome,
    ImportRun,
)
from tests.portfolios.factories import ProjectFactory, UserFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory
from tests.resources.factories_alerts import AlertFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory
from tests.test_cockpits import (  # noqa: F401 - fixtures
    EN,
    TODAY,
    cards,
    clock,
    cockpit,
    home_queries,
    rows_of,
)

PARIS = ZoneInfo("Europe/Paris")
DECEMBER = date(2026, 12, 1)  # within the next 3 months of TODAY (18 November 2026)
MARCH = date(2027, 3, 1)  # beyond them


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def import_run(user, *, days_ago: int, rejected: bool, name: str = "export.csv") -> ImportRun:
    started = at(TODAY - timedelta(days=days_ago))
    return ImportRun.objects.create(
        kind=ImportKind.COSTS,
        file_name=name,
        user=user,
        started_at=started,
        finished_at=started + timedelta(seconds=3),
        outcome=ImportOutcome.REJECTED if rejected else ImportOutcome.IMPORTED,
        rows_imported=0 if rejected else 10,
        rows_rejected=2 if rejected else 0,
    )


def grow_roles(world, n: int) -> None:
    """``n`` times: two imports rejected this week and one eleven days ago (Finance); an
    active project with a 2026 budget and no cost this month, one with a cost this month, a
    closed one with a budget (Finance's projects without actuals: the first); a team of the
    resource manager over-allocated in December, one over-allocated only in March, another
    manager's team over-allocated (the resource manager's card: the first); on project A
    (the PM's) an open and an acknowledged alert of a past year, and a closed one."""
    finance, rm = world.users["finance"], world.users["resource_manager"]
    other_rm = UserFactory()
    first_year = 2000 + ImportRun.objects.count()  # a call after another: other years
    for i in range(n):
        import_run(finance, days_ago=1, rejected=True)
        import_run(finance, days_ago=6, rejected=True)
        import_run(finance, days_ago=11, rejected=True)
        silent = ProjectFactory(portfolio=world.p1)
        BudgetLineFactory(project=silent, fiscal_year=2026)
        costed = ProjectFactory(portfolio=world.p1)
        BudgetLineFactory(project=costed, fiscal_year=2026)
        ActualCostFactory(project=costed, date=date(2026, 11, 3))
        closed = ProjectFactory(portfolio=world.p1, status=ProjectStatus.CLOSED)
        BudgetLineFactory(project=closed, fiscal_year=2026)
        for manager, month in ((rm, DECEMBER), (rm, MARCH), (other_rm, DECEMBER)):
            resource = ResourceFactory(team=TeamFactory(manager=manager))
            AllocationFactory(
                resource=resource,
                project=silent,
                month=month,
                fte=Decimal("1.50"),
                status=AllocationStatus.APPROVED,
            )
        year = first_year + i
        AlertFactory(project=world.project_a, period=year, nature="capex")
        AlertFactory(
            project=world.project_a, period=year, nature="opex", status=AlertStatus.ACKNOWLEDGED
        )
        AlertFactory(project=world.project_a, period=year, kind="eac", status=AlertStatus.CLOSED)


def assert_cards_are_their_rows(client, shown: dict, expected: dict) -> None:
    assert {key: card["count"] for key, card in shown.items()} == expected
    for key, card in shown.items():
        assert rows_of(client, card["url"]) == card["count"], key


def test_finance_cards_count_the_rows_they_link_to(cockpit, client_for):  # noqa: F811
    grow_roles(cockpit, 1)
    import_run(cockpit.users["pmo"], days_ago=0, rejected=False, name="octobre.xlsx")
    client = client_for("finance")
    response = client.get(reverse("home"), headers=EN)
    shown = cards(response)
    assert_cards_are_their_rows(
        client,
        shown,
        # Two imports rejected this week; the two open 2026 alerts of the cockpit's world;
        # the budgeted project without costs this month (A and B have no budget line).
        {"imports-rejected": 2, "budgets-over": 2, "projects-without-actuals": 1},
    )
    page = response.content.decode()
    assert "2 imports were rejected in the last 7 days: fix the files and import them" in page
    assert shown["imports-rejected"]["detail"].startswith("Last import: octobre.xlsx, ")
    assert shown["imports-rejected"]["detail"].endswith("— Imported")
    assert "1 active project with a budget has no actual cost this month" in page


def test_the_resource_manager_counts_their_teams_over_allocated_soon(cockpit, client_for):  # noqa: F811
    grow_roles(cockpit, 2)
    client = client_for("resource_manager")
    response = client.get(reverse("home"), headers=EN)
    shown = cards(response)
    assert_cards_are_their_rows(
        client, shown, {"allocations-waiting": 2, "teams-over-allocated": 2}
    )
    capacity = client.get(shown["teams-over-allocated"]["url"], headers=EN)
    assert [len(row.cells) for row in capacity.context["heatmap"].rows] == [3, 3]
    assert "over the next 3 months" in capacity.content.decode()


def test_the_project_manager_counts_the_alerts_of_their_projects(cockpit, client_for):  # noqa: F811
    grow_roles(cockpit, 2)
    AlertFactory(project=cockpit.project_b)  # another manager's project
    client = client_for("pm")
    shown = cards(client.get(reverse("home"), headers=EN))
    # Open and acknowledged, two years: closed ones and B's are left out.
    assert_cards_are_their_rows(client, shown, {"my-decisions-due": 1, "my-alerts": 4})
    # Their alerts page never shows another project's alert, even unfiltered.
    listed = client.get(reverse("resources:alert_list") + "?status=", headers=EN)
    assert {alert.project_id for alert in listed.context["alerts"]} == {cockpit.project_a.pk}
    assert listed.context["counts"] == {"open": 2, "acknowledged": 2, "closed": 2}


def test_cards_at_zero_say_nothing_is_waiting(clock, world, client_for):  # noqa: F811
    expected = {
        "finance": [
            "No import was rejected in the last 7 days.",
            "No project budget of this year is overspent.",
            "Every active project with a budget has actual costs this month.",
        ],
        "resource_manager": ["None of your teams is over-allocated in the next 3 months."],
        "pm": ["No budget alert on your projects."],
    }
    for role, sentences in expected.items():
        client = client_for(role)
        response = client.get(reverse("home"), headers=EN)
        page = response.content.decode()
        for sentence in sentences:
            assert sentence in page, (role, sentence)
        for key, card in cards(response).items():
            assert card["count"] == 0 == rows_of(client, card["url"]), (role, key)


def test_each_role_sees_only_its_own_cards(cockpit, client_for):  # noqa: F811
    grow_roles(cockpit, 1)
    finance = {"imports-rejected", "budgets-over", "projects-without-actuals"}
    owners = {"teams-over-allocated": "resource_manager", "my-alerts": "pm"}
    owners.update(dict.fromkeys(finance, "finance"))
    for role in ("pmo", "pm", "executive", "resource_manager", "finance"):
        shown = set(cards(client_for(role).get(reverse("home"), headers=EN)))
        assert {key for key in shown if key in owners} == {
            key for key, owner in owners.items() if owner == role
        }, role


def test_home_queries_do_not_grow_for_finance_and_rm(clock, world, client_for):  # noqa: F811
    grow_roles(world, 1)
    small = {role: home_queries(client_for(role)) for role in ("finance", "resource_manager")}
    grow_roles(world, 10)
    large = {role: home_queries(client_for(role)) for role in ("finance", "resource_manager")}
    assert all(large[role] <= small[role] for role in small), (small, large)
    assert max(small.values()) <= 18, small


# --- The import log -------------------------------------------------------------------------

HEADER = "Date comptable;N° pièce;Élément d'OTP;Montant\n"


def confirm_costs(client, name: str, text: str):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    staged = client.post(reverse("resources:cost_import"), {"file": upload}).context["staged"]
    return client.post(reverse("resources:cost_import_confirm", args=[staged.pk]), headers=EN)


def test_a_rejected_import_stays_in_the_log(clock, world, client_for):  # noqa: F811
    client = client_for("finance")
    response = confirm_costs(client, "faux.csv", HEADER + "05/11/2026;FAC-1;PRJ-ZZZ;100,00\n")
    assert response.status_code == 200  # the preview again, with the bad line
    assert ActualCost.objects.count() == 0
    run = ImportRun.objects.get()
    assert (run.outcome, run.file_name, run.rows_rejected) == ("rejected", "faux.csv", 1)
    assert run.user == world.users["finance"]
    assert "unknown project code PRJ-ZZZ" in run.message

    confirm_costs(client, "bon.csv", HEADER + "05/11/2026;FAC-1;PRJ-A;100,00\n")
    assert ActualCost.objects.count() == 1
    latest = ImportRun.objects.first()
    assert (latest.outcome, latest.file_name, latest.rows_imported) == ("imported", "bon.csv", 1)

    page = client.get(reverse("resources:import_log") + "?outcome=rejected", headers=EN)
    assert [run.file_name for run in page.context["runs"]] == ["faux.csv"]


def test_a_capacity_import_is_logged_and_read_by_its_author_only(clock, world, client_for):  # noqa: F811
    rm = world.users["resource_manager"]
    ResourceFactory(name="Ressource Alpha", team=TeamFactory(manager=rm))
    client = client_for("resource_manager")
    upload = SimpleUploadedFile("dispo.csv", b"resource;month;fte\nRessource Alpha;2026-12;0,5\n")
    data = {"file": upload, "what": "capacity", "action": "import"}
    assert client.post(reverse("resources:capacity_import"), data).status_code == 302
    import_run(world.users["finance"], days_ago=1, rejected=True)
    runs = client.get(reverse("resources:import_log"), headers=EN).context["runs"]
    assert [(run.kind, run.outcome, run.rows_imported) for run in runs] == [
        ("capacity", "imported", 1)
    ]
    finance = client_for("finance").get(reverse("resources:import_log"), headers=EN)
    assert finance.context["page_obj"].paginator.count == 2


def test_finance_reads_an_alert_but_may_not_act_on_it(clock, world, client_for):  # noqa: F811
    alert = AlertFactory(project=world.project_b, kind=AlertKind.ACTUAL_OVER_BUDGET)
    client = client_for("finance")
    page = client.get(reverse("resources:alert_detail", args=[alert.pk]), headers=EN)
    assert page.status_code == 200
    assert not page.context["can_acknowledge"]
    assert not page.context["can_close"]
