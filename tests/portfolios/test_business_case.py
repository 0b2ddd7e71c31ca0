"""The business-case tab: the year grid (saved whole, validated, concurrent edits refused),
the PMO's mandatory flag, dependencies between projects (requires cycles refused)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portfolios.models import BusinessCaseYear, DependencyKind, ProjectDependency
from portfolios.selectors.business_case import grid_digest
from portfolios.services import business_case as services
from tests.portfolios.factories import ProjectFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _url(name, project):
    return reverse(f"portfolios:{name}", args=[project.pk])


def _grid(rows, *, digest=None, initial=None, deleted=()) -> dict:
    """The posted grid: ``rows`` of (year, capex, opex, fte, benefits); the first
    ``initial`` rows are the stored ones (default: all but a blank row appended)."""
    rows = list(rows)
    initial = len(rows) if initial is None else initial
    data = {
        "years-TOTAL_FORMS": str(len(rows) + 1),
        "years-INITIAL_FORMS": str(initial),
        "years-MIN_NUM_FORMS": "0",
        "years-MAX_NUM_FORMS": "1000",
    }
    for index, (year, capex, opex, fte, benefits) in enumerate([*rows, ("", "", "", "", "")]):
        data.update(
            {
                f"years-{index}-year": str(year),
                f"years-{index}-capex": str(capex),
                f"years-{index}-opex": str(opex),
                f"years-{index}-fte": str(fte),
                f"years-{index}-benefits": str(benefits),
            }
        )
        if index in deleted:
            data[f"years-{index}-DELETE"] = "on"
    if digest is not None:
        data["digest"] = digest
    return data


def _stored(project) -> list[tuple]:
    return list(
        BusinessCaseYear.objects.filter(project=project)
        .order_by("year")
        .values_list("year", "capex", "opex", "fte", "benefits")
    )


def _digest_on_page(response) -> str:
    return response.context["state"]["digest"].value()


# --- The grid ---------------------------------------------------------------------------


def test_pm_fills_in_the_grid_and_sees_the_totals(client_for, world):
    project = world.project_a
    client = client_for("pm")
    page = client.get(_url("business_case", project))
    assert b"No business case has been entered" not in page.content  # the PM gets the form
    response = client.post(
        _url("business_case_save", project),
        _grid(
            [(2027, "120000", "30000", "2.5", "0"), (2028, "80000.50", "35000", "1.25", "250000")],
            initial=0,
            digest=_digest_on_page(page),
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("business_case", project)
    assert b"Business case saved." in response.content
    assert _stored(project) == [
        (2027, Decimal("120000.00"), Decimal("30000.00"), Decimal("2.50"), Decimal("0.00")),
        (2028, Decimal("80000.50"), Decimal("35000.00"), Decimal("1.25"), Decimal("250000.00")),
    ]
    html = response.content.decode()
    assert 'data-total="capex">200,000.50<' in html
    assert 'data-total="fte">3.75<' in html
    assert 'data-total="benefits">250,000.00<' in html
    # The history says who changed it.
    record = BusinessCaseYear.history.filter(project_id=project.pk).latest("history_date")
    assert record.history_user == world.users["pm"]


def test_change_and_remove_years_in_one_save(client_for, world):
    project = world.project_a
    for year in (2027, 2028, 2029):
        BusinessCaseYear.objects.create(project=project, year=year, capex=Decimal("1000"))
    client = client_for("pmo")
    digest = _digest_on_page(client.get(_url("business_case", project)))
    client.post(
        _url("business_case_save", project),
        _grid(
            [(2027, "1000", "0", "0", "0"), (2028, "5000", "0", "0", "0"), (2029, "1000", 0, 0, 0)],
            digest=digest,
            deleted={2},
        ),
    )
    assert [(year, capex) for year, capex, *_rest in _stored(project)] == [
        (2027, Decimal("1000.00")),
        (2028, Decimal("5000.00")),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(2027, "-5", "0", "0", "0")], b"Enter an amount of 0 or more."),
        ([(1999, "5", "0", "0", "0")], b"Enter a year between 2000 and 2100."),
        ([(2101, "5", "0", "0", "0")], b"Enter a year between 2000 and 2100."),
        (
            [(2027, "5", "0", "0", "0"), (2027, "6", "0", "0", "0")],
            b"The year 2027 appears twice: each year has one row.",
        ),
        ([(2027, "abc", "0", "0", "0")], b"Enter a number."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client_for, world, rows, message):
    project = world.project_a
    BusinessCaseYear.objects.create(project=project, year=2030, capex=Decimal("1000"))
    before = _stored(project)
    # A good row beside the bad one (and the stored year removed): nothing of it is saved.
    response = client_for("pm").post(
        _url("business_case_save", project),
        _grid([(2026, "700", "0", "0", "0"), *rows], initial=0),
    )
    assert response.status_code == 200
    assert message in response.content
    assert b"Nothing was saved" in response.content
    assert _stored(project) == before


def test_the_service_refuses_negative_amounts_and_duplicate_years(world):
    project = world.project_a
    user = world.users["pmo"]
    with pytest.raises(services.ValidationError, match="cannot be negative"):
        services.save_business_case(
            project=project,
            user=user,
            years=[
                services.YearInput(2027, capex=Decimal("1")),
                services.YearInput(2028, opex=Decimal("-1")),
            ],
        )
    with pytest.raises(services.ValidationError, match="appears twice"):
        services.save_business_case(
            project=project,
            user=user,
            years=[services.YearInput(2027), services.YearInput(2027)],
        )
    assert not BusinessCaseYear.objects.exists()


def test_two_people_editing_the_grid_the_second_gets_a_conflict(client_for, world, client):
    project = world.project_a
    BusinessCaseYear.objects.create(project=project, year=2027, capex=Decimal("1000"))
    pm = client_for("pm")
    digest = _digest_on_page(pm.get(_url("business_case", project)))
    # The PMO saves first, from a page opened at the same moment.
    services.save_business_case(
        project=project,
        user=world.users["pmo"],
        years=[services.YearInput(2027, capex=Decimal("2000"))],
        digest=digest,
    )
    response = pm.post(
        _url("business_case_save", project),
        _grid([(2027, "3000", "0", "0", "0")], digest=digest),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else saved changes" in html
    assert "<td>2,000.00</td><td>3,000.00</td>" in html  # stored beside typed
    assert _stored(project)[0][1] == Decimal("2000.00")
    # Saving again from the conflict page is a deliberate choice: it goes through.
    again = pm.post(
        _url("business_case_save", project),
        _grid([(2027, "3000", "0", "0", "0")], digest=_digest_on_page(response)),
    )
    assert again.status_code == 302
    assert _stored(project)[0][1] == Decimal("3000.00")


def test_remaining_need_is_not_part_of_the_conflict_check(world):
    """Resources writes the remaining need at any time: it never puts the grid in conflict."""
    project = world.project_a
    row = BusinessCaseYear.objects.create(project=project, year=2027, capex=Decimal("1000"))
    digest = grid_digest([row])
    BusinessCaseYear.objects.filter(pk=row.pk).update(
        remaining_capex=Decimal("500"), remaining_at=timezone.now()
    )
    services.save_business_case(
        project=project,
        user=world.users["pm"],
        years=[services.YearInput(2027, capex=Decimal("1500"))],
        digest=digest,
    )
    row.refresh_from_db()
    assert (row.capex, row.remaining_capex) == (Decimal("1500.00"), Decimal("500.00"))


def test_removing_a_year_with_a_remaining_need_keeps_resources_figures(world):
    project = world.project_a
    BusinessCaseYear.objects.create(
        project=project,
        year=2027,
        capex=Decimal("1000"),
        remaining_capex=Decimal("400"),
        remaining_at=timezone.now(),
    )
    services.save_business_case(project=project, user=world.users["pm"], years=[])
    row = BusinessCaseYear.objects.get(project=project)
    assert (row.capex, row.remaining_capex) == (Decimal("0.00"), Decimal("400.00"))


def test_active_project_shows_the_remaining_need_with_its_date(client_for, world):
    project = world.project_a  # active
    computed = timezone.make_aware(timezone.datetime(2026, 11, 3, 2, 0))
    BusinessCaseYear.objects.create(
        project=project,
        year=2027,
        capex=Decimal("1000"),
        remaining_capex=Decimal("750.00"),
        remaining_opex=Decimal("20.00"),
        remaining_fte=Decimal("0.50"),
        remaining_at=computed,
    )
    html = client_for("executive").get(_url("business_case", project)).content.decode()
    assert 'data-remaining="capex">750.00<' in html
    assert 'data-remaining="fte">0.50<' in html
    assert "3 Nov 2026 02:00" in html  # when it was computed
    # Read only for the executive: no grid inputs.
    assert 'name="years-0-year"' not in html


def test_a_reader_without_edit_rights_sees_the_grid_read_only(client_for, world):
    BusinessCaseYear.objects.create(project=world.project_a, year=2027, capex=Decimal("42"))
    html = client_for("finance").get(_url("business_case", world.project_a)).content.decode()
    assert 'data-total="capex">42.00<' in html
    assert "business-case-form" not in html


# --- Mandatory flag ---------------------------------------------------------------------


def test_pmo_marks_a_project_mandatory_and_the_priority_is_recomputed(
    client_for, world, monkeypatch
):
    refreshed = []
    original = services.refresh_priority

    def spy(*, project_ids):
        refreshed.append(list(project_ids))
        return original(project_ids=project_ids)

    monkeypatch.setattr(services, "refresh_priority", spy)
    project = world.project_a
    response = client_for("pmo").post(
        _url("business_case_mandatory", project), {"mandatory": "1"}, follow=True
    )
    project.refresh_from_db()
    assert project.is_mandatory
    assert b"PRJ-A is now mandatory" in response.content
    assert b"This project is mandatory" in response.content
    assert refreshed == [[project.pk]]
    assert project.history.latest("history_date").history_user == world.users["pmo"]
    # A second click changes nothing (and recomputes nothing).
    response = client_for("pmo").post(
        _url("business_case_mandatory", project), {"mandatory": "1"}, follow=True
    )
    assert b"Nothing changed" in response.content
    assert refreshed == [[project.pk]]


def test_only_the_pmo_sets_the_mandatory_flag(client_for, world):
    project = world.project_a
    client = client_for("pm")
    assert client.post(
        _url("business_case_mandatory", project), {"mandatory": "1"}
    ).status_code == (403)
    project.refresh_from_db()
    assert not project.is_mandatory
    assert b"Mark as mandatory" not in client.get(_url("business_case", project)).content


# --- Dependencies -----------------------------------------------------------------------


def _add(client, project, other, kind=DependencyKind.REQUIRES, note=""):
    return client.post(
        _url("business_case_dependency_add", project),
        {"kind": kind, "other": other.pk, "note": note},
        follow=True,
    )


def test_requires_cycle_is_refused_with_the_cycle_named(client_for, world):
    a, b = world.project_a, world.project_b
    c = ProjectFactory(code="PRJ-C", portfolio=world.p1, status="proposed")
    client = client_for("pmo")
    assert b"Dependency recorded." in _add(client, a, b, note="Même socle").content
    assert b"Dependency recorded." in _add(client, b, c).content
    response = _add(client, c, a)
    assert response.status_code == 200
    assert b"This would make a cycle: PRJ-C requires PRJ-A requires PRJ-B requires PRJ-C" in (
        response.content
    )
    response = _add(client, b, a)
    assert b"PRJ-B requires PRJ-A requires PRJ-B" in response.content
    assert ProjectDependency.objects.count() == 2


def _relations(html: str) -> set[tuple[str, str]]:
    """(relation, project named) of each row of the dependency table."""
    return {
        (relation, re.sub(r"<[^>]+>", "", cell).strip())
        for relation, cell in re.findall(
            r'<tr data-relation="(\w+)">\s*<th[^>]*>[^<]*</th>\s*<td>(.*?)</td>', html, re.DOTALL
        )
    }


def test_both_directions_are_listed(client_for, world):
    a, b = world.project_a, world.project_b
    c = ProjectFactory(code="PRJ-C", name="Projet Charlie", portfolio=world.p1)
    client = client_for("pmo")
    _add(client, a, b, note="Même socle")
    _add(client, c, a, kind=DependencyKind.EXCLUDES)
    assert _relations(client.get(_url("business_case", a)).content.decode()) == {
        ("requires", "PRJ-B — Projet Bravo"),
        ("excluded_by", "PRJ-C — Projet Charlie"),
    }
    assert _relations(client.get(_url("business_case", b)).content.decode()) == {
        ("required_by", "PRJ-A — Projet Alpha"),
    }
    # The PM of A does not see project B: the dependency is shown without naming it.
    html_pm = client_for("pm").get(_url("business_case", a)).content.decode()
    assert "Projet Bravo" not in html_pm
    assert ("requires", "A project outside your scope") in _relations(html_pm)


def test_contradictions_and_duplicates_are_refused(client_for, world):
    a, b = world.project_a, world.project_b
    client = client_for("pmo")
    _add(client, a, b)
    assert b"PRJ-A already requires PRJ-B." in _add(client, a, b).content
    assert b"they cannot exclude each other" in _add(client, b, a, DependencyKind.EXCLUDES).content
    assert ProjectDependency.objects.count() == 1


def test_pmo_removes_a_dependency_from_the_other_side(client_for, world):
    a, b = world.project_a, world.project_b
    dependency = ProjectDependency.objects.create(project=a, other=b, kind=DependencyKind.EXCLUDES)
    response = client_for("pmo").post(
        reverse("portfolios:business_case_dependency_remove", args=[dependency.pk]),
        {"back": b.pk},
    )
    assert response["Location"] == _url("business_case", b)
    assert not ProjectDependency.objects.exists()


def test_archived_and_closed_projects_are_not_offered(client_for, world):
    ProjectFactory(code="PRJ-OLD", portfolio=world.p1, is_archived=True)
    ProjectFactory(code="PRJ-DONE", portfolio=world.p1, status="closed")
    form = client_for("pmo").get(_url("business_case", world.project_a)).context["dependency_form"]
    codes = {project.code for project in form.fields["other"].queryset}
    assert codes == {"PRJ-B"}


# --- Query count ------------------------------------------------------------------------


def _grow(project, world, years: range, dependencies: int) -> None:
    BusinessCaseYear.objects.bulk_create(
        BusinessCaseYear(project=project, year=year, capex=Decimal(year)) for year in years
    )
    ProjectDependency.objects.bulk_create(
        ProjectDependency(
            project=project,
            other=ProjectFactory(portfolio=world.p1),
            kind=DependencyKind.REQUIRES,
        )
        for _index in range(dependencies)
    )


def test_page_query_count_does_not_grow(client_for, world):
    project = world.project_a
    client = client_for("pmo")
    url = _url("business_case", project)
    client.get(url)  # warm the session and caches
    counts = []
    for years, dependencies in ((range(2000, 2005), 1), (range(2005, 2050), 9)):
        _grow(project, world, years, dependencies)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert len(response.context["case"].rows) == 50
    assert response.context["dependencies"].count == 10
    # The same number at 5 and 50 years (1 and 10 dependencies): session and user, roles,
    # the project, the business case, the dependencies and the counterparts the reader
    # sees, the projects offered as dependencies, the navigation.
    assert counts[0] == counts[1] <= 12
