"""The overrun-risk prediction (lessons/prediction.py): trained and measured on the demo
history, never shown below 50 closed projects, never trained on the project it predicts,
retrained weekly by the beat, printed by ``manage.py lessons_model``."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from lessons import prediction
from lessons.demo_history import seed_history
from lessons.models import PredictionModel, ProjectSnapshot
from lessons.tasks_analytics import retrain_overrun_model
from portfolios.models import BusinessDomain, Project, ProjectType
from resources.models import ActualCost, BudgetLine
from tests.lessons.test_analytics_history import references  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def history(references):  # noqa: F811
    seed_history(today=TODAY)


def test_trained_and_measured_on_the_history(history):
    model = prediction.train_model()
    assert model.n == 240
    assert 0 < model.positives < model.n
    assert 0.7 < model.auc <= 1.0  # the demo's mid-life figures do foretell the outcome
    assert 0.0 < model.brier < 0.2
    assert model.explanation["features"][:4] == list(prediction.NUMERIC)
    # Budget burnt faster than time raises the risk: the largest effect, in the right sense.
    coef = dict(zip(model.explanation["features"], model.explanation["coef"], strict=True))
    assert coef["burn"] > 0
    assert coef["risks"] > 0


def test_never_shown_below_fifty_closed_projects(history, world):
    keep = list(Project.objects.filter(code__startswith="HIST-").order_by("code")[:49])
    Project.objects.filter(code__startswith="HIST-").exclude(pk__in=[p.pk for p in keep]).delete()
    assert prediction.train_model() is None
    assert not PredictionModel.objects.exists()
    assert prediction.predict_project(world.project_a) is None
    response = _client(world).get(reverse("lessons:project_outlook", args=[world.project_a.pk]))
    assert b"No prediction" in response.content


def _client(world):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users["pm"])
    return client


def test_a_live_project_is_predicted_with_factors_and_quality(history, world):
    model = prediction.train_model()
    live = world.project_a
    live.project_type = ProjectType.objects.get(code="RD")
    live.business_domain = BusinessDomain.objects.get(code="IND")
    live.baseline_start, live.baseline_end = date(2025, 6, 1), date(2026, 12, 31)
    live.save()
    BudgetLine.objects.create(
        project=live,
        nature="opex",
        category="other",
        fiscal_year=2025,
        approved_amount=Decimal("500000"),
        baseline_amount=Decimal("500000"),
    )
    ActualCost.objects.create(
        project=live, date=date(2025, 12, 1), nature="opex", category="other",
        amount=Decimal("450000"),
    )  # fmt: skip
    assert live.pk not in model.project_ids  # live: not closed, so not a training row
    result = prediction.predict_project(live, today=TODAY)
    assert 0.0 <= result.probability <= 1.0
    assert not result.left_out
    assert result.trained_on == 240
    assert len(result.factors) == 3
    assert result.factors[0].raises  # 90 % of the budget burnt at half-time
    response = _client(world).get(reverse("lessons:project_outlook", args=[live.pk]))
    body = response.content.decode()
    assert "Probability of finishing more than 10 % over budget" in body
    assert f"ROC AUC {model.auc:.2f}" in body
    assert "on 240 closed projects" in body
    assert 'id="risk-factors"' in body


def test_a_closed_project_is_never_predicted_by_a_model_that_saw_it(history, monkeypatch):
    model = prediction.train_model()
    project = Project.objects.select_related("project_type", "business_domain").get(
        code="HIST-0007"
    )
    assert project.pk in model.project_ids
    seen = []
    real_fit = prediction.fit

    def spy(rows, **kwargs):
        seen.append([row.project_id for row in rows])
        return real_fit(rows, **kwargs)

    monkeypatch.setattr(prediction, "fit", spy)
    result = prediction.predict_project(project)
    assert result.left_out
    assert result.trained_on == 239
    assert len(seen) == 1
    assert project.pk not in seen[0]
    assert len(seen[0]) == 239
    assert project.pk not in [
        row.project_id for row in prediction.training_rows(exclude=project.pk)
    ]
    # Read as it was half-way (its snapshot), not from its final figures.
    assert ProjectSnapshot.objects.filter(project=project).exists()


def test_weekly_retraining_on_the_default_queue(history):
    task = PeriodicTask.objects.get(name="Overrun-risk model retraining")
    assert task.task == "lessons.tasks.retrain_overrun_model"
    assert task.queue == "default"
    assert (task.crontab.day_of_week, task.crontab.hour) == ("1", "5")
    result = retrain_overrun_model.apply().get()
    assert result["trained"]
    assert result["n"] == 240
    assert PredictionModel.objects.count() == 1


def test_command_prints_the_quality(history):
    out = StringIO()
    call_command("lessons_model", "--train", "--report", stdout=out)
    assert "n=240" in out.getvalue()
    assert "cross-validated ROC AUC=" in out.getvalue()


def test_the_bench_prints_the_models_measured_quality(history, db):
    from pmo_portal.management import bench_lessons

    figures = bench_lessons.prediction_quality()
    assert figures["available"]
    assert figures["n"] == 240
    assert 0.7 < figures["auc"] <= 1.0
    line = bench_lessons.prediction_line(figures)
    assert f"cross-validated ROC AUC {figures['auc']}" in line
    assert PredictionModel.objects.count() == 0  # measured, not stored


def test_the_bench_says_why_without_enough_history(db):
    from pmo_portal.management import bench_lessons

    line = bench_lessons.prediction_line(bench_lessons.prediction_quality())
    assert line == "Overrun-risk model: not measured (fewer than 50 closed projects)"
