"""Builders of the scenario tests (tests/portfolios/test_scenarios*.py): candidate projects
with a business case, scenarios with limits, and reading the scenario pages."""

from __future__ import annotations

from decimal import Decimal

from lxml import html

from portfolios.models import (
    BusinessCaseYear,
    DependencyKind,
    Project,
    ProjectDependency,
    ProjectStatus,
)
from portfolios.services import scenarios as services
from tests.portfolios.factories import PortfolioFactory, ProjectFactory

YEAR = 2027


def candidate(
    portfolio,
    code: str,
    *,
    value,
    capex=0,
    opex=0,
    fte=0,
    year: int = YEAR,
    status=ProjectStatus.PROPOSED,
    mandatory: bool = False,
    manager=None,
    **fields,
) -> Project:
    """A project of ``portfolio`` scored ``value`` needing ``capex`` / ``opex`` / ``fte`` in
    ``year`` (a dict {year: (capex, opex, fte)} for several years)."""
    extra = {"manager": manager} if manager is not None else {}
    project = ProjectFactory(
        portfolio=portfolio,
        code=code,
        name=fields.pop("name", f"Projet {code}"),
        status=status,
        is_mandatory=mandatory,
        **extra,
        **fields,
    )
    Project.objects.filter(pk=project.pk).update(
        priority_score=Decimal(str(value)) if value is not None else None
    )
    project.refresh_from_db()
    needs = capex if isinstance(capex, dict) else {year: (capex, opex, fte)}
    BusinessCaseYear.objects.bulk_create(
        [
            BusinessCaseYear(
                project=project,
                year=y,
                capex=Decimal(str(c)),
                opex=Decimal(str(o)),
                fte=Decimal(str(f)),
            )
            for y, (c, o, f) in needs.items()
        ]
    )
    return project


def depends(project, other, kind=DependencyKind.REQUIRES) -> None:
    ProjectDependency.objects.create(project=project, other=other, kind=kind)


def scenario(user, portfolio, *, limits: dict, name="Plan 2027", first=YEAR, last=None):
    """A draft scenario (through the service) with ``limits`` {(year, kind): amount}."""
    return services.create_scenario(
        user=user,
        fields={
            "name": name,
            "description": "",
            "portfolio": portfolio,
            "first_year": first,
            "last_year": last or first,
        },
        limits={key: Decimal(str(amount)) for key, amount in limits.items()},
    )


def arbitrage_portfolio(world, name="Portefeuille Arbitrages"):
    """A portfolio of BU North (the executive reads it), empty."""
    return PortfolioFactory(name=name, parent=world.north)


def page(response):
    return html.fromstring(response.content.decode())


def codes_in(response, table_id: str) -> list[str]:
    tree = page(response)
    return [tr.get("data-project") for tr in tree.xpath(f'//table[@id="{table_id}"]/tbody/tr')]


def text(response) -> str:
    return " ".join(page(response).text_content().split())
