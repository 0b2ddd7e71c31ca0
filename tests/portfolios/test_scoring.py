"""Explainable weighted scoring (issue 12): the priority score computed by hand on two
projects, the applicable model, refresh when an input changes, weights set directly (total
100) or by pairwise comparison (AHP), scores entered by the PMO or proposed by the project
manager and validated, and the explanation wherever the score is shown.

The company default model (migration 0005): fit 30 %, value 25 %, risk 15 % (inverted),
urgency 15 %, regulatory 15 %.
"""

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pmo_portal.roles import Role
from portfolios.models import (
    ObjectiveContribution,
    Project,
    ProjectScore,
    ScoreStatus,
    ScoringCriterion,
    ScoringModel,
)
from portfolios.services.scoring import (
    create_portfolio_model,
    delete_portfolio_model,
    refresh_priority,
    update_weights,
)
from tests.concurrency import client_as, form_data
from tests.portfolios.factories import (
    ContributionFactory,
    ObjectiveFactory,
    ProjectFactory,
    UserFactory,
)

EXPLAINED_X = (
    "66 pts: Strategic fit 25, Value / ROI 20, Risk 12, Urgency 9, Regulatory obligation not scored"
)
EXPLAINED_Y = (
    "31 pts: Strategic fit 0, Value / ROI 25, Risk 0, Urgency not scored, Regulatory obligation 6"
)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def criteria(model=None) -> dict[str, ScoringCriterion]:
    model = model or ScoringModel.objects.get(is_default=True)
    return {c.key: c for c in model.criteria.all()}


def score(project, key, value, *, model=None, status=ScoreStatus.VALIDATED, proposed=None):
    return ProjectScore.objects.create(
        project=project,
        criterion=criteria(model)[key],
        value=value,
        status=status,
        proposed_value=proposed,
    )


@pytest.fixture
def two_projects(world):
    """X: contributions 2 to O1 (weight 2, the largest) and 1 to O2 (weight 1) → fit
    s = 5 × (2/3 × 2/2 + 1/3 × 1/2) = 4.1667 → 30 × 4.1667 / 5 = 25 points; value 4 → 20;
    risk 1 → 15 × (5 − 1) / 5 = 12; urgency 3 → 9; regulatory not scored → 0. Total 66.
    Y: no contribution → fit 0; value 5 → 25; risk 5 → 0; urgency 0 → 0; regulatory 2 → 6;
    a proposed urgency of 5 that does not count. Total 31."""
    o1 = ObjectiveFactory(code="O1", weight=Decimal("2"))
    o2 = ObjectiveFactory(code="O2", weight=Decimal("1"))
    x = ProjectFactory(code="PRJ-X", portfolio=world.p1, status="proposed")
    y = ProjectFactory(code="PRJ-Y", portfolio=world.p1, status="proposed")
    ContributionFactory(project=x, objective=o1, score=2)
    ContributionFactory(project=x, objective=o2, score=1)
    for key, value in (("value", 4), ("risk", 1), ("urgency", 3)):
        score(x, key, value)
    for key, value in (("value", 5), ("risk", 5), ("regulatory", 2)):
        score(y, key, value)
    score(y, "urgency", 0, status=ScoreStatus.PROPOSED, proposed=5)
    refresh_priority(project_ids=[x.pk, y.pk])
    x.refresh_from_db()
    y.refresh_from_db()
    return x, y


def points(project) -> dict[str, float]:
    return {item["key"]: item["points"] for item in project.priority_explanation}


def test_priority_score_by_hand_on_two_projects(two_projects):
    x, y = two_projects
    assert x.priority_score == Decimal("66.00")
    assert points(x) == {"fit": 25.0, "value": 20.0, "risk": 12.0, "urgency": 9.0, "regulatory": 0}
    fit = next(item for item in x.priority_explanation if item["key"] == "fit")
    assert fit == {
        "key": "fit",
        "name": "",
        "kind": "fit",
        "points": 25.0,
        "score": 4.17,
        "scored": True,
    }
    regulatory = next(item for item in x.priority_explanation if item["key"] == "regulatory")
    assert regulatory["scored"] is False
    assert y.priority_score == Decimal("31.00")
    assert points(y) == {"fit": 0, "value": 25.0, "risk": 0, "urgency": 0, "regulatory": 6.0}
    # The proposed urgency of Y does not count: urgency is "not scored".
    urgency = next(item for item in y.priority_explanation if item["key"] == "urgency")
    assert urgency["scored"] is False


