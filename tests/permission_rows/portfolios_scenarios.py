"""Rows of the scenario pages (portfolios/views/scenarios.py).

The PMO and executives read scenarios (an executive those of the portfolios they read: BU
North for the world's executive, so ``scen_b``, scoped on P2, answers 404); only the PMO
creates, edits, solves, forces, commits. Everyone else: 403. Writes are POST only (GET 405);
a GET of a read page posted to: 405. An empty form post re-renders with its errors (200); an
empty forcing post and a commit come back to the scenario (302). ``scen_*`` are solved
scenarios built on demand below.
"""

from tests.permission_rows import ON_DEMAND, row


def _scenario(portfolio_attribute: str):
    def build(world):
        from decimal import Decimal

        from portfolios.models import BusinessCaseYear
        from portfolios.services.scenarios import create_scenario, solve_scenario

        portfolio = getattr(world, portfolio_attribute)
        for project in (world.project_a, world.project_b):
            BusinessCaseYear.objects.get_or_create(
                project=project, year=2027, defaults={"capex": Decimal("50000")}
            )
        scenario = create_scenario(
            user=world.users["pmo"],
            fields={
                "name": f"Plan {portfolio.name}",
                "description": "",
                "portfolio": portfolio,
                "first_year": 2027,
                "last_year": 2027,
            },
            limits={(2027, "capex"): Decimal("80000")},
        )
        return solve_scenario(scenario=scenario, user=world.users["pmo"])

    return build


ON_DEMAND.update({"scen_a": _scenario("north"), "scen_b": _scenario("p2")})

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("portfolios:scenario_list", None, "get"): row("L 403 200 403 200 403 403"),
    ("portfolios:scenario_list", None, "post"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_create", None, "get"): row("L 403 200 403 403 403 403"),
    ("portfolios:scenario_create", None, "post"): row("L 403 200 403 403 403 403"),
    ("portfolios:scenario_compare", None, "get"): row("L 403 200 403 200 403 403"),
    ("portfolios:scenario_compare", None, "post"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_detail", "scen_a", "get"): row("L 403 200 403 200 403 403"),
    ("portfolios:scenario_detail", "scen_a", "post"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_detail", "scen_b", "get"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_edit", "scen_a", "get"): row("L 403 200 403 403 403 403"),
    ("portfolios:scenario_edit", "scen_a", "post"): row("L 403 200 403 403 403 403"),
    ("portfolios:scenario_edit", "scen_b", "get"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_edit", "scen_b", "post"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_solve", "scen_a", "get"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_solve", "scen_a", "post"): row("L 403 302 403 403 403 403"),
    ("portfolios:scenario_solve", "scen_b", "post"): row("L 403 302 403 404 403 403"),
    ("portfolios:scenario_solving", "scen_a", "get"): row("L 403 200 403 200 403 403"),
    ("portfolios:scenario_solving", "scen_a", "post"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_solving", "scen_b", "get"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_force", "scen_a", "get"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_force", "scen_a", "post"): row("L 403 302 403 403 403 403"),
    ("portfolios:scenario_force", "scen_b", "post"): row("L 403 302 403 404 403 403"),
    ("portfolios:scenario_export", "scen_a", "get"): row("L 403 200 403 200 403 403"),
    ("portfolios:scenario_export", "scen_a", "post"): row("L 405 405 405 405 405 405"),
    ("portfolios:scenario_export", "scen_b", "get"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_commit", "scen_a", "get"): row("L 403 200 403 403 403 403"),
    ("portfolios:scenario_commit", "scen_a", "post"): row("L 403 302 403 403 403 403"),
    ("portfolios:scenario_commit", "scen_b", "get"): row("L 403 200 403 404 403 403"),
    ("portfolios:scenario_commit", "scen_b", "post"): row("L 403 302 403 404 403 403"),
}
