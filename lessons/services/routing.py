"""Routing lessons to live projects (issue 13): profiles read from the other apps, the ranking
(lessons/routing/engine.py), the stored routes (lessons/models/routing.py) and their
decisions.

``ranked_lessons`` is the one read the project tab and ``manage.py lessons_for`` share: the
engine's live ranking of the validated lessons, merged with the project's stored routes
(manual routes first, their status, lessons marked not relevant left out). It runs a fixed
number of queries whatever the number of lessons and projects. The engine's index of the
validated lessons is built once per process and rebuilt when the register changes (its
signature: count and last update of the validated lessons).

``refresh_routes`` (nightly, lessons/tasks.py) stores each live project's top suggestions as
automatic routes: idempotent (a rerun writes the same rows), it keeps manual routes and every
decision, and drops automatic suggestions that left the top.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from governance.models import Phase, ProjectLifecycle
from lessons.models import Lesson, LessonRoute, LessonStatus, RouteSource, RouteStatus
from lessons.routing.engine import (
    LessonDoc,
    LessonIndex,
    ProjectProfile,
    ProjectText,
    Suggestion,
)
from portfolios.models import Project, ProjectStatus
from reporting.models import RaidItem, RaidKind, RaidStatus, ReportStatus, StatusReport

LIVE_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
ROUTE_TOP = 15  # automatic routes stored per project
REFRESH_CHUNK = 500  # projects refreshed together (their profiles and routes in memory)
REPORT_DAYS = 120  # status reports of the last four months feed the profile
REPORT_FIELDS = ("achievements", "next_steps", "escalations", "comment")
DECIDED = (RouteStatus.APPLIED, RouteStatus.NOT_RELEVANT)

_index_lock = threading.Lock()
_index_cache: dict = {}


# --- The engine's inputs ---------------------------------------------------------------------


def lesson_doc(values: dict) -> LessonDoc:
    text = " ".join(
        values[name] or ""
        for name in ("title", "context", "what_happened", "recommendation", "tags")
    )
    return LessonDoc(
        id=values["id"],
        text=text,
        language=values["language"],
        phase=values["phase"],
        domain_id=values["business_domain_id"],
        type_id=values["project_type_id"],
        category=values["category"],
    )


LESSON_VALUES = (
    "id",
    "title",
    "context",
    "what_happened",
    "recommendation",
    "tags",
    "language",
    "phase",
    "business_domain_id",
    "project_type_id",
    "category",
)


def lesson_index() -> LessonIndex:
    """The index of the validated lessons (cached per process, see the module docstring)."""
    validated = Lesson.objects.filter(status=LessonStatus.VALIDATED)
    # Which lessons and their last change: the count, the id range (ids are never reused, so
    # another set of lessons — another database in the tests — has other ids) and the last
    # update.
    signature = tuple(
        validated.aggregate(
            count=Count("pk"), first=Min("pk"), top=Max("pk"), last=Max("updated_at")
        ).values()
    )
    with _index_lock:
        if _index_cache.get("signature") == signature:
            return _index_cache["index"]
    index = LessonIndex(lesson_doc(values) for values in validated.values(*LESSON_VALUES))
    with _index_lock:
        _index_cache.update(signature=signature, index=index)
    return index


def clear_index_cache() -> None:
    with _index_lock:
        _index_cache.clear()


def live_projects():
    return Project.objects.filter(status__in=LIVE_STATUSES, is_archived=False)


def profiles(project_ids: list[int], *, today=None) -> dict[int, ProjectProfile]:
    """The profiles of ``project_ids`` in seven queries, whatever their number."""
    today = today or timezone.localdate()
    projects = list(
        Project.objects.filter(pk__in=project_ids).values(
            "id", "name", "description", "business_domain_id", "project_type_id"
        )
    )
    texts: dict[int, list[ProjectText]] = {
        row["id"]: [ProjectText("description", f"{row['name']}. {row['description']}")]
        for row in projects
    }
    raid = RaidItem.objects.filter(
        project_id__in=project_ids,
        kind__in=(RaidKind.RISK, RaidKind.ISSUE),
        status__in=(RaidStatus.OPEN, RaidStatus.IN_PROGRESS),
    ).values_list("project_id", "kind", "title", "description")
    for project_id, kind, title, description in raid:
        texts[project_id].append(ProjectText(kind, f"{title}. {description}".strip(". ")))
    reports = StatusReport.objects.filter(
        project_id__in=project_ids,
        status=ReportStatus.SUBMITTED,
        period_end__gte=today - timedelta(days=REPORT_DAYS),
    ).values_list("project_id", *REPORT_FIELDS)
    for project_id, *parts in reports:
        for part in parts:
            if part and part.strip():
                texts[project_id].append(ProjectText("report", part))
    phases_of = _phases(project_ids)
    feedback, excluded = _feedback(projects)
    return {
        row["id"]: ProjectProfile(
            id=row["id"],
            texts=texts[row["id"]],
            domain_id=row["business_domain_id"],
            type_id=row["project_type_id"],
            current_phase=phases_of.get(row["id"], ("", []))[0],
            upcoming_phases=phases_of.get(row["id"], ("", []))[1],
            excluded=frozenset(excluded.get(row["id"], ())),
            feedback=feedback.get(row["id"], {}),
        )
        for row in projects
    }


def _phases(project_ids) -> dict[int, tuple[str, list[str]]]:
    """Each project's current phase and the phases after it in its methodology version."""
    lifecycles = list(
        ProjectLifecycle.objects.filter(project_id__in=project_ids).values(
            "project_id", "methodology_version_id", "current_phase__order", "current_phase__name"
        )
    )
    versions = {row["methodology_version_id"] for row in lifecycles}
    by_version: dict[int, list[tuple[int, str]]] = {}
    for version_id, order, name in Phase.objects.filter(version_id__in=versions).values_list(
        "version_id", "order", "name"
    ):
        by_version.setdefault(version_id, []).append((order, name))
    found = {}
    for row in lifecycles:
        current = row["current_phase__order"]
        if current is None:  # every gate passed: nothing ahead
            found[row["project_id"]] = ("", [])
            continue
        ahead = sorted(
            (order, name)
            for order, name in by_version.get(row["methodology_version_id"], [])
            if order > current
        )
        found[row["project_id"]] = (row["current_phase__name"], [name for _o, name in ahead])
    return found