def test_fit_is_capped_at_5_and_a_missing_risk_score_gives_no_points(world):
    objective = ObjectiveFactory(weight=Decimal("3"))
    others = ObjectiveFactory.create_batch(3, weight=Decimal("3"))
    project = ProjectFactory(portfolio=world.p1)
    for target in [objective, *others]:
        ContributionFactory(project=project, objective=target, score=3)
    refresh_priority(project_ids=[project.pk])
    project.refresh_from_db()
    # 5 × (4 × 1 × 1) = 20, capped at 5: the full 30 points; risk not scored: 0, not 15.
    assert points(project)["fit"] == 30.0
    assert points(project)["risk"] == 0
    assert project.priority_score == Decimal("30.00")


def test_explanation_on_the_project_tab_the_overview_and_the_backlog(
    client_for, two_projects, english
):
    x, y = two_projects
    client = client_for("pm")  # PM of project A, in P1 with X and Y
    tab = client.get(reverse("portfolios:scoring_project", args=[x.pk])).content.decode()
    assert EXPLAINED_X in tab
    assert "Rank 1 of 2 candidates of Portefeuille Nord 1." in tab
    # Each criterion's definition is on the tab.
    assert html.escape(criteria()["value"].definition) in tab
    overview = client.get(reverse("portfolios:project_detail", args=[y.pk])).content.decode()
    assert EXPLAINED_Y in overview
    backlog = client.get(reverse("portfolios:backlog")).content.decode()
    assert EXPLAINED_X in backlog
    assert EXPLAINED_Y in backlog
    assert backlog.index("PRJ-X") < backlog.index("PRJ-Y")


def test_explanation_numbers_are_localised_in_french(world, settings):
    settings.LANGUAGE_CODE = "fr"
    project = ProjectFactory(portfolio=world.p1, status="proposed")
    score(project, "urgency", 1)  # 15 × 1 / 5 = 3
    score(project, "value", 1)  # 25 × 1 / 5 = 5
    model = ScoringModel.objects.get(is_default=True)
    update_weights(
        model=model,
        user=world.users["pmo"],
        weights={"fit": Decimal("30"), "value": Decimal("22.5"), "urgency": Decimal("17.5")},
    )
    project.refresh_from_db()
    assert project.priority_score == Decimal("8.00")  # 22.5 / 5 + 17.5 / 5 = 4.5 + 3.5
    client = client_for_user(world.users["pmo"])
    page = client.get(reverse("portfolios:scoring_project", args=[project.pk])).content.decode()
    assert "4,5" in page
    assert "3,5" in page


def client_for_user(user):
    return client_as(user)


def test_a_portfolio_model_applies_to_its_subtree_only(world):
    a_project = ProjectFactory(portfolio=world.p1)
    b_project = ProjectFactory(portfolio=world.p2)
    score(a_project, "value", 5)
    score(b_project, "value", 5)
    refresh_priority(project_ids=[a_project.pk, b_project.pk])
    model = create_portfolio_model(portfolio=world.north, user=world.users["pmo"])
    own = criteria(model)
    # The copy starts with the default's weights: the scores are the same…
    a_project.refresh_from_db()
    assert a_project.priority_score == Decimal("25.00")
    # …until the PMO reweighs it: value 50 %, fit 20 %, the rest 10 % each.
    update_weights(
        model=model,
        user=world.users["pmo"],
        weights={
            "fit": Decimal("20"),
            "value": Decimal("50"),
            "risk": Decimal("10"),
            "urgency": Decimal("10"),
            "regulatory": Decimal("10"),
        },
    )
    # A's score moved with it to the North model's criteria.
    a_project.refresh_from_db()
    assert a_project.priority_score == Decimal("50.00")
    assert ProjectScore.objects.get(project=a_project).criterion == own["value"]
    b_project.refresh_from_db()
    assert b_project.priority_score == Decimal("25.00")  # South keeps the default
    # Removed: North's projects follow the default again, with their scores.
    delete_portfolio_model(model=model, user=world.users["pmo"])
    a_project.refresh_from_db()
    assert a_project.priority_score == Decimal("25.00")
    assert ProjectScore.objects.get(project=a_project).criterion == criteria()["value"]


def test_refresh_after_a_contribution_change(world):
    project = ProjectFactory(portfolio=world.p1)
    objective = ObjectiveFactory(weight=Decimal("1"))
    refresh_priority(project_ids=[project.pk])
    project.refresh_from_db()
    assert project.priority_score == Decimal("0.00")
    ContributionFactory(project=project, objective=objective, score=3)  # s = 5 → 30 points
    refresh_priority(project_ids=[project.pk])
    project.refresh_from_db()
    assert project.priority_score == Decimal("30.00")
    ObjectiveContribution.objects.filter(project=project).update(score=1)  # s = 5/3 → 10
    refresh_priority(project_ids=[project.pk])
    project.refresh_from_db()
    assert project.priority_score == Decimal("10.00")


