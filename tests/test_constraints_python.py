"""Check constraints evaluated in Python (pmo_portal/constraints.py) give the database's
verdict: for every check constraint of every model of the portal, on values around its
boundaries (NULL included), Python's answer equals PostgreSQL's; and a status report with
ten milestones is validated without one constraint query."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import CheckConstraint, Q
from django.test.utils import CaptureQueriesContext

from pmo_portal.constraints import NotEvaluable, evaluate

pytestmark = pytest.mark.django_db
APPS = {"pmo_portal", "portfolios", "governance", "resources", "reporting", "lessons"}


def _names(condition: Q) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= _names(child)
        else:
            lookup, value = child
            names.add(lookup.split("__")[0])
            if isinstance(value, models.F):
                names.add(value.name)
    return names


def _samples(field) -> list:
    if isinstance(field, models.DecimalField):
        values = [Decimal("-1.00"), Decimal("0.00"), Decimal("0.50"), Decimal("100.00")]
    elif isinstance(field, models.IntegerField | models.FloatField):
        values = [-1, 0, 1, 3, 4, 5, 100, 101]
    elif isinstance(field, models.ForeignKey):
        values = [1, 2]
    elif isinstance(field, models.DateTimeField):
        values = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours) for hours in (0, 30)]
    elif isinstance(field, models.DateField):
        values = [date(2026, 1, 1) + timedelta(days=days) for days in (0, 1, 30, 400)]
    elif isinstance(field, models.BooleanField):
        values = [True, False]
    elif field.choices:
        values = [value for value, _label in field.flatchoices]
    elif isinstance(field, models.CharField | models.TextField):
        values = ["", "x"]
    else:
        return []
    return [*values, None] if field.null else values


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield pytest.param(model, constraint, id=f"{model.__name__}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()))
def test_python_and_the_database_agree(model, constraint):
    meta = model._meta
    fields = {
        name: meta.pk if name == "pk" else meta.get_field(name)
        for name in _names(constraint.condition)
    }
    samples = {name: _samples(field) for name, field in fields.items()}
    if not all(samples.values()):
        pytest.skip("a field this test cannot sample: the database checks it")
    rng = random.Random(constraint.name)
    compared = 0
    for _ in range(60):
        instance = model()
        for name, field in fields.items():
            setattr(instance, field.attname, rng.choice(samples[name]))
        try:
            ours = evaluate(constraint.condition, instance)
        except NotEvaluable:
            pytest.skip("not evaluated in Python: the database checks it")
        against = instance._get_field_expression_map(meta=model._meta)
        theirs = Q(constraint.condition).check(against)
        assert (ours is not False) == theirs, {name: getattr(instance, name) for name in fields}
        compared += 1
    assert compared == 60


def test_a_report_and_its_milestones_are_validated_without_a_query(world):
    from tests.reporting.factories import MilestoneFactory

    milestones = [MilestoneFactory(project=world.project_a, name=f"J{n}") for n in range(10)]
    report = world.draft_a
    with CaptureQueriesContext(connection) as queries:
        report.validate_constraints(exclude={"project"})
        for milestone in milestones:
            milestone.validate_constraints()
    assert len(queries) == 0
    report.percent_complete = 120
    with pytest.raises(ValidationError, match="report_percent_0_100"):
        report.validate_constraints(exclude={"project"})
