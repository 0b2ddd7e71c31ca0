"""The ranking engine of lesson routing (lessons/routing/engine.py) and its evaluation on the
hand-labelled set (pmo_portal/management/bench_lessons_data.py)."""

from lessons.routing.engine import LessonDoc, LessonIndex, ProjectProfile, ProjectText, terms
from pmo_portal.management import bench_lessons


def test_terms_are_stemmed_and_folded():
    assert terms("dépassements budgétaires", "fr")[0] == terms("Dépassement du budget", "fr")[0]
    assert terms("budget overruns", "en") == terms("overrun of the budget", "en")[::-1]


def test_reasons_quote_the_matching_project_text():
    index = LessonIndex(
        [
            LessonDoc(1, "Disponibilité des experts métier en recette", "fr", "Recette", 7, 3),
            LessonDoc(2, "Contrat fournisseur sans pénalités", "fr", "Cadrage", 8, 4),
        ]
    )
    profile = ProjectProfile(
        id=10,
        texts=[
            ProjectText("description", "Nouveau progiciel comptable"),
            ProjectText("risk", "disponibilité des experts métier"),
        ],
        domain_id=7,
        type_id=5,
        current_phase="Réalisation",
        upcoming_phases=["Recette fonctionnelle", "Déploiement"],
    )
    (first,) = index.rank(profile)
    assert first.lesson_id == 1
    kinds = [reason["kind"] for reason in first.reasons]
    assert kinds == ["domain", "upcoming_phase", "text"]
    assert first.reasons[1]["phase"] == "Recette fonctionnelle"
    assert first.reasons[2] == {
        "kind": "text",
        "source": "risk",
        "quote": "disponibilité des experts métier",
    }


def test_feedback_reranks_and_not_relevant_is_left_out():
    lessons = [
        LessonDoc(1, "Recette tardive", "fr", "", 1, 1),
        LessonDoc(2, "Recette", "fr", "", 1, 1),
    ]
    index = LessonIndex(lessons)
    base = ProjectProfile(id=5, texts=[ProjectText("risk", "recette")], domain_id=1, type_id=1)
    top = [item.lesson_id for item in index.rank(base)]
    boosted = ProjectProfile(**{**base.__dict__, "feedback": {top[1]: (3, 0), top[0]: (0, 3)}})
    assert next(item.lesson_id for item in index.rank(boosted)) == top[1]
    excluded = ProjectProfile(**{**base.__dict__, "excluded": frozenset({top[0]})})
    assert [item.lesson_id for item in index.rank(excluded)] == [top[1]]


def test_the_engine_beats_the_baseline_on_the_labelled_set():
    figures = bench_lessons.quality()
    assert figures["pairs"] >= 30
    engine, baseline = figures["engine"], figures["baseline"]
    assert engine["precision_at_5"] > baseline["precision_at_5"]
    assert engine["recall_at_10"] > baseline["recall_at_10"]
