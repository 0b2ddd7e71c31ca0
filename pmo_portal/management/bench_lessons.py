"""The lesson-routing figures of ``manage.py bench`` (issue 13): precision@5 and recall@10
of the engine and of a baseline (same domain and type alone) on the two hand-labelled held-out
sets (bench_lessons_heldout.py and bench_lessons_heldout2.py, each written by another hand
without looking at the engine; each alone and the two together), for reference on the
development sets the engine's weights were fitted on (bench_lessons_data.py,
bench_lessons_dev2.py and bench_lessons_dev3.py), and the time to route one live project
(the project tab's read) and every live project (the nightly refresh) on the database as it
is; with ``--lessons-only``, the same at 5,000 lessons and 2,000 live projects built and
rolled back (bench_lessons_scale.py). A wiring module like bench_optimiser.py.
"""

from __future__ import annotations

import statistics
import time

from lessons.routing.engine import LessonDoc, LessonIndex, ProjectProfile, ProjectText, baseline
from pmo_portal.management import (
    bench_lessons_data,
    bench_lessons_dev2,
    bench_lessons_dev3,
    bench_lessons_heldout,
    bench_lessons_heldout2,
    bench_lessons_scale,
    bench_optimiser,
)

TARGET_PRECISION = 0.75
TARGET_RECALL = 0.85
TARGET_ONE_PROJECT_MS = 200.0
HELD_OUT_SETS = (bench_lessons_heldout, bench_lessons_heldout2)


def labelled_set(data=bench_lessons_data) -> tuple[list[LessonDoc], list[ProjectProfile]]:
    lessons = [
        LessonDoc(id=id_, text=text, language=language, phase=phase, domain_id=d, type_id=t)
        for id_, language, text, phase, d, t in data.LESSONS
    ]
    projects = [
        ProjectProfile(
            id=id_,
            texts=[ProjectText(source, text) for source, text in texts],
            domain_id=d,
            type_id=t,
            current_phase=current,
            upcoming_phases=upcoming,
        )
        for id_, d, t, current, upcoming, texts in data.PROJECTS
    ]
    return lessons, projects


def precision_recall(rankings: dict[int, list[int]], relevant: dict) -> tuple[float, float]:
    """Mean precision@5 and recall@10 over the labelled projects."""
    precision = statistics.mean(len(set(rankings[pid][:5]) & relevant[pid]) / 5 for pid in relevant)
    recall = statistics.mean(
        len(set(rankings[pid][:10]) & relevant[pid]) / len(relevant[pid]) for pid in relevant
    )
    return round(precision, 3), round(recall, 3)


def rankings(data) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The engine's and the baseline's top 10 for each project of a labelled set."""
    lessons, projects = labelled_set(data)
    index = LessonIndex(lessons)
    engine = {p.id: [s.lesson_id for s in index.rank(p, top=10)] for p in projects}
    base = {p.id: baseline(lessons, p, top=10) for p in projects}
    return engine, base


def quality(*sets) -> dict:
    """The engine's and the baseline's figures on labelled sets, their projects pooled (each
    project ranked among the lessons of its own set): by default the first held-out set
    (bench_lessons_heldout.py, written by another hand without looking at the engine and
    never tuned on); ``quality(*HELD_OUT_SETS)`` is the two held-out sets together;
    ``bench_lessons_data``, ``bench_lessons_dev2`` and ``bench_lessons_dev3`` are the
    development sets the engine's weights were fitted on."""
    sets = sets or (bench_lessons_heldout,)
    engine: dict[int, list[int]] = {}
    base: dict[int, list[int]] = {}
    relevant: dict[int, set[int]] = {}
    lessons = 0
    for data in sets:
        set_engine, set_base = rankings(data)
        engine.update(set_engine)
        base.update(set_base)
        relevant.update(data.RELEVANT)
        lessons = max(lessons, len(data.LESSONS))
    engine_p, engine_r = precision_recall(engine, relevant)
    base_p, base_r = precision_recall(base, relevant)
    return {
        "pairs": sum(len(ids) for ids in relevant.values()),
        "projects": len(relevant),
        "lessons": lessons,
        "engine": {"precision_at_5": engine_p, "recall_at_10": engine_r},
        "baseline": {"precision_at_5": base_p, "recall_at_10": base_r},
    }


def timings() -> dict:
    """Routing on the database as it is (no figure when it has no live project)."""
    from lessons.services import routing

    project = routing.live_projects().order_by("pk").first()
    if project is None:
        return {"available": False, "note": "no live project"}
    routing.clear_index_cache()
    started = time.perf_counter()
    routing.lesson_index()
    index_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(5):
        started = time.perf_counter()
        routing.ranked_lessons(project, top=10)
        times.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    routing.refresh_routes()
    all_seconds = time.perf_counter() - started
    return {
        "available": True,
        "live_projects": routing.live_projects().count(),
        "index_ms": round(index_ms, 1),
        "one_project_ms": round(statistics.median(times), 1),
        "all_projects_s": round(all_seconds, 2),
    }


