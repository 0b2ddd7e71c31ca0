"""Read side of prioritisation (issue 12): which scoring model applies to a project, the
priority score explained criterion by criterion, the ranking and the prioritised backlog.

Definitions (also written on the scoring pages):

- The applicable model of a project is its portfolio's scoring model, else the nearest
  ancestor portfolio's, else the company default.
- Points of a criterion = weight × s / 5, s the project's *validated* score 0–5 (risk counts
  inverted: 5 − s; no score: 0 points, "not scored").
- Strategic fit is computed: s = min(5, 5 × Σ (contribution/3) × (w_o / W_max)), w_o the
  objective's weight and W_max the largest weight among all objectives.
- The priority score is the sum of the points (0–100, 2 decimals).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Rank
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, pgettext

from portfolios.filters import ProjectFilter
from portfolios.models import (
    BusinessCaseYear,
    CriterionKind,
    ObjectiveContribution,
    Portfolio,
    Project,
    ProjectScore,
    ProjectStatus,
    ScoreStatus,
    ScoringCriterion,
    ScoringModel,
    StrategicObjective,
)

CENT = Decimal("0.01")
FIVE = Decimal(5)
THREE = Decimal(3)
ZERO = Decimal(0)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ModelIndex:
    """Every scoring model with its criteria (two queries) and the portfolio tree (one)."""

    default_id: int | None = None
    by_portfolio: dict[int, int] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)
    criteria: dict[int, list[ScoringCriterion]] = field(default_factory=dict)

    def model_id_for(self, portfolio_id: int | None) -> int | None:
        """The applicable model of a portfolio: its own, the nearest ancestor's, the default."""
        seen: set[int] = set()
        node = portfolio_id
        while node is not None and node not in seen:
            if node in self.by_portfolio:
                return self.by_portfolio[node]
            seen.add(node)
            node = self.parents.get(node)
        return self.default_id


def model_index(*, with_criteria: bool = True) -> ModelIndex:
    """Scoring models are few (one per portfolio at most): all of them, in 3 queries."""
    index = ModelIndex()
    for pk, portfolio_id, is_default in ScoringModel.objects.values_list(
        "pk", "portfolio_id", "is_default"
    ):
        if is_default:
            index.default_id = pk
        elif portfolio_id is not None:
            index.by_portfolio[portfolio_id] = pk
    index.parents = Portfolio.objects.parent_map()
    if with_criteria:
        for criterion in ScoringCriterion.objects.order_by("model_id", "order", "key"):
            index.criteria.setdefault(criterion.model_id, []).append(criterion)
    return index


def counted_score_filter() -> Q:
    """The scores that count: validated ones, and the previously validated value of a score
    whose change the project manager proposed (the proposal itself counts only once the PMO
    validates it)."""
    return Q(status=ScoreStatus.VALIDATED) | Q(validated_by__isnull=False)


def fit_scores(project_ids: Iterable[int]) -> dict[int, Decimal]:
    """Strategic fit s (0–5, unrounded) of each project (two queries)."""
    w_max = StrategicObjective.objects.aggregate(w=Max("weight"))["w"] or ZERO
    fit: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if w_max <= 0:
        return fit
    rows = ObjectiveContribution.objects.filter(project_id__in=list(project_ids)).values_list(
        "project_id", "score", "objective__weight"
    )
    for project_id, score, weight in rows:
        fit[project_id] += Decimal(score) / THREE * (weight or ZERO) / w_max
    return {pk: min(FIVE, FIVE * total) for pk, total in fit.items()}


def explain_rows(criteria, scores: dict[int, int], fit: Decimal | None):
    """The explanation (list of dicts) and the total for one project.

    ``scores`` maps criterion id → validated score; ``fit`` the computed strategic fit."""
    rows = []
    total = ZERO
    for criterion in criteria:
        weight = criterion.weight or ZERO
        if criterion.computed:
            s = fit if fit is not None else ZERO
            scored = True
        elif criterion.pk in scores:
            s = Decimal(scores[criterion.pk])
            scored = True
        else:
            s = None
            scored = False
        if s is None:
            points = ZERO
        else:
            effective = FIVE - s if criterion.inverted else s
            points = quantize(weight * effective / FIVE)
        total += points
        rows.append(
            {
                "key": criterion.key,
                "name": criterion.name,
                "kind": criterion.kind,
                "points": float(points),
                "score": float(quantize(s)) if s is not None else None,
                "scored": scored,
            }
        )
    return rows, quantize(total)


