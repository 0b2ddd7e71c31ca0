"""Leave-one-development-set-out validation of the routing weights (issue 13): the score's
parts it reads are the engine's own, each set is measured with weights fitted on the others
only, and the held-out sets are never read."""

from pmo_portal.management import bench_lessons_rotation
from pmo_portal.management.bench_lessons import HELD_OUT_SETS, quality


def test_the_engine_weights_rebuild_the_engine_figures_on_every_development_set():
    for data in bench_lessons_rotation.DEVELOPMENT_SETS.values():
        index, parts = bench_lessons_rotation.score_parts(data)
        rankings = bench_lessons_rotation.ranked(
            index, parts, bench_lessons_rotation.engine_weights()
        )
        engine = quality(data)["engine"]
        figures = bench_lessons_rotation.precision_recall(rankings, data.RELEVANT)
        assert figures == (engine["precision_at_5"], engine["recall_at_10"])


def test_each_set_is_measured_with_weights_fitted_on_the_other_sets_only(monkeypatch):
    seen = []
    original = bench_lessons_rotation.fit

    def recording_fit(training):
        seen.append([id(relevant) for _parts, relevant in training])
        return original(training)

    monkeypatch.setattr(bench_lessons_rotation, "fit", recording_fit)
    figures = bench_lessons_rotation.rotations()
    sets = list(bench_lessons_rotation.DEVELOPMENT_SETS.values())
    assert len(seen) == len(sets)
    for data, training in zip(sets, seen, strict=True):
        assert id(data.RELEVANT) not in training
        assert len(training) == len(sets) - 1
    read = {i for ids in seen for i in ids}
    assert not read & {id(data.RELEVANT) for data in HELD_OUT_SETS}
    for precision, recall in (figures["mean_engine"], figures["mean_fitted_elsewhere"]):
        assert 0 < precision <= 1
        assert 0 < recall <= 1


def test_the_fit_finds_the_bonus_that_orders_relevant_lessons_first():
    # Relevant lessons share the project's type, the others its domain; text is the same.
    parts = {
        pid: {
            lid: {
                "text": 0.5,
                "domain": float(lid > 3),
                "type": float(lid <= 3),
                "upcoming_phase": float(lid % 2),
                "current_phase": 0.0,
            }
            for lid in range(1, 9)
        }
        for pid in range(4)
    }
    for pid in parts:  # text still counts: a little more on one relevant lesson
        parts[pid][1]["text"] = 0.9
    relevant = {pid: {1, 2, 3} for pid in parts}
    weights = bench_lessons_rotation.fit([(parts, relevant)])
    assert weights["type"] > 0 > weights["domain"]
    assert abs(weights["upcoming_phase"]) < weights["type"]
