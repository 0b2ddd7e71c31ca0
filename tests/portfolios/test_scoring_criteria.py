"""A scoring model's criteria added, edited and removed by the PMO (issue 12): weights are
never re-normalised silently, the priority scores are recomputed, the history keeps who did
what and why, and a stale page gets the conflict box.

The company default model (migration 0005): fit 30 %, value 25 %, risk 15 % (inverted),
urgency 15 %, regulatory 15 %."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portfolios.models import ProjectScore, ScoringCriterion, ScoringModel
from portfolios.services import scoring_criteria as services
from portfolios.services.scoring_scores import enter_scores
from tests.concurrency import CONFLICT_EN, client_as, form_data
from tests.portfolios.test_scoring import criteria


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def default():
    return ScoringModel.objects.get(is_default=True)


def compared(model):
    """As if the weights came from a pairwise comparison (judgements kept, a ratio)."""
    pairwise = {"value|urgency": 3.0, "fit|value": 1.0, "risk|regulatory": 0.5}
    ScoringModel.objects.filter(pk=model.pk).update(
        pairwise=pairwise, consistency_ratio=Decimal("0.05")
    )


def criteria_url(model):
    return reverse("portfolios:scoring_model_criteria", args=[model.pk])


def remove_url(criterion):
    return reverse("portfolios:scoring_criterion_remove", args=[criterion.pk])


def edit_url(criterion):
    return reverse("portfolios:scoring_criterion_edit", args=[criterion.pk])


def explanation_keys(project):
    project.refresh_from_db()
    return [item["key"] for item in project.priority_explanation]


def test_the_page_offers_the_kinds_not_used_yet_and_other(world, english):
    pmo = client_as(world.users["pmo"])
    form = pmo.get(criteria_url(default())).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["other"]
    services.remove_criterion(
        criterion=criteria()["urgency"],
        user=world.users["pmo"],
        weights={"value": Decimal("40")},
    )
    form = pmo.get(criteria_url(default())).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["urgency", "other"]


def test_pmo_adds_a_named_criterion_at_0_and_is_sent_to_the_weights(world, english):
    project = world.project_a
    enter_scores(project=project, user=world.users["pmo"], values={criteria()["value"].pk: 4})
    model = default()
    compared(model)
    pmo = client_as(world.users["pmo"])
    data = form_data(pmo.get(criteria_url(model)).context["form"])
    data.update(kind="other", name="Impact RSE", definition="0 : aucun. 5 : majeur.")
    response = pmo.post(criteria_url(model), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:scoring_model_weights", args=[model.pk])
    added = ScoringCriterion.objects.get(model=model, name="Impact RSE")
    assert (added.key, added.kind, added.weight, added.order) == (
        "custom-impact-rse",
        "other",
        Decimal("0.00"),
        5,
    )
    model.refresh_from_db()
    assert model.consistency_ratio is None  # the weights no longer come from the comparison
    assert model.history.first().history_change_reason == "criterion added: custom-impact-rse"
    assert added.history.first().history_user == world.users["pmo"]
    # Nothing moved (weight 0), but the explanation names the new criterion, not scored.
    project.refresh_from_db()
    assert project.priority_score == Decimal("20.00")
    assert explanation_keys(project)[-1] == "custom-impact-rse"
    # A second criterion of the same name would be confusing: refused.
    data = form_data(pmo.get(criteria_url(model)).context["form"])
    data.update(kind="other", name="impact rse")
    response = pmo.post(criteria_url(model), data)
    assert response.status_code == 200
    assert "This model already has a criterion of this name." in response.content.decode()


def test_other_needs_a_name_and_a_used_kind_is_refused(world, english):
    model = default()
    pmo = client_as(world.users["pmo"])
    data = form_data(pmo.get(criteria_url(model)).context["form"])
    response = pmo.post(criteria_url(model), {**data, "kind": "other", "name": " "})
    assert response.status_code == 200
    assert "Name this criterion" in response.content.decode()
    response = pmo.post(criteria_url(model), {**data, "kind": "value"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    with pytest.raises(ValidationError):
        services.add_criterion(model=model, user=world.users["pmo"], kind="value")
    assert model.criteria.count() == 5


def test_renaming_a_criterion_renames_it_in_the_explanations(world, english):
    project = world.project_a
    urgency = criteria()["urgency"]
    enter_scores(project=project, user=world.users["pmo"], values={urgency.pk: 5})
    pmo = client_as(world.users["pmo"])
    data = form_data(pmo.get(edit_url(urgency)).context["form"])
    data.update(name="Échéance", definition="5 : échéance légale dans l'année.")
    response = pmo.post(edit_url(urgency), data)
    assert response.status_code == 302
    urgency.refresh_from_db()
    assert (urgency.name, urgency.definition) == ("Échéance", "5 : échéance légale dans l'année.")
    project.refresh_from_db()
    item = next(i for i in project.priority_explanation if i["key"] == "urgency")
    assert item["name"] == "Échéance"
    record = urgency.history.first()
    assert (record.history_user, record.history_change_reason) == (
        world.users["pmo"],
        "name and definition edited",
    )
    tab = pmo.get(reverse("portfolios:scoring_project", args=[project.pk])).content.decode()
    assert "Échéance 15" in tab


def test_removing_asks_for_the_new_weights_and_keeps_the_scores_in_the_history(world, english):
    project, other = world.project_a, world.project_b
    value, urgency = criteria()["value"], criteria()["urgency"]
    for target in (project, other):
        enter_scores(project=target, user=world.users["pmo"], values={value.pk: 5, urgency.pk: 5})
    model = default()
    compared(model)
    project.refresh_from_db()
    assert project.priority_score > 0
    pmo = client_as(world.users["pmo"])
    page = pmo.get(remove_url(urgency))
    assert page.status_code == 200
    data = form_data(page.context["form"])
    assert f"weight_{urgency.pk}" not in data
    # The weights left total 100 − 15 = 85 as they are: refused, nothing removed.
    response = pmo.post(remove_url(urgency), data)
    assert response.status_code == 200
    assert "they must total exactly 100" in response.content.decode()
    assert ScoringCriterion.objects.filter(pk=urgency.pk).exists()
    data[f"weight_{value.pk}"] = "40"
    response = pmo.post(remove_url(urgency), data)
    assert response.status_code == 302
    assert not ScoringCriterion.objects.filter(pk=urgency.pk).exists()
    assert not ProjectScore.objects.filter(criterion_id=urgency.pk).exists()
    gone = ProjectScore.history.filter(criterion_id=urgency.pk, history_type="-")
    assert gone.count() == 2
    assert {(r.history_user, r.history_change_reason) for r in gone} == {
        (world.users["pmo"], "criterion removed: urgency")
    }
    model.refresh_from_db()
    assert model.consistency_ratio is None
    assert model.pairwise == {"fit|value": 1.0, "risk|regulatory": 0.5}
    assert dict(model.criteria.values_list("key", "weight"))["value"] == Decimal("40.00")
    project.refresh_from_db()
    assert project.priority_score == Decimal("40.00")  # value 5 → 40; urgency gone
    assert "urgency" not in explanation_keys(project)


def test_strategic_fit_and_the_last_criterion_cannot_be_removed(world, english):
    pmo = client_as(world.users["pmo"])
    fit = criteria()["fit"]
    page = pmo.get(remove_url(fit))
    assert "Strategic fit ties the ranking to the strategic objectives" in page.content.decode()
    assert page.context["refusal"]
    data = {f"weight_{c.pk}": str(c.weight) for c in criteria().values() if c.key != "fit"}
    data[f"weight_{criteria()['value'].pk}"] = "55"
    response = pmo.post(remove_url(fit), data)
    assert response.status_code == 200
    assert ScoringCriterion.objects.filter(pk=fit.pk).exists()
    for key in ("value", "risk", "urgency"):
        left = [c for c in criteria().values() if c.key not in (key, "regulatory")]
        services.remove_criterion(
            criterion=criteria()[key],
            user=world.users["pmo"],
            weights={"regulatory": Decimal(100) - sum(c.weight for c in left)},
        )
    services.remove_criterion(
        criterion=criteria()["regulatory"],
        user=world.users["pmo"],
        weights={"fit": Decimal("100")},
    )
    only = criteria()["fit"]
    assert len(criteria()) == 1
    with pytest.raises(ValidationError, match="at least one criterion"):
        services.remove_criterion(criterion=only, user=world.users["pmo"], weights={})


@pytest.mark.parametrize("screen", ["add", "edit", "remove"])
def test_a_stale_criteria_page_gets_the_conflict(world, english, screen):
    model = default()
    value, risk = criteria()["value"], criteria()["risk"]
    url = {"add": criteria_url(model), "edit": edit_url(value), "remove": remove_url(risk)}[screen]
    pmo = client_as(world.users["pmo"])
    data = form_data(pmo.get(url).context["form"])
    services.update_criterion(
        criterion=value, user=world.users["pmo"], name="Valeur", definition="Changée"
    )
    change = {
        "add": {"kind": "other", "name": "Innovation"},
        "edit": {"name": "Valeur métier"},
        "remove": {f"weight_{value.pk}": "40"},
    }[screen]
    response = pmo.post(url, {**data, **change})
    assert response.status_code == 409
    assert CONFLICT_EN in response.content.decode()
    assert ScoringCriterion.objects.filter(model=model).count() == 5
    assert ScoringCriterion.objects.get(pk=value.pk).name == "Valeur"
    if screen == "edit":
        rows = {r["label"]: (r["theirs"], r["mine"]) for r in response.context["conflict"]["rows"]}
        assert rows["Name"] == ("Valeur", "Valeur métier")
    # The form holds what was typed at the stored version: saving again goes through.
    again = pmo.post(url, form_data(response.context["form"]))
    assert again.status_code == 302


def test_the_criteria_page_costs_the_same_for_5_and_10_criteria(world):
    model = default()
    pmo = client_as(world.users["pmo"])
    pmo.get(criteria_url(model))  # warm the session
    counts = []
    for size in (5, 10):
        while model.criteria.count() < size:
            name = f"Critère {model.criteria.count()}"
            services.add_criterion(model=model, user=world.users["pmo"], kind="other", name=name)
        with CaptureQueriesContext(connection) as captured:
            assert pmo.get(criteria_url(model)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
