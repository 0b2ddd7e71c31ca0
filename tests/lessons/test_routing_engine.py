"""The ranking engine of lesson routing (lessons/routing/engine.py) and its evaluation on the
hand-labelled sets (pmo_portal/management/bench_lessons_*.py)."""

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.routing.engine import (
    LEXICON,
    LessonDoc,
    LessonIndex,
    ProjectProfile,
    ProjectText,
    terms,
    translations,
)
from pmo_portal.management import (
    bench_lessons,
    bench_lessons_data,
    bench_lessons_dev2,
    bench_lessons_dev3,
    bench_lessons_heldout2,
)


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


def test_the_lexicon_bridges_french_projects_and_english_lessons():
    lessons = [
        LessonDoc(1, "Key users unavailable during acceptance testing", "en"),
        LessonDoc(2, "Hosting vendor without service levels", "en"),
        LessonDoc(3, "Fournisseur d'hébergement sans niveaux de service", "fr"),
    ]
    index = LessonIndex(lessons)
    french = ProjectProfile(
        id=7, texts=[ProjectText("risk", "Experts métier indisponibles pendant la recette")]
    )
    # Lessons of no domain nor type, the other two have no reason to be suggested.
    assert [item.lesson_id for item in index.rank(french)] == [1]
    english = ProjectProfile(id=8, texts=[ProjectText("risk", "Our supplier has no SLA")])
    matched = {item.lesson_id for item in index.rank(english) if item.text_score}
    assert matched == {2, 3}  # "supplier" meets "fournisseur"; "SLA" both


def test_each_text_of_the_project_is_a_query_of_its_own():
    """A lesson answering one short risk well is not drowned by a long description."""
    lessons = [
        LessonDoc(1, "Fenêtre de bascule trop courte, aucun retour arrière prévu", "fr"),
        LessonDoc(2, "Portail client : ergonomie, parcours, maquettes, charte graphique", "fr"),
    ]
    index = LessonIndex(lessons)
    profile = ProjectProfile(
        id=9,
        texts=[
            ProjectText(
                "description",
                "Nouveau portail client : parcours, ergonomie, maquettes, charte graphique, "
                "contenus, parcours, ergonomie",
            ),
            ProjectText("risk", "Bascule sans retour arrière"),
        ],
    )
    scores = {item.lesson_id: item.text_score for item in index.rank(profile)}
    assert scores[1] == pytest.approx(scores[2])  # each answers one text fully


def test_the_held_out_sets_are_reported_beside_the_development_sets():
    held_out, development = bench_lessons.quality(), bench_lessons.quality(bench_lessons_data)
    second = bench_lessons.quality(bench_lessons_heldout2)
    together = bench_lessons.quality(*bench_lessons.HELD_OUT_SETS)
    assert bench_lessons.quality(bench_lessons_dev2)["pairs"] >= 80
    assert bench_lessons.quality(bench_lessons_dev3)["pairs"] >= 50
    assert held_out["pairs"] >= 45
    assert held_out["projects"] == 12
    assert (second["projects"], second["pairs"]) == (15, 67)
    assert development["pairs"] == 43
    # Pooled: the mean over the 27 projects, each ranked among its own set's lessons.
    assert (together["projects"], together["pairs"]) == (27, held_out["pairs"] + 67)
    for figures in (held_out, second, together):
        assert figures["engine"]["precision_at_5"] > figures["baseline"]["precision_at_5"] + 0.1
    precision = together["engine"]["precision_at_5"]
    assert min(held_out["engine"]["precision_at_5"], second["engine"]["precision_at_5"]) < (
        precision
    )
    assert precision < max(held_out["engine"]["precision_at_5"], second["engine"]["precision_at_5"])


def test_the_bench_prints_each_held_out_set_and_both_together():
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

    with (
        mock.patch.object(bench_lessons, "timings", return_value={"available": False}),
        mock.patch.object(bench_lessons, "prediction_quality", return_value={}),
    ):
        bench_lessons.report(Out())
    routing = [line for line in lines if line.startswith("Lesson routing, ")]
    assert [line.split(" (")[0] for line in routing] == [
        "Lesson routing, held-out set",
        "Lesson routing, second held-out set",
        "Lesson routing, both held-out sets",
        "Lesson routing, development set 1",
        "Lesson routing, development set 2",
        "Lesson routing, development set 3",
    ]
    pairs = sum(len(ids) for data in bench_lessons.HELD_OUT_SETS for ids in data.RELEVANT.values())
    assert f"({pairs} labelled pairs, 27 projects, each among up to 50 lessons)" in routing[2]