def add_arguments(parser) -> None:
    """``--lessons-only``, and the optimiser's arguments (bench.py calls this alone)."""
    bench_optimiser.add_arguments(parser)
    parser.add_argument(
        "--lessons-only",
        action="store_true",
        help="measure lesson routing alone (labelled set, then routing on the database as is, "
        "then at scale)",
    )
    parser.add_argument(
        "--lessons-scale",
        type=int,
        nargs=2,
        metavar=("LESSONS", "PROJECTS"),
        default=[bench_lessons_scale.LESSONS, bench_lessons_scale.PROJECTS],
        help="with --lessons-only: the validated lessons and live projects built (then rolled "
        "back) to measure search and routing at scale (default 5000 2000; 0 0: not measured)",
    )


def report(stdout, options: dict | None = None) -> dict:
    figures = quality()
    figures["held_out_2"] = quality(bench_lessons_heldout2)
    figures["held_out_together"] = quality(*HELD_OUT_SETS)
    figures["development"] = quality(bench_lessons_data)
    figures["development_2"] = quality(bench_lessons_dev2)
    figures["development_3"] = quality(bench_lessons_dev3)
    sets = (  # (name, figures, how each project's lessons are counted)
        ("held-out set", figures, "among"),
        ("second held-out set", figures["held_out_2"], "among"),
        ("both held-out sets", figures["held_out_together"], "each among up to"),
        ("development set 1", figures["development"], "among"),
        ("development set 2", figures["development_2"], "among"),
        ("development set 3", figures["development_3"], "among"),
    )
    for name, set_figures, pool in sets:
        e, b = set_figures["engine"], set_figures["baseline"]
        stdout.write(
            f"Lesson routing, {name} ({set_figures['pairs']} labelled pairs, "
            f"{set_figures['projects']} projects, {pool} {set_figures['lessons']} lessons): engine "
            f"precision@5 {e['precision_at_5']:.2f} recall@10 {e['recall_at_10']:.2f} (targets "
            f"{TARGET_PRECISION} / {TARGET_RECALL}); baseline (domain + type) precision@5 "
            f"{b['precision_at_5']:.2f} recall@10 {b['recall_at_10']:.2f}"
        )
    try:
        figures["timing"] = timings()
    except Exception as exc:  # the benchmark goes on; its line says why
        figures["timing"] = {"available": False, "note": f"{type(exc).__name__}: {exc}"}
    timing = figures["timing"]
    if timing.get("available"):
        stdout.write(
            f"Lesson routing time: one project {timing['one_project_ms']} ms (target "
            f"{TARGET_ONE_PROJECT_MS:.0f} ms; index build {timing['index_ms']} ms), every live "
            f"project ({timing['live_projects']}) {timing['all_projects_s']} s"
        )
    else:
        stdout.write(f"Lesson routing time: not measured ({timing.get('note')})")
    figures["prediction"] = prediction_quality()
    stdout.write(prediction_line(figures["prediction"]))
    lessons, projects = (options or {}).get("lessons_scale") or (0, 0)
    if lessons > 0 and projects > 0:
        stdout.write(
            f"Lesson routing at scale: building {lessons:,} lessons, {projects:,} projects…"
        )
        try:
            figures["scale"] = bench_lessons_scale.measure(lessons=lessons, projects=projects)
        except Exception as exc:  # the benchmark goes on; its line says why
            figures["scale"] = {"available": False, "note": f"{type(exc).__name__}: {exc}"}
        stdout.write(bench_lessons_scale.line(figures["scale"]))
    return figures


def prediction_quality() -> dict:
    """The overrun-risk model fitted on the database's closed history and measured out of
    fold (5-fold cross-validated ROC AUC and Brier score), timed; not stored."""
    from lessons import prediction

    started = time.perf_counter()
    try:
        fitted = prediction.fit(prediction.training_rows())
    except Exception as exc:  # the benchmark goes on; its line says why
        return {"available": False, "note": f"{type(exc).__name__}: {exc}"}
    if fitted is None:
        return {"available": False, "note": f"fewer than {prediction.MIN_CLOSED} closed projects"}
    return {
        "available": True,
        "n": len(fitted.project_ids),
        "positives": fitted.positives,
        "auc": round(fitted.auc, 3) if fitted.auc is not None else None,
        "brier": round(fitted.brier, 3) if fitted.brier is not None else None,
        "seconds": round(time.perf_counter() - started, 2),
    }


def prediction_line(figures: dict) -> str:
    if not figures.get("available"):
        return f"Overrun-risk model: not measured ({figures.get('note')})"
    return (
        f"Overrun-risk model ({figures['n']} closed projects, {figures['positives']} over "
        f"budget by more than 10 %): cross-validated ROC AUC {figures['auc']}, Brier score "
        f"{figures['brier']}, fitted and measured in {figures['seconds']} s"
    )


def after_pages(stdout, options: dict, *, copil_only: bool = False) -> dict:
    """The optimiser's and these figures of a full run (``bench``'s results)."""
    if copil_only:
        return {"optimiser": None, "lessons": None}
    return {"optimiser": bench_optimiser.report(stdout, options), "lessons": report(stdout)}