def compute_priorities(project_rows: Iterable[tuple[int, int]]) -> dict[int, tuple]:
    """``project_rows``: (project id, portfolio id). Returns project id → (score, explanation);
    a project without applicable model or criteria gets (None, []). Six queries."""
    project_rows = list(project_rows)
    if not project_rows:
        return {}
    index = model_index()
    ids = [pk for pk, _portfolio in project_rows]
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for project_id, criterion_id, value in (
        ProjectScore.objects.filter(project_id__in=ids)
        .filter(counted_score_filter())
        .values_list("project_id", "criterion_id", "value")
    ):
        scores[project_id][criterion_id] = value
    needs_fit = any(
        c.kind == CriterionKind.FIT for criteria in index.criteria.values() for c in criteria
    )
    fit = fit_scores(ids) if needs_fit else {}
    result = {}
    for pk, portfolio_id in project_rows:
        criteria = index.criteria.get(index.model_id_for(portfolio_id), [])
        if not criteria:
            result[pk] = (None, [])
            continue
        rows, total = explain_rows(criteria, scores.get(pk, {}), fit.get(pk, ZERO))
        result[pk] = (total, rows)
    return result


def projects_using(model_id: int) -> list[int]:
    """Ids of the projects whose applicable model is ``model_id`` (three queries)."""
    index = model_index(with_criteria=False)
    portfolio_ids = [pk for pk in index.parents if index.model_id_for(pk) == model_id]
    return list(Project.objects.filter(portfolio_id__in=portfolio_ids).values_list("pk", flat=True))


# --- the explanation, as every page shows it ---------------------------------------------


def criterion_label(item: dict) -> str:
    """The label of an explanation item: its name, else its kind's, in the reader's language."""
    if item.get("name"):
        return item["name"]
    try:
        return str(CriterionKind(item.get("kind")).label)
    except ValueError:
        return str(CriterionKind.OTHER.label)


def format_points(value) -> str:
    """ "30", "12,5", "7,25" (localised, no useless zeros), cached: a page formats hundreds."""
    if value is None:
        return ""
    language = get_language() or settings.LANGUAGE_CODE
    return _format_points(str(value), language, settings.USE_THOUSAND_SEPARATOR)


@lru_cache(maxsize=8192)
def _format_points(value: str, language: str, grouping: bool) -> str:
    number = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    places = 0 if number == number.to_integral() else (1 if number * 10 % 1 == 0 else 2)
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=grouping)


def explanation_parts(explanation) -> list[dict]:
    """Each criterion of an explanation with its label and its points formatted."""
    return [
        {
            **item,
            "label": criterion_label(item),
            "points_text": format_points(item.get("points")),
            "score_text": format_points(item.get("score")) if item.get("scored") else "",
        }
        for item in explanation or []
    ]


def explanation_text(score, explanation) -> str:
    """ "62 pts: Strategic fit 30, Value / ROI 20, Risk 12" in the reader's language; an
    unscored criterion says so. Empty when the score was never computed."""
    if score is None:
        return ""
    parts = []
    for item in explanation_parts(explanation):
        if item.get("scored"):
            parts.append(
                pgettext("criterion points", "%(label)s %(points)s")
                % {"label": item["label"], "points": item["points_text"]}
            )
        else:
            parts.append(
                pgettext("criterion points", "%(label)s not scored") % {"label": item["label"]}
            )
    if not parts:
        return gettext("%(total)s pts") % {"total": format_points(score)}
    return gettext("%(total)s pts: %(parts)s") % {
        "total": format_points(score),
        "parts": ", ".join(parts),
    }


# --- the prioritised backlog --------------------------------------------------------------