def test_the_same_lesson_written_twice_goes_after_the_distinct_ones():
    lessons = [
        LessonDoc(
            1, "Reprise des données de SAP sous-estimée : prévoir des reprises à blanc", "fr"
        ),
        LessonDoc(
            2, "Reprise des données de Sage sous-estimée : prévoir des reprises à blanc", "fr"
        ),
        LessonDoc(3, "Données de référence sans propriétaire : nommer un responsable", "fr"),
    ]
    index = LessonIndex(lessons)
    profile = ProjectProfile(
        id=1,
        texts=[
            ProjectText("risk", "Reprise des données sous-estimée, pas de reprise à blanc"),
            ProjectText("issue", "Données de référence à fiabiliser"),
        ],
    )
    scores = {item.lesson_id: item.score for item in index.rank(profile)}
    assert min(scores[1], scores[2]) > scores[3]  # both twins score above the third lesson…
    ranked = [item.lesson_id for item in index.rank(profile)]
    assert ranked[1] == 3  # …yet the second suggestion is the one that says something else
    assert set(ranked) == {1, 2, 3}
    assert [item.lesson_id for item in index.rank(profile, top=2)] == ranked[:2]


def test_the_reason_quotes_the_project_text_the_lesson_answers_best():
    lessons = [
        LessonDoc(1, "Bascule sans plan de retour arrière : répéter la bascule", "fr"),
        LessonDoc(2, "Portail client : ergonomie des parcours", "fr"),
    ]
    index = LessonIndex(lessons)
    profile = ProjectProfile(
        id=1,
        texts=[
            ProjectText("description", "Portail client et bascule du réseau des agences"),
            ProjectText("risk", "Pas de retour arrière prévu si la bascule échoue"),
        ],
    )
    reasons = {item.lesson_id: item.reasons for item in index.rank(profile)}
    assert reasons[1] == [
        {
            "kind": "text",
            "source": "risk",
            "quote": "Pas de retour arrière prévu si la bascule échoue",
        }
    ]
    assert reasons[2][0]["source"] == "description"


def test_a_word_brings_the_other_ways_of_writing_it_in_its_own_language():
    """ "Prestataire" meets "fournisseur" (same notion, same language), below a lesson that
    uses the project's own word."""
    lessons = [
        LessonDoc(1, "Fournisseur d'hébergement sans pénalités", "fr"),
        LessonDoc(2, "Prestataire d'hébergement sans pénalités", "fr"),
        LessonDoc(3, "Formation des utilisateurs trop tardive", "fr"),
    ]
    index = LessonIndex(lessons)
    profile = ProjectProfile(id=1, texts=[ProjectText("risk", "Le prestataire traîne")])
    scores = {item.lesson_id: item.text_score for item in index.rank(profile)}
    assert set(scores) == {1, 2}
    assert 0 < scores[1] < scores[2]


def test_a_text_matching_one_word_gives_part_of_the_credit():
    """A risk whose best lesson shares a single word with it does not make that lesson rank
    with one that answers another risk fully."""
    lessons = [
        LessonDoc(1, "Bascule sans retour arrière : répéter la bascule et tester le retour", "fr"),
        LessonDoc(2, "Contrat d'hébergement : négocier les pénalités", "fr"),
        LessonDoc(3, "Formation des utilisateurs sur l'outil", "fr"),
    ]
    index = LessonIndex(lessons)
    profile = ProjectProfile(
        id=1,
        texts=[
            ProjectText("risk", "Bascule prévue sans retour arrière"),
            ProjectText("issue", "Contrat signé hier"),
        ],
    )
    scores = {item.lesson_id: item.text_score for item in index.rank(profile)}
    assert scores[1] == 1.0
    assert 0 < scores[2] < 0.75  # one word of the issue in common: part of the credit


ALL_VARIANTS = sorted(
    {variant for _side, variants, _shares in LEXICON for variant in variants}, key=sorted
)
ALL_TERMS = sorted({term for variant in ALL_VARIANTS for term in variant})


@given(
    variants=st.lists(st.sampled_from(ALL_VARIANTS), max_size=4),
    loose=st.sets(st.sampled_from([*ALL_TERMS, "zzz"]), max_size=6),
    language=st.sampled_from(["fr", "en"]),
)
@settings(max_examples=300, deadline=None)
def test_translations_try_only_the_notions_of_the_texts_words_and_find_the_same(
    variants, loose, language
):
    """The term index (NOTIONS_BY_TERM) finds what a scan of the whole lexicon finds: for
    texts holding whole notions and loose words of either language."""
    words = set(loose).union(*variants)
    expected: dict[str, float] = {}
    for side, notion, shares in LEXICON:
        if side == language and any(variant <= words for variant in notion):
            for term, share in shares.items():
                if term not in words:
                    expected[term] = max(expected.get(term, 0.0), share)
    assert translations(words, language) == expected
