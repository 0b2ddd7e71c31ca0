"""Demo scenarios (issue 12): two saved, solved scenarios that tell a story.

"Plan 2027" chooses among the candidates of the business unit of the project with the best
strategic fit, under that unit's 2027 CAPEX envelope; "Plan 2027 — CAPEX −15 %" is the same
with 15 % less CAPEX, and the project everyone liked (the best strategic fit) drops out.

Run after the demo's candidates and their business cases exist
(portfolios/demo_strategy.py); without candidates it creates nothing. Idempotent: scenarios
already there (by name) are left as they are.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DecimalField, F, Sum

from pmo_portal.roles import Role
from portfolios.models import (
    BusinessCaseYear,
    CriterionKind,
    Portfolio,
    PortfolioEnvelope,
    Project,
    Scenario,
)
from portfolios.selectors import scenarios as selectors
from portfolios.services import scenarios as services

YEAR = 2027
PLAN = "Plan 2027"
CUT = "Plan 2027 — CAPEX −15 %"
CUT_SHARE = Decimal("0.85")
# Above this many candidates in the scope's problem, the limit that tells the story is not
# searched for (the demo has about 60; only bench-sized seeds go past it).
STORY_SEARCH_MAX = 400


def _fit_points(project: Project) -> float:
    return sum(
        float(row.get("points") or 0)
        for row in project.priority_explanation or []
        if row.get("kind") == CriterionKind.FIT
    )


def _euros(amount: Decimal) -> str:
    """1 234 567 € (the demo's texts are French)."""
    return f"{amount:,.0f}".replace(",", "\u202f") + "\u00a0€"


def _pmo():
    users = get_user_model().objects.filter(groups__name=Role.PMO.value, is_active=True)
    return users.order_by("pk").first()


def _selects(scope: Portfolio, limit: Decimal, pk: int) -> bool:
    """Does the best selection under a CAPEX limit of ``limit`` in YEAR keep ``pk``?"""
    from portfolios import optimiser

    draft = Scenario(portfolio=scope, first_year=YEAR, last_year=YEAR)
    data = selectors.scenario_problem(draft)
    data.limits = {selectors.key_of(YEAR, "capex"): float(limit)}
    return pk in optimiser.solve(data.problem()).selected


def _limit(scope: Portfolio, liked: Project) -> tuple[Decimal, str, Decimal, Decimal]:
    """The CAPEX limit of "Plan 2027": the scope's 2027 envelope when, under it, the liked
    project is selected and 15 % less drops it; else the first level of the candidates'
    own need (from the whole need down, by 5 %) where that is true. Returns the limit, where
    it comes from, the envelope and the need."""
    ids = Portfolio.objects.subtree_ids([scope.pk])
    envelope = PortfolioEnvelope.objects.filter(portfolio_id__in=ids, fiscal_year=YEAR).aggregate(
        total=Sum("capex")
    )["total"] or Decimal(0)

    def tells_the_story(limit: Decimal) -> bool:
        return _selects(scope, limit, liked.pk) and not _selects(scope, limit * CUT_SHARE, liked.pk)

    # What the candidates need, as the optimiser sees it (remaining need of active ones).
    data = selectors.scenario_problem(Scenario(portfolio=scope, first_year=YEAR, last_year=YEAR))
    column = data.columns.index(selectors.key_of(YEAR, "capex"))
    need = Decimal(str(sum(vector[column] for vector in data.costs.values())))
    if len(data.costs) > STORY_SEARCH_MAX:
        # A bench-sized scope: up to 34 solves of thousands of projects (2.5 min at 8,000
        # projects) to find a story nobody reads there; the envelope, story unchecked.
        return envelope or need, "none", envelope, need
    if envelope and tells_the_story(envelope):
        return envelope, "envelope", envelope, Decimal(0)
    for step in range(20, 4, -1):
        limit = (need * Decimal(step) / 20 / 1000).quantize(Decimal("1"), ROUND_HALF_UP) * 1000
        if limit and tells_the_story(limit):
            return limit, "need", envelope, need
    return envelope or need, "none", envelope, need


@transaction.atomic
def seed_scenarios(*, stdout=None) -> dict:
    """Create and solve the two demo scenarios (see the module docstring). Returns what was
    created: ``{"scenarios": n, "liked": code or "", "dropped": bool}`` and, when it made
    them, their ``scope``, the CAPEX ``limit`` of "Plan 2027" and its ``source`` ("envelope":
    the scope's envelope; "need": a share of the candidates' need)."""
    counts = {"scenarios": 0, "liked": "", "dropped": False}
    pmo = _pmo()
    candidates = list(
        Project.objects.filter(
            is_archived=False,
            status__in=selectors.CANDIDATE_STATUSES,
            pk__in=BusinessCaseYear.objects.filter(year=YEAR, capex__gt=0).values("project"),
        )
        .annotate(
            alignment=Sum(
                F("contributions__score") * F("contributions__objective__weight"),
                output_field=DecimalField(),
            )
        )
        .select_related("portfolio")
    )
    if not candidates or pmo is None:
        return counts
    # Mandatory projects are selected whatever the budget: the story needs one that can drop.
    optional = [p for p in candidates if not p.is_mandatory] or candidates
    # The best strategic fit (points capped at the criterion's weight), ties broken by how
    # much the project serves the objectives (uncapped), then by its priority score.
    liked = max(
        optional,
        key=lambda p: (_fit_points(p), p.alignment or 0, p.priority_score or 0, p.code),
    )
    scope = liked.portfolio.parent or liked.portfolio
    counts["liked"] = liked.code
    existing = {s.name: s for s in Scenario.objects.filter(name__in=[PLAN, CUT])}
    if PLAN in existing and CUT in existing:
        return counts
    limit, source, envelope, need = _limit(scope, liked)
    counts.update({"scope": scope.name, "limit": limit, "source": source})
    fit_text = f"{liked.code} « {liked.name} »"
    if source == "envelope":
        why = f"l'enveloppe CAPEX {YEAR} de « {scope.name} » ({_euros(limit)})"
    else:
        share = round(100 * limit / need) if need else 0
        why = (
            f"une limite CAPEX {YEAR} de {_euros(limit)} ({share} % du besoin des projets "
            f"candidats ; l'enveloppe {YEAR} du périmètre est de {_euros(envelope)})"
        )
    story = source != "none"  # the liked project is kept, then drops at −15 %
    plans = [
        (
            PLAN,
            limit,
            f"Arbitrage {YEAR} de « {scope.name} » sous {why}."
            + (
                f" Le projet que tout le monde soutient, {fit_text} (le meilleur alignement "
                "stratégique), est retenu."
                if story
                else ""
            ),
        ),
        (
            CUT,
            (limit * CUT_SHARE).quantize(Decimal("1"), ROUND_HALF_UP),
            f"Même périmètre avec 15 % de CAPEX {YEAR} en moins"
            + (
                f" : {fit_text}, le mieux aligné sur les objectifs stratégiques, ne passe "
                "plus ; d'autres projets plus petits prennent sa place."
                if story
                else "."
            ),
        ),
    ]
    solved = {}
    for name, amount, description in plans:
        if name in existing:
            solved[name] = existing[name]
            continue
        scenario = services.create_scenario(
            user=pmo,
            fields={
                "name": name,
                "description": description,
                "portfolio": scope,
                "first_year": YEAR,
                "last_year": YEAR,
            },
            limits={(YEAR, "capex"): amount},
        )
        solved[name] = services.solve_scenario(scenario=scenario, user=pmo)
        counts["scenarios"] += 1
    cut = solved[CUT].result or {}
    plan = solved[PLAN].result or {}
    counts["dropped"] = liked.pk in (plan.get("selected") or []) and liked.pk not in (
        cut.get("selected") or []
    )
    if stdout is not None:
        stdout.write(
            f"Scenarios: {counts['scenarios']} created ({liked.code} "
            f"{'drops out' if counts['dropped'] else 'stays'} at −15 % CAPEX)."
        )
    return counts