def _feedback(projects: list[dict]):
    """Per project: {lesson: (applied, not relevant)} on the *other* projects of the same
    domain and type, and the lessons marked not relevant on the project itself."""
    groups = {(row["business_domain_id"], row["project_type_id"]) for row in projects}
    ids = {row["id"] for row in projects}
    decided = LessonRoute.objects.filter(
        status__in=DECIDED,
        project__business_domain_id__in={group[0] for group in groups},
        project__project_type_id__in={group[1] for group in groups},
    ).values_list(
        "project_id",
        "project__business_domain_id",
        "project__project_type_id",
        "lesson_id",
        "status",
    )
    counts: dict[tuple, dict[int, list[int]]] = {}
    own: dict[int, list[tuple[int, str]]] = {}
    for project_id, domain_id, type_id, lesson_id, status in decided:
        pair = counts.setdefault((domain_id, type_id), {}).setdefault(lesson_id, [0, 0])
        pair[0 if status == RouteStatus.APPLIED else 1] += 1
        if project_id in ids:
            own.setdefault(project_id, []).append((lesson_id, status))
    feedback, excluded = {}, {}
    for row in projects:
        group = dict(counts.get((row["business_domain_id"], row["project_type_id"]), {}))
        group = {lesson_id: list(pair) for lesson_id, pair in group.items()}
        for lesson_id, status in own.get(row["id"], ()):
            group[lesson_id][0 if status == RouteStatus.APPLIED else 1] -= 1
            if status == RouteStatus.NOT_RELEVANT:
                excluded.setdefault(row["id"], set()).add(lesson_id)
        feedback[row["id"]] = {
            lesson_id: (pair[0], pair[1]) for lesson_id, pair in group.items() if any(pair)
        }
    return feedback, excluded


