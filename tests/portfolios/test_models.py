"""Integrity rules held by the database itself, and tree invariants."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portfolios.models import Portfolio, PortfolioEnvelope, Project
from tests.portfolios.factories import ContributionFactory, PortfolioFactory, ProjectFactory


@pytest.mark.parametrize(
    "changes",
    [
        {"planned_start": date(2027, 1, 1), "planned_end": date(2026, 1, 1)},
        {"estimated_cost": Decimal("-1.00")},
        {"percent_complete": 101},
        {"health_overall": 7},
        {"eac": Decimal("-10.00")},
    ],
    ids=["end-before-start", "negative-cost", "percent-over-100", "bad-health", "negative-eac"],
)
def test_database_rejects_invalid_projects(world, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=world.project_a.pk).update(**changes)


def test_codes_are_unique(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(code="PRJ-A")


def test_one_contribution_per_project_and_objective(world):
    ContributionFactory(project=world.project_a, objective=world.objective)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionFactory(project=world.project_a, objective=world.objective)


def test_one_envelope_per_portfolio_and_year(world):
    PortfolioEnvelope.objects.create(portfolio=world.p1, fiscal_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        PortfolioEnvelope.objects.create(portfolio=world.p1, fiscal_year=2026)


def test_a_portfolio_cannot_move_under_its_descendant(world):
    world.company.parent = world.p1
    with pytest.raises(ValidationError) as excinfo:
        world.company.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_subtree_ids(world):
    deeper = PortfolioFactory(parent=world.p1)
    assert Portfolio.objects.subtree_ids([world.north.pk]) == {
        world.north.pk,
        world.p1.pk,
        deeper.pk,
    }


def test_projects_cannot_be_deleted_in_the_admin(admin_client, world):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:portfolios_project_delete", args=[world.project_a.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Project.objects.filter(pk=world.project_a.pk).exists()