# Candidates: what a decision may still select or drop (scenarios choose among them too).
CANDIDATE_STATUSES = (ProjectStatus.PROPOSED, ProjectStatus.APPROVED, ProjectStatus.ON_HOLD)
SCORE_ORDER = F("priority_score").desc(nulls_last=True)


class BacklogFilter(ProjectFilter):
    """The project list's filters (search, portfolio, type, domain, status, manager) on the
    candidates; the list is ordered by rank, so without its sort, health and archive
    filters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("health", "archived", "o"):
            self.filters.pop(name, None)
        # A new filter, not the copied one with other choices: the copy may carry a form
        # field built earlier on the class's filter (the API schema generator reads it).
        status = self.filters["status"]
        self.filters["status"] = type(status)(
            field_name=status.field_name,
            label=status.label,
            choices=[(value.value, value.label) for value in CANDIDATE_STATUSES],
        )
        self.filters["status"].parent = self


def candidates(user) -> QuerySet[Project]:
    """Candidate projects ``user`` reads: proposed, approved or on hold, not archived."""
    return Project.objects.visible_to(user).filter(status__in=CANDIDATE_STATUSES, is_archived=False)


def business_case_total() -> Subquery:
    """Sum of CAPEX + OPEX over the years of a project's business case (None: no year)."""
    years = (
        BusinessCaseYear.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(F("capex") + F("opex")))
        .values("total")
    )
    return Subquery(years, output_field=DecimalField(max_digits=16, decimal_places=2))


def backlog(*, user, data) -> tuple[BacklogFilter, QuerySet[Project]]:
    """The prioritised backlog of ``user`` filtered by ``data`` (GET parameters): mandatory
    projects first (outside the ranking), then by priority score, best first.

    ``rank``: position by priority score among the listed candidates that are not mandatory
    (ties share a rank), computed by the database (a window over the filtered list), so a
    list filtered on one portfolio ranks that portfolio's candidates. One query for a page,
    one to count it, whatever the number of projects."""
    backlog_filter = BacklogFilter(data=data, queryset=candidates(user), user=user)
    queryset = (
        backlog_filter.qs.select_related("portfolio", "manager")
        .annotate(
            business_case_total=business_case_total(),
            rank=Window(Rank(), partition_by=[F("is_mandatory")], order_by=[SCORE_ORDER]),
        )
        .order_by("-is_mandatory", SCORE_ORDER, "code")
    )
    return backlog_filter, queryset


def backlog_rows(projects: Iterable[Project]) -> list[dict]:
    """What a backlog row shows beside the project: its explanation as text and parts."""
    return [
        {
            "project": project,
            "rank": None if project.is_mandatory else project.rank,
            "explanation": explanation_text(project.priority_score, project.priority_explanation),
        }
        for project in projects
    ]


def backlog_groups(projects: Iterable[Project]) -> list[dict]:
    """The rows of a backlog page in their groups: mandatory projects, then ranked ones."""
    groups: list[dict] = []
    for row in backlog_rows(projects):
        mandatory = row["project"].is_mandatory
        if not groups or groups[-1]["mandatory"] != mandatory:
            groups.append({"mandatory": mandatory, "rows": []})
        groups[-1]["rows"].append(row)
    return groups


# --- a project's prioritisation tab -------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: ScoringCriterion
    item: dict | None  # the criterion's part of the explanation
    score: ProjectScore | None

    @property
    def pending(self) -> bool:
        return self.score is not None and (
            self.score.proposed_value is not None or self.score.status == ScoreStatus.PROPOSED
        )

    @property
    def validated(self) -> int | None:
        if self.score is None or self.score.status != ScoreStatus.VALIDATED:
            return None
        return self.score.value

    @property
    def proposed(self) -> int | None:
        if not self.pending:
            return None
        return (
            self.score.proposed_value if self.score.proposed_value is not None else self.score.value
        )