def test_refresh_does_not_move_the_projects_version(world):
    before = Project.objects.get(pk=world.project_a.pk).version
    refresh_priority(project_ids=[world.project_a.pk])
    assert Project.objects.get(pk=world.project_a.pk).version == before


def test_refresh_costs_the_same_for_5_and_50_projects(world):
    objective = ObjectiveFactory()
    counts = []
    for size in (5, 50):
        projects = ProjectFactory.create_batch(size, portfolio=world.p1)
        for project in projects:
            ContributionFactory(project=project, objective=objective, score=2)
            score(project, "value", 3)
        with CaptureQueriesContext(connection) as captured:
            refresh_priority(project_ids=[p.pk for p in projects])
        counts.append(len(captured))
        assert all(
            p.priority_score == Decimal("35.00")
            for p in Project.objects.filter(pk__in=[p.pk for p in projects])
        )
    assert counts[0] == counts[1]


# --- weights -------------------------------------------------------------------------


def weights_url(model):
    return reverse("portfolios:scoring_model_weights", args=[model.pk])


def test_weights_not_totalling_100_are_refused_and_nothing_is_saved(world, two_projects, english):
    x, _y = two_projects
    model = ScoringModel.objects.get(is_default=True)
    client = client_as(world.users["pmo"])
    page = client.get(weights_url(model))
    data = form_data(page.context["form"])
    fit = criteria()["fit"]
    data[f"weight_{fit.pk}"] = "20"  # total 90
    data[f"definition_{fit.pk}"] = "Changed definition"
    response = client.post(weights_url(model), data)
    assert response.status_code == 200
    assert "they must total exactly 100 %" in response.content.decode()
    assert "90.00 %" in response.content.decode()
    assert criteria()["fit"].weight == Decimal("30.00")
    assert criteria()["fit"].definition != "Changed definition"
    assert ScoringModel.objects.get(pk=model.pk).version == model.version
    x.refresh_from_db()
    assert x.priority_score == Decimal("66.00")
    # Moving 10 points from fit to value: saved, and X is recomputed.
    data[f"weight_{criteria()['value'].pk}"] = "35"
    response = client.post(weights_url(model), data)
    assert response.status_code == 302
    assert criteria()["fit"].weight == Decimal("20.00")
    assert criteria()["fit"].definition == "Changed definition"
    x.refresh_from_db()
    # fit 20 × 4.1667 / 5 = 16.67; value 35 × 4 / 5 = 28; risk 12; urgency 9.
    assert x.priority_score == Decimal("65.67")
    assert ScoringModel.objects.get(pk=model.pk).consistency_ratio is None


def test_weights_page_refuses_a_stale_save(world):
    model = ScoringModel.objects.get(is_default=True)
    first, second = client_as(world.users["pmo"]), client_as(UserFactory(roles=[Role.PMO]))
    page_1, page_2 = first.get(weights_url(model)), second.get(weights_url(model))
    value, fit = criteria()["value"], criteria()["fit"]
    data_1 = form_data(page_1.context["form"])
    data_1.update({f"weight_{value.pk}": "35", f"weight_{fit.pk}": "20"})
    assert first.post(weights_url(model), data_1).status_code == 302
    data_2 = form_data(page_2.context["form"])
    data_2.update({f"weight_{value.pk}": "15", f"weight_{fit.pk}": "40"})
    stale = second.post(weights_url(model), data_2)
    assert stale.status_code == 409
    assert 'id="conflict"' in stale.content.decode()
    assert criteria()["value"].weight == Decimal("35.00")


