"""The held-out routing set (issue 13, done-when 1) is well formed: every label points at a
lesson that exists, every project gets 3 to 6 lessons and the set holds at least 45 pairs."""

from collections import Counter

from pmo_portal.management.bench_lessons_data import LESSONS as DEV_LESSONS
from pmo_portal.management.bench_lessons_data import PROJECTS as DEV_PROJECTS
from pmo_portal.management.bench_lessons_heldout import LESSONS, PROJECTS, RELEVANT

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


def test_lessons_extend_the_dev_set_with_unique_ids():
    ids = [lesson[0] for lesson in LESSONS]
    assert len(ids) == len(set(ids)) == 45
    assert LESSONS[: len(DEV_LESSONS)] == DEV_LESSONS
    assert set(ids) - {lesson[0] for lesson in DEV_LESSONS} == set(range(31, 46))


def test_lessons_are_well_formed():
    for lesson_id, language, text, phase, domain, type_ in LESSONS:
        assert language in {"fr", "en"}, lesson_id
        assert text.strip(), lesson_id
        assert phase in PHASES, lesson_id
        assert domain in {None, 1, 2, 3, 4, 5}, lesson_id
        assert type_ in {None, 1, 2, 3, 4}, lesson_id


def test_projects_are_new_and_well_formed():
    ids = [project[0] for project in PROJECTS]
    assert len(ids) == len(set(ids)) == 12
    assert not set(ids) & {project[0] for project in DEV_PROJECTS}
    for project_id, domain, type_, phase, upcoming, texts in PROJECTS:
        assert domain in {1, 2, 3, 4, 5}, project_id
        assert type_ in {1, 2, 3, 4}, project_id
        assert phase in PHASES, project_id
        assert set(upcoming) <= PHASES, project_id
        sources = Counter(source for source, _ in texts)
        assert set(sources) <= SOURCES, project_id
        assert sources["description"] == 1, project_id
        assert 2 <= sources["risk"] + sources["issue"] <= 3, project_id
        assert all(text.strip() for _, text in texts), project_id


def test_every_project_has_three_to_six_existing_relevant_lessons():
    lesson_ids = {lesson[0] for lesson in LESSONS}
    assert set(RELEVANT) == {project[0] for project in PROJECTS}
    for project_id, relevant in RELEVANT.items():
        assert 3 <= len(relevant) <= 6, project_id
        assert relevant <= lesson_ids, project_id
    assert sum(len(relevant) for relevant in RELEVANT.values()) >= 45


def test_the_set_mixes_french_and_english():
    new_languages = Counter(lesson[1] for lesson in LESSONS if lesson[0] > 30)
    assert set(new_languages) == {"fr", "en"}
    assert new_languages["fr"] > new_languages["en"]


def test_every_new_lesson_is_sent_to_some_project():
    sent = set().union(*RELEVANT.values())
    assert set(range(31, 46)) <= sent
