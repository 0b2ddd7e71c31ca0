"""How well the routing engine's way of weighting generalises (issue 13): leave one
development set out.

The engine's bonus weights (same domain, same type, upcoming and current phase, against a text
part of weight 1) were chosen on the three development sets together, so its figures on them
are in-sample. Here the four weights are fitted on two development sets only, by a pairwise
logistic regression (within each project, each relevant lesson against each other one, on the
parts of the score the engine gives: lessons/routing/engine.py), and the ranking they give is
measured on the third; each set in turn. The mean of the three rotations is the figure a
proposed change of the engine must beat before its held-out figure means anything; the held-out
set (bench_lessons_heldout.py) is never read here.

Run by hand (``manage.py shell -c "from pmo_portal.management import bench_lessons_rotation as
r; print(r.rotations())"``); not part of ``make bench``.
"""

from __future__ import annotations

import statistics

from lessons.routing import engine
from pmo_portal.management import bench_lessons_data, bench_lessons_dev2, bench_lessons_dev3
from pmo_portal.management.bench_lessons import labelled_set, precision_recall

DEVELOPMENT_SETS = {
    "development 1": bench_lessons_data,
    "development 2": bench_lessons_dev2,
    "development 3": bench_lessons_dev3,
}
PARTS = ("domain", "type", "upcoming_phase", "current_phase")


def score_parts(data) -> tuple[engine.LessonIndex, dict[int, dict[int, dict[str, float]]]]:
    """Per labelled project, per lesson the engine suggests: its text part and the bonuses it
    earns (a transversal lesson's domain or type counts W_TRANSVERSAL), as the engine sums
    them. A lesson the engine does not suggest has none."""
    lessons, projects = labelled_set(data)
    index = engine.LessonIndex(lessons)
    parts: dict[int, dict[int, dict[str, float]]] = {}
    for profile in projects:
        per_lesson = {}
        for suggestion in index.rank(profile):
            lesson = index.lessons[suggestion.lesson_id]
            kinds = {reason["kind"] for reason in suggestion.reasons}
            row = {"text": suggestion.text_score}
            row.update({part: float(part in kinds) for part in PARTS})
            if lesson.domain_id is None:
                row["domain"] = engine.W_TRANSVERSAL
            if lesson.type_id is None:
                row["type"] = engine.W_TRANSVERSAL
            per_lesson[suggestion.lesson_id] = row
        parts[profile.id] = per_lesson
    return index, parts


def engine_weights() -> dict[str, float]:
    return {
        "domain": engine.W_DOMAIN,
        "type": engine.W_TYPE,
        "upcoming_phase": engine.W_UPCOMING_PHASE,
        "current_phase": engine.W_CURRENT_PHASE,
    }


def ranked(index, parts, weights: dict[str, float], top: int = 10) -> dict[int, list[int]]:
    """Each project's lessons by text part plus the weighted bonuses (ties: lesson id), the
    near-duplicates after the distinct ones as in the engine."""
    rankings = {}
    for project_id, per_lesson in parts.items():
        scored = sorted(
            (-(row["text"] + sum(weights[p] * row[p] for p in PARTS)), lesson_id)
            for lesson_id, row in per_lesson.items()
        )
        suggestions = [engine.Suggestion(lesson_id, -s, 0.0, []) for s, lesson_id in scored]
        suggestions = index._distinct_first(suggestions, top)
        rankings[project_id] = [suggestion.lesson_id for suggestion in suggestions[:top]]
    return rankings


def fit(training: list[tuple[dict, dict]]) -> dict[str, float]:
    """The bonus weights, in units of the text part, that best order each training project's
    relevant lessons before its other ones (``training``: (parts, relevant) per set)."""
    from sklearn.linear_model import LogisticRegression

    columns = ("text", *PARTS)
    differences, outcomes = [], []
    for parts, relevant in training:
        for project_id, per_lesson in parts.items():
            rows = {lid: [row[c] for c in columns] for lid, row in per_lesson.items()}
            positives = [rows.get(lid, [0.0] * len(columns)) for lid in relevant[project_id]]
            negatives = [row for lid, row in rows.items() if lid not in relevant[project_id]]
            for good in positives:
                for bad in negatives:
                    difference = [g - b for g, b in zip(good, bad, strict=True)]
                    differences += [difference, [-value for value in difference]]
                    outcomes += [1, 0]
    model = LogisticRegression(fit_intercept=False, max_iter=5000).fit(differences, outcomes)
    coefficients = dict(zip(columns, model.coef_[0], strict=True))
    return {part: round(float(coefficients[part] / coefficients["text"]), 3) for part in PARTS}


def rotations(sets: dict | None = None) -> dict:
    """For each development set: the engine's own figures on it (in-sample) and those of the
    weights fitted on the other sets alone (out of sample), with the means."""
    sets = sets or DEVELOPMENT_SETS
    measured = {name: score_parts(data) for name, data in sets.items()}
    figures: dict = {}
    for name, data in sets.items():
        index, parts = measured[name]
        training = [(measured[other][1], sets[other].RELEVANT) for other in sets if other != name]
        weights = fit(training)
        figures[name] = {
            "engine": precision_recall(ranked(index, parts, engine_weights()), data.RELEVANT),
            "fitted_elsewhere": precision_recall(ranked(index, parts, weights), data.RELEVANT),
            "weights": weights,
        }
    for key in ("engine", "fitted_elsewhere"):
        figures[f"mean_{key}"] = tuple(
            round(statistics.mean(figures[name][key][i] for name in sets), 3) for i in (0, 1)
        )
    return figures
