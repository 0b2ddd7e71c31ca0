"""The third development set of lesson routing (issue 13) is well formed: it extends the first
set with 30 new lessons, every label points at a lesson that exists, every project gets 3 to 5
lessons, every new lesson is sent somewhere and the set holds at least 50 pairs."""

from collections import Counter

from pmo_portal.management import bench_lessons_dev2, bench_lessons_heldout
from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS
from pmo_portal.management.bench_lessons_data import PROJECTS as DEV_PROJECTS
from pmo_portal.management.bench_lessons_dev3 import LESSONS, NEW_LESSONS, PROJECTS, RELEVANT

PHASES = {"Cadrage", "Conception", "Réalisation", "Recette", "Déploiement", "Exploitation"}
PHASES |= {"Clôture"}
SOURCES = {"description", "risk", "issue", "report"}
NEW_IDS = set(range(301, 331))


def test_lessons_extend_the_first_set_with_new_ids():
    ids = [lesson[0] for lesson in LESSONS]
    assert len(ids) == len(set(ids)) == 60
    assert LESSONS[: len(DEV_LESSONS)] == DEV_LESSONS
    assert {lesson[0] for lesson in NEW_LESSONS} == NEW_IDS
    other_sets = {lesson[0] for lesson in bench_lessons_dev2.NEW_LESSONS}
    other_sets |= {lesson[0] for lesson in bench_lessons_heldout.NEW_LESSONS}
    assert not NEW_IDS & other_sets


def test_lessons_are_well_formed_in_both_languages():
    for lesson_id, language, text, phase, domain, type_ in LESSONS:
        assert language in {"fr", "en"}, lesson_id
        assert text.strip(), lesson_id
        assert phase in PHASES, lesson_id
        assert domain in {None, 1, 2, 3, 4, 5}, lesson_id
        assert type_ in {None, 1, 2, 3, 4}, lesson_id
    languages = Counter(lesson[1] for lesson in NEW_LESSONS)
    assert languages["fr"] >= 10
    assert languages["en"] >= 10
    assert {lesson[3] for lesson in NEW_LESSONS} == PHASES


def test_projects_are_new_and_well_formed():
    ids = [project[0] for project in PROJECTS]
    assert ids == list(range(601, 616))
    taken = {project[0] for project in DEV_PROJECTS + bench_lessons_dev2.PROJECTS}
    assert not set(ids) & (taken | {project[0] for project in bench_lessons_heldout.PROJECTS})
    for project_id, domain, type_, phase, upcoming, texts in PROJECTS:
        assert domain in {1, 2, 3, 4, 5}, project_id
        assert type_ in {1, 2, 3, 4}, project_id
        assert phase in PHASES, project_id
        assert upcoming, project_id
        assert set(upcoming) <= PHASES - {phase}, project_id
        sources = Counter(source for source, _ in texts)
        assert set(sources) <= SOURCES, project_id
        assert sources["description"] == 1, project_id
        assert sources["risk"] + sources["issue"] >= 2, project_id
    assert {project[1] for project in PROJECTS} == {1, 2, 3, 4, 5}
    assert {project[2] for project in PROJECTS} == {1, 2, 3, 4}


def test_every_project_has_three_to_five_existing_relevant_lessons():
    lesson_ids = {lesson[0] for lesson in LESSONS}
    assert set(RELEVANT) == {project[0] for project in PROJECTS}
    for project_id, relevant in RELEVANT.items():
        assert 3 <= len(relevant) <= 5, project_id
        assert relevant <= lesson_ids, project_id
    assert sum(len(relevant) for relevant in RELEVANT.values()) >= 50
    assert set().union(*RELEVANT.values()) >= NEW_IDS