# --- Reads -------------------------------------------------------------------------------------


def rank_project(project: Project, *, top: int | None = None) -> list[Suggestion]:
    return lesson_index().rank(profiles([project.pk])[project.pk], top=top)


def ranked_lessons(project: Project, *, top: int = 10) -> list[dict]:
    """The lessons for ``project``: manual routes first, then the engine's ranking; each with
    its lesson, score, reasons (data), status and stored route (or None). Lessons marked not
    relevant are left out; applied ones stay, marked."""
    suggestions = rank_project(project, top=top)
    routes = {
        route.lesson_id: route
        for route in LessonRoute.objects.filter(project=project).exclude(
            status=RouteStatus.NOT_RELEVANT
        )
    }
    manual = [route for route in routes.values() if route.source == RouteSource.MANUAL]
    items = [
        {"lesson_id": route.lesson_id, "score": route.score, "reasons": route.reasons}
        for route in sorted(manual, key=lambda route: route.lesson_id)
    ]
    seen = {item["lesson_id"] for item in items}
    items += [
        {"lesson_id": item.lesson_id, "score": item.score, "reasons": item.reasons}
        for item in suggestions
        if item.lesson_id not in seen
    ]
    lessons = Lesson.objects.select_related("business_domain", "project_type").in_bulk(
        [item["lesson_id"] for item in items]
    )
    ranked = []
    for item in items:
        lesson = lessons.get(item["lesson_id"])
        if lesson is None or lesson.status != LessonStatus.VALIDATED:
            continue
        route = routes.get(lesson.pk)
        ranked.append(
            {
                **item,
                "lesson": lesson,
                "route": route,
                "status": route.status if route else RouteStatus.SUGGESTED,
            }
        )
    return ranked


# --- Writes ------------------------------------------------------------------------------------


def refresh_project_routes(project_ids: list[int], *, index: LessonIndex | None = None) -> int:
    """Store the top automatic suggestions of ``project_ids`` (see the module docstring);
    returns the number of routes created."""
    index = index or lesson_index()
    found = profiles(project_ids)
    existing: dict[tuple[int, int], LessonRoute] = {
        (route.project_id, route.lesson_id): route
        for route in LessonRoute.objects.filter(project_id__in=project_ids)
    }
    keep: set[tuple[int, int]] = set()
    created, updated = [], []
    for project_id, profile in found.items():
        for item in index.rank(profile, top=ROUTE_TOP):
            key = (project_id, item.lesson_id)
            keep.add(key)
            route = existing.get(key)
            if route is None:
                created.append(
                    LessonRoute(
                        project_id=project_id,
                        lesson_id=item.lesson_id,
                        score=item.score,
                        reasons=item.reasons,
                    )
                )
            elif route.source == RouteSource.AUTOMATIC and (
                route.score != item.score or route.reasons != item.reasons
            ):
                route.score, route.reasons = item.score, item.reasons
                updated.append(route)
    stale = [
        route
        for key, route in existing.items()
        if key not in keep
        and route.source == RouteSource.AUTOMATIC
        and route.status == RouteStatus.SUGGESTED
    ]
    # One statement each for the chunk's deletions, updates and creations (no batch size:
    # the backend's largest), so the queries grow with the chunks, not with the routes.
    with transaction.atomic():
        _delete_with_history(stale)
        # Scores move every night: they are not history (decisions are).
        if updated:
            LessonRoute.objects.bulk_update(updated, ["score", "reasons"])
        bulk_create_with_history(created, LessonRoute)
    return len(created)


