"""What one demo project's governance history holds (planned here, written by governance.demo).

Pure functions of the project's facts, the seeding day and the project's own random generator
(seeded with its code), so a project's history is the same at every run and whatever the
number of projects.

The story: the gates passed so far, mostly go, some go with conditions (tracked actions, most
done), a few no-go or postponed before the go; deliverables of passed phases mostly uploaded
before their gate, some caught up later (the PMO's push over the last year: compliance rises
from about 60 % to about 85 %), some still missing (late); the monthly compliance snapshots
are computed from that same history, so the trend and today's figures agree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pmo_portal.dates import month_end, months_until

PUSH_DAYS = 330  # the PMO's push for compliance started eleven months ago
NO_GO_REASONS = [
    "Le dossier présenté ne permet pas de décider : budget révisé non chiffré.",
    "Risques majeurs sans plan d'action ; à représenter après analyse.",
    "Le PV de recette n'est pas signé par les métiers.",
    "Le planning de référence n'est pas validé par les équipes.",
]
POSTPONE_REASONS = [
    "Sponsor indisponible : revue reportée au prochain COPIL.",
    "Arbitrage budgétaire en cours à la direction financière : décision reportée.",
]
GO_REASONS = [
    "Critères de la revue de passage remplis.",
    "Livrables conformes, risques maîtrisés.",
    "Décision prise en COPIL : passage à la phase suivante.",
]
CONDITIONS = [
    "Mettre à jour le planning de référence avant le prochain COPIL",
    "Compléter l'analyse de risques et la présenter au PMO",
    "Faire valider le budget révisé par le contrôle de gestion",
    "Nommer un responsable de la conduite du changement",
    "Finaliser le PV de recette des lots restants",
    "Documenter le plan de réversibilité avec le fournisseur",
]


@dataclass
class PlannedCondition:
    text: str
    due: date
    done_at: datetime | None


@dataclass
class PlannedReview:
    phase_order: int
    status: str  # requested / decided
    decision: str  # "" while requested
    requested_at: datetime
    decided_at: datetime | None
    reasons: str = ""
    request_note: str = ""
    planned_on: date | None = None
    decider: str = ""  # "pmo" or "sponsor"
    conditions: list[PlannedCondition] = field(default_factory=list)


@dataclass
class PlannedDeliverable:
    phase_order: int
    index: int  # the requirement's index in its phase
    uploaded_at: datetime | None = None
    template_pick: str = "latest"  # latest / older (made from an older major version)
    keep_old: bool = False  # made from a version since superseded: the version is recorded
    waived: bool = False
    waiver_reason: str = ""
    # Set by governance.demo when it picks the template version:
    template_version_id: int | None = None
    outdated_since: date | None = None  # the day a newer major version was published


@dataclass
class ProjectPlan:
    started_on: date
    version_number: int
    current_order: int
    reviews: list[PlannedReview]
    deliverables: list[PlannedDeliverable]


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def pick_version(versions: list[tuple[int, date]], started_on: date) -> int:
    """The latest methodology version published when the project started."""
    chosen = versions[0][0]
    for number, published_on in versions:
        if published_on <= started_on:
            chosen = number
    return chosen


def plan_project(project: dict, versions, phases_of, today: date, *, gate: str = "") -> ProjectPlan:
    """``versions``: [(number, published on)] oldest first; ``phases_of(number)`` the phases
    of a version as [(decider role, number of required deliverables)] in order; ``gate``:
    "open" when the project waits for a decision on its current gate (an open review),
    "postpone" when that decision was postponed, "" to let chance decide."""
    rng = random.Random(f"governance-{project['code']}")  # noqa: S311 (demo data)
    status = project["status"]
    if status == "approved":
        started = today - timedelta(days=rng.randint(10, 60))
        current = 0
    else:
        started = min(project["planned_start"], today - timedelta(days=30))
        percent = project["percent_complete"]
        if percent is None:
            percent = rng.randint(5, 90)
    number = pick_version(versions, started)
    phases = phases_of(number)
    if status != "approved":
        current = min(len(phases) - 2, int(percent * (len(phases) - 1) / 100))
    span = (today - started).days - 7
    gate_days = [started + timedelta(days=span * (i + 1) // (current + 1)) for i in range(current)]
    reviews: list[PlannedReview] = []
    deliverables: list[PlannedDeliverable] = []
    previous = started
    for order, gate_day in enumerate(gate_days, start=1):
        decider, needed = phases[order - 1]
        reviews += _passed_gate(rng, order, gate_day, previous, decider, today)
        for index in range(needed):
            deliverables.append(_passed_deliverable(rng, order, index, previous, gate_day, today))
        previous = gate_day
    order = current + 1
    decider, needed = phases[current]
    for index in range(needed):
        chance = 0.95 if gate == "open" else 0.5 + 0.45 * min(1.0, (today - previous).days / 90)
        if rng.random() < chance:
            day = previous + timedelta(days=int((today - previous).days * rng.uniform(0, 0.7)))
            deliverables.append(
                PlannedDeliverable(order, index, at(min(day, today - timedelta(days=1))))
            )
    reviews += _current_gate(rng, order, previous, decider, today, gate)
    return ProjectPlan(started, number, order, reviews, deliverables)


def _passed_gate(rng, order, gate_day, previous, decider, today) -> list[PlannedReview]:
    reviews = []
    draw = rng.random()
    if draw < 0.12 and (gate_day - previous).days > 40:
        first = gate_day - timedelta(days=rng.randint(14, 30))
        decision = "no_go" if draw < 0.08 else "postpone"
        reasons = rng.choice(NO_GO_REASONS if decision == "no_go" else POSTPONE_REASONS)
        reviews.append(
            PlannedReview(
                order,
                "decided",
                decision,
                at(first - timedelta(days=7)),
                at(first, 15),
                reasons=reasons,
                planned_on=first,
                decider=decider,
            )
        )
    with_conditions = rng.random() < 0.3
    review = PlannedReview(
        order,
        "decided",
        "go_conditions" if with_conditions else "go",
        at(gate_day - timedelta(days=7)),
        at(gate_day, 15),
        reasons=rng.choice(GO_REASONS),
        planned_on=gate_day,
        decider=decider,
    )
    if with_conditions:
        for text in rng.sample(CONDITIONS, rng.choice([1, 1, 2])):
            due = gate_day + timedelta(days=rng.randint(30, 75))
            done_at = None
            if due < today and rng.random() < 0.85:
                done_at = at(due - timedelta(days=rng.randint(0, 10)), 17)
            elif due >= today and rng.random() < 0.3:
                done_at = at(min(today, gate_day + timedelta(days=20)), 17)
            review.conditions.append(PlannedCondition(text, due, done_at))
    reviews.append(review)
    return reviews


def _passed_deliverable(rng, order, index, previous, gate_day, today) -> PlannedDeliverable:
    planned = PlannedDeliverable(order, index)
    # Before the PMO's push (started PUSH_DAYS ago) half the deliverables came late; since,
    # the gates are passed with their deliverables more and more often.
    push = (gate_day - (today - timedelta(days=PUSH_DAYS))).days / PUSH_DAYS
    on_time = 0.6 + 0.36 * min(1.0, max(0.0, push))
    draw = rng.random()
    if draw < on_time:
        length = (gate_day - previous).days
        day = previous + timedelta(days=int(length * rng.uniform(0.02, 0.6)))
    elif draw < 0.93 and (today - gate_day).days > 20:
        # Caught up after the gate, during the push.
        earliest = max(gate_day + timedelta(days=7), today - timedelta(days=PUSH_DAYS))
        day = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 2)))
    else:
        return planned  # never uploaded: late
    planned.uploaded_at = at(max(previous, min(day, today - timedelta(days=1))), 11)
    planned.template_pick = "older" if rng.random() < 0.05 else "latest"
    planned.keep_old = rng.random() < 0.15
    return planned


def _current_gate(rng, order, previous, decider, today, gate) -> list[PlannedReview]:
    if gate == "open":
        requested = max(previous, today - timedelta(days=3))
        return [
            PlannedReview(
                order,
                "requested",
                "",
                at(requested, 9),
                None,
                request_note="Livrables de la phase déposés : merci de statuer.",
                planned_on=today + timedelta(days=rng.randint(3, 8)),
                decider=decider,
            )
        ]
    draw = 0.05 if gate == "postpone" else rng.random()
    if draw < 0.06 and ((today - previous).days > 30 or gate):
        day = max(previous, today - timedelta(days=rng.randint(5, 20)))
        decision = "no_go" if draw < 0.04 else "postpone"
        reasons = rng.choice(NO_GO_REASONS if decision == "no_go" else POSTPONE_REASONS)
        return [
            PlannedReview(
                order,
                "decided",
                decision,
                at(day - timedelta(days=5)),
                at(day, 15),
                reasons=reasons,
                planned_on=day if decision == "no_go" else today + timedelta(days=21),
                decider=decider,
            )
        ]
    return []


@dataclass
class MonthFigures:
    expected: int = 0
    present: int = 0
    missing: int = 0
    late: int = 0
    outdated: int = 0


def snapshots(plan: ProjectPlan, needed: list[int], today: date) -> dict[date, MonthFigures]:
    """The project's compliance counts at the end of each of the last 12 months (up to today
    for the current month), from its planned history. ``needed``: the number of required
    deliverables per phase of its version."""
    go_days = sorted(
        r.decided_at.date()
        for r in plan.reviews
        if r.decision in {"go", "go_conditions"} and r.decided_at
    )
    by_key = {(d.phase_order, d.index): d for d in plan.deliverables}
    result = {}
    for month in months_until(today, 12):
        end = min(month_end(month), today)
        if end < plan.started_on:
            continue
        passed = sum(day <= end for day in go_days)
        figures = MonthFigures()
        for order in range(1, passed + 2):
            for index in range(needed[order - 1] if order <= len(needed) else 0):
                deliverable = by_key.get((order, index))
                figures.expected += 1
                if deliverable is not None and deliverable.waived:
                    continue  # waived: expected and compliant, neither present nor missing
                if (
                    deliverable
                    and deliverable.uploaded_at
                    and deliverable.uploaded_at.date() <= end
                ):
                    figures.present += 1
                    since = deliverable.outdated_since
                    figures.outdated += since is not None and since <= end
                else:
                    figures.missing += 1
                    figures.late += order <= passed
        result[month] = figures
    return result