@dataclass
class ProjectPriority:
    model: ScoringModel | None
    inherited_from: Portfolio | None  # the portfolio whose model applies, if not the project's
    score: Decimal | None
    explanation: str
    rows: list[CriterionRow]
    is_candidate: bool
    rank: int | None
    ranked: int  # how many candidates of the portfolio are ranked

    @property
    def pending(self) -> bool:
        return any(row.pending for row in self.rows)


def project_priority(*, project: Project, user) -> ProjectPriority:
    """The prioritisation of ``project`` as its tab shows it. The score and explanation are
    the stored ones (computed by the services whenever an input changes); a project never
    computed yet is computed here, without saving. Eight queries at most."""
    index = model_index()
    model_id = index.model_id_for(project.portfolio_id)
    model = (
        ScoringModel.objects.select_related("portfolio").filter(pk=model_id).first()
        if model_id
        else None
    )
    criteria = index.criteria.get(model_id, [])
    score, explanation = project.priority_score, project.priority_explanation
    if score is None and criteria:
        score, explanation = compute_priorities([(project.pk, project.portfolio_id)])[project.pk]
    items = {item.get("key"): item for item in explanation_parts(explanation)}
    scores = {
        s.criterion_id: s
        for s in ProjectScore.objects.filter(project=project).select_related(
            "proposed_by", "validated_by"
        )
    }
    rows = [CriterionRow(c, items.get(c.key), scores.get(c.pk)) for c in criteria]
    is_candidate = project.status in CANDIDATE_STATUSES and not project.is_archived
    rank, ranked = None, 0
    if is_candidate and not project.is_mandatory:
        same_portfolio = candidates(user).filter(
            portfolio_id__in=Portfolio.objects.subtree_ids([project.portfolio_id]),
            is_mandatory=False,
        )
        higher = (
            Q(priority_score__gt=score) if score is not None else Q(priority_score__isnull=False)
        )
        figures = same_portfolio.aggregate(ranked=Count("pk"), higher=Count("pk", filter=higher))
        rank, ranked = figures["higher"] + 1, figures["ranked"]
    inherited_from = None
    if model is not None and model.portfolio_id and model.portfolio_id != project.portfolio_id:
        inherited_from = model.portfolio
    return ProjectPriority(
        model=model,
        inherited_from=inherited_from,
        score=score,
        explanation=explanation_text(score, explanation),
        rows=rows,
        is_candidate=is_candidate,
        rank=rank,
        ranked=ranked,
    )


# --- scoring models and proposals ---------------------------------------------------------


def scoring_models() -> list[ScoringModel]:
    """Every scoring model (the company default first) with its criteria (two queries)."""
    return list(
        ScoringModel.objects.select_related("portfolio")
        .prefetch_related(Prefetch("criteria", ScoringCriterion.objects.order_by("order", "key")))
        .order_by("-is_default", "portfolio__name", "name")
    )


def portfolios_without_model() -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(scoring_model__isnull=True).order_by("name")


def scoring_model(pk: int) -> ScoringModel:
    """One model with its criteria, or 404."""
    model = (
        ScoringModel.objects.select_related("portfolio")
        .prefetch_related(Prefetch("criteria", ScoringCriterion.objects.order_by("order", "key")))
        .filter(pk=pk)
        .first()
    )
    if model is None:
        raise Http404
    return model


def pending_filter() -> Q:
    return Q(proposed_value__isnull=False) | Q(status=ScoreStatus.PROPOSED)


def pending_proposals(*, user) -> QuerySet[ProjectScore]:
    """Proposals awaiting the PMO, oldest first, in ``user``'s reading scope."""
    return (
        ProjectScore.objects.filter(pending_filter())
        .filter(project__in=Project.objects.visible_to(user))
        .select_related("project", "project__portfolio", "criterion", "proposed_by")
        .order_by("updated_at", "pk")
    )


def proposal_for_user(*, user, pk: int) -> ProjectScore:
    """A score whose project ``user`` reads (404 otherwise), with its project."""
    score = (
        ProjectScore.objects.filter(project__in=Project.objects.visible_to(user))
        .select_related("project", "criterion")
        .filter(pk=pk)
        .first()
    )
    if score is None:
        raise Http404
    return score