def test_control_characters_in_a_definition_are_refused(world):
    model = ScoringModel.objects.get(is_default=True)
    client = client_as(world.users["pmo"])
    data = form_data(client.get(weights_url(model)).context["form"])
    data[f"definition_{criteria()['value'].pk}"] = "bad\x07bell"
    response = client.post(weights_url(model), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "\x07" not in criteria()["value"].definition


# --- pairwise comparison ---------------------------------------------------------------

# Weights 4 : 2 : 2 : 1 : 1 written as ratios (fit, value, risk, urgency, regulatory).
CONSISTENT = {
    ("fit", "value"): "2",
    ("fit", "risk"): "2",
    ("fit", "urgency"): "4",
    ("fit", "regulatory"): "4",
    ("value", "risk"): "1",
    ("value", "urgency"): "2",
    ("value", "regulatory"): "2",
    ("risk", "urgency"): "2",
    ("risk", "regulatory"): "2",
    ("urgency", "regulatory"): "1",
}


def pairwise_data(page, judgements):
    data = form_data(page.context["form"])
    by_key = criteria()
    for (a, b), value in judgements.items():
        data[f"pair_{by_key[a].pk}_{by_key[b].pk}"] = value
    return data


def test_pairwise_comparison_sets_the_weights_and_shows_the_consistency_ratio(
    world, two_projects, english
):
    x, _y = two_projects
    model = ScoringModel.objects.get(is_default=True)
    url = reverse("portfolios:scoring_model_pairwise", args=[model.pk])
    client = client_as(world.users["pmo"])
    data = pairwise_data(client.get(url), CONSISTENT)
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "Consistency ratio: 0.000" in preview.content.decode()
    assert criteria()["fit"].weight == Decimal("30.00")  # a preview saves nothing
    response = client.post(url, {**data, "action": "save"}, follow=True)
    assert "Weights derived from the pairwise comparison and saved." in response.content.decode()
    assert {k: c.weight for k, c in criteria().items()} == {
        "fit": Decimal("40.00"),
        "value": Decimal("20.00"),
        "risk": Decimal("20.00"),
        "urgency": Decimal("10.00"),
        "regulatory": Decimal("10.00"),
    }
    stored = ScoringModel.objects.get(pk=model.pk)
    assert stored.consistency_ratio == Decimal("0.0000")
    assert stored.pairwise["fit|urgency"] == 4
    x.refresh_from_db()
    # fit 40 × 4.1667 / 5 = 33.33; value 20 × 4 / 5 = 16; risk 20 × 4 / 5 = 16; urgency 6.
    assert x.priority_score == Decimal("71.33")


def test_inconsistent_judgements_warn_but_can_be_saved(world, english):
    model = ScoringModel.objects.get(is_default=True)
    url = reverse("portfolios:scoring_model_pairwise", args=[model.pk])
    client = client_as(world.users["pmo"])
    circular = {**CONSISTENT, ("fit", "value"): "9", ("value", "risk"): "9", ("fit", "risk"): "1/9"}
    data = pairwise_data(client.get(url), circular)
    preview = client.post(url, {**data, "action": "preview"}).content.decode()
    assert "Judgements inconsistent: revise them." in preview
    response = client.post(url, {**data, "action": "save"}, follow=True)
    content = response.content.decode()
    assert "the judgements are inconsistent" in content
    assert "Judgements inconsistent: revise them." in content
    stored = ScoringModel.objects.get(pk=model.pk)
    assert stored.consistency_ratio > Decimal("0.1")
    assert sum(c.weight for c in criteria().values()) == Decimal("100.00")
    models_page = client.get(reverse("portfolios:scoring_models")).content.decode()
    assert "Judgements inconsistent: revise them." in models_page


def test_a_judgement_off_the_scale_is_refused(world):
    model = ScoringModel.objects.get(is_default=True)
    url = reverse("portfolios:scoring_model_pairwise", args=[model.pk])
    client = client_as(world.users["pmo"])
    data = pairwise_data(client.get(url), {("fit", "value"): "12"})
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert criteria()["fit"].weight == Decimal("30.00")


def test_pmo_gives_a_portfolio_its_own_model_then_removes_it(world, english):
    client = client_as(world.users["pmo"])
    response = client.post(reverse("portfolios:scoring_model_create"), {"portfolio": world.p2.pk})
    model = ScoringModel.objects.get(portfolio=world.p2)
    assert response.status_code == 302
    assert model.criteria.count() == 5
    again = client.post(reverse("portfolios:scoring_model_create"), {"portfolio": world.p2.pk})
    assert again.status_code == 200  # p2 is no longer offered
    assert ScoringModel.objects.filter(portfolio=world.p2).count() == 1
    client.post(reverse("portfolios:scoring_model_delete", args=[model.pk]))
    assert not ScoringModel.objects.filter(portfolio=world.p2).exists()
    default = ScoringModel.objects.get(is_default=True)
    response = client.post(
        reverse("portfolios:scoring_model_delete", args=[default.pk]), follow=True
    )
    assert "The company default model cannot be removed." in response.content.decode()
    assert ScoringModel.objects.filter(is_default=True).exists()
