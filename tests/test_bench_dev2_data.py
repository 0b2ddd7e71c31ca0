"""The second development set of lesson routing (issue 13) is well formed: it extends the first
set with 30 new lessons, every label points at a lesson that exists, every project gets 3 to 6
lessons and the set holds at least 80 pairs."""

from collections import Counter

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS
from pmo_portal.management.bench_lessons_data import PROJECTS as DEV_PROJECTS
from pmo_portal.management.bench_lessons_dev2 import LESSONS, NEW_LESSONS, PROJECTS, RELEVANT

PHASES = {
    "Cadrage",
    "Conception",
    "Réalisation",
    "Recette",
    "Déploiement",
    "Exploitation",
    "Clôture",
}
SOURCES = {"description", "risk", "issue", "report"}
NEW_IDS = set(range(101, 131))


def test_lessons_extend_the_dev_set_with_unique_ids():
    ids = [lesson[0] for lesson in LESSONS]
    assert len(ids) == len(set(ids)) == 60
    assert LESSONS[: len(DEV_LESSONS)] == DEV_LESSONS
    assert LESSONS[len(DEV_LESSONS) :] == NEW_LESSONS
    assert {lesson[0] for lesson in NEW_LESSONS} == NEW_IDS


def test_lessons_are_well_formed():
    for lesson_id, language, text, phase, domain, type_ in LESSONS:
        assert language in {"fr", "en"}, lesson_id
        assert text.strip(), lesson_id
        assert phase in PHASES, lesson_id
        assert domain in {None, 1, 2, 3, 4, 5}, lesson_id
        assert type_ in {None, 1, 2, 3, 4}, lesson_id


def test_new_lessons_are_mostly_french_and_some_are_transversal():
    languages = Counter(lesson[1] for lesson in NEW_LESSONS)
    assert 17 <= languages["fr"] <= 23
    assert languages["fr"] + languages["en"] == 30
    transversal = [lesson[0] for lesson in NEW_LESSONS if lesson[4] is None and lesson[5] is None]
    assert len(transversal) >= 3
    assert len({lesson[3] for lesson in NEW_LESSONS}) == len(PHASES)


def test_projects_are_new_and_well_formed():
    ids = [project[0] for project in PROJECTS]
    assert ids == list(range(401, 421))
    assert not set(ids) & {project[0] for project in DEV_PROJECTS}
    reports = 0
    for project_id, domain, type_, phase, upcoming, texts in PROJECTS:
        assert domain in {1, 2, 3, 4, 5}, project_id
        assert type_ in {1, 2, 3, 4}, project_id
        assert phase in PHASES, project_id
        assert upcoming, project_id
        assert set(upcoming) <= PHASES - {phase}, project_id
        sources = Counter(source for source, _ in texts)
        assert set(sources) <= SOURCES, project_id
        assert sources["description"] == 1, project_id
        assert 2 <= sources["risk"] + sources["issue"] <= 3, project_id
        assert sources["report"] <= 1, project_id
        assert all(text.strip() for _, text in texts), project_id
        reports += sources["report"]
    assert 7 <= reports <= 13


def test_projects_cover_every_domain_and_type():
    assert {project[1] for project in PROJECTS} == {1, 2, 3, 4, 5}
    assert {project[2] for project in PROJECTS} == {1, 2, 3, 4}


def test_every_project_has_three_to_six_existing_relevant_lessons():
    lesson_ids = {lesson[0] for lesson in LESSONS}
    assert set(RELEVANT) == {project[0] for project in PROJECTS}
    for project_id, relevant in RELEVANT.items():
        assert 3 <= len(relevant) <= 6, project_id
        assert relevant <= lesson_ids, project_id
    assert sum(len(relevant) for relevant in RELEVANT.values()) >= 80


def test_every_new_lesson_is_sent_to_some_project():
    sent = set().union(*RELEVANT.values())
    assert sent >= NEW_IDS