def _delete_with_history(routes: list[LessonRoute]) -> None:
    """Delete ``routes`` and write their deletion in their history, in two queries: a plain
    ``delete()`` writes one history row per route (simple_history's post_delete signal)."""
    if not routes:
        return
    history = LessonRoute.history.model
    now = timezone.now()
    history.objects.bulk_create(
        history(
            history_date=now,
            history_type="-",
            **{field.attname: getattr(route, field.attname) for field in history.tracked_fields},
        )
        for route in routes
    )
    # No signal to send (the history is written above) and nothing cascades from a route.
    queryset = LessonRoute.objects.filter(pk__in=[route.pk for route in routes])
    queryset._raw_delete(queryset.db)


def refresh_project_routes_in_chunks(project_ids: list[int], *, chunk: int = REFRESH_CHUNK) -> int:
    """``refresh_project_routes`` over ``project_ids``, ``chunk`` projects at a time (the
    queries grow with the number of chunks, not of projects or lessons)."""
    index = lesson_index()
    return sum(
        refresh_project_routes(project_ids[start : start + chunk], index=index)
        for start in range(0, len(project_ids), chunk)
    )


def refresh_routes(*, chunk: int = REFRESH_CHUNK) -> int:
    """Every live project (the nightly task)."""
    ids = list(live_projects().order_by("pk").values_list("pk", flat=True))
    return refresh_project_routes_in_chunks(ids, chunk=chunk)


@transaction.atomic
def route_lesson(*, lesson: Lesson, project: Project, user) -> LessonRoute:
    """The PMO routes ``lesson`` to ``project`` by hand (an automatic route becomes manual;
    a decision already taken is kept)."""
    if lesson.status != LessonStatus.VALIDATED:
        raise ValidationError(_("Only a validated lesson can be routed to a project."))
    if project.status not in LIVE_STATUSES or project.is_archived:
        raise ValidationError(_("Lessons are routed to live projects only."))
    route = LessonRoute.objects.select_for_update().filter(lesson=lesson, project=project).first()
    if route is None:
        route = LessonRoute(lesson=lesson, project=project)
    route.source = RouteSource.MANUAL
    route.routed_by = user
    if not any(reason.get("kind") == "manual" for reason in route.reasons):
        route.reasons = [{"kind": "manual"}, *route.reasons]
    route.full_clean()
    route._history_user = user
    route.save()
    return route


@transaction.atomic
def decide_route(
    *, project: Project, lesson: Lesson, user, status: str, reason: str = ""
) -> LessonRoute:
    """The project's manager (or the PMO) marks a lesson applied or not relevant (a reason is
    required for not relevant). The route is created when the lesson was a live suggestion.
    The caller checks ``lessons.decide_route`` on the project."""
    if not user.has_perm("lessons.decide_route", project):
        raise PermissionDenied
    if status not in DECIDED:
        raise ValidationError(_("Choose applied or not relevant."))
    reason = (reason or "").strip()
    if status == RouteStatus.NOT_RELEVANT and not reason:
        raise ValidationError({"reason": _("Say why this lesson is not relevant.")})
    if lesson.status != LessonStatus.VALIDATED:
        raise ValidationError(_("Only a validated lesson can be marked."))
    route = LessonRoute.objects.select_for_update().filter(lesson=lesson, project=project).first()
    if route is None:
        suggestion = next(
            (item for item in rank_project(project) if item.lesson_id == lesson.pk), None
        )
        route = LessonRoute(
            lesson=lesson,
            project=project,
            score=suggestion.score if suggestion else 0.0,
            reasons=suggestion.reasons if suggestion else [],
        )
    route.status = status
    route.reason = reason if status == RouteStatus.NOT_RELEVANT else ""
    route.decided_by = user
    route.decided_at = timezone.now()
    route.full_clean()
    route._history_user = user
    route.save()
    return route
