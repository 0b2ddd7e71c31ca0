"""The labelled sets of lesson routing (issue 13: the development sets the engine's weights were
fitted on and the held-out sets it is judged on) are well formed. Each extends the first
development set (bench_lessons_data, lessons 1-30) with its own new lessons, holds new
projects written like a project manager writes them, and labels each project with lessons that
exist; every new lesson is sent to some project. One table, one set per row (they used to be
three near-copies of the same file)."""

from collections import Counter
from dataclasses import dataclass

import pytest

from pmo_portal.management import (
    bench_lessons_data,
    bench_lessons_dev2,
    bench_lessons_dev3,
    bench_lessons_heldout,
    bench_lessons_heldout2,
)

PHASES = {"Cadrage", "Conception", "Réalisation", "Recette", "Déploiement", "Exploitation"}
PHASES |= {"Clôture"}
SOURCES = {"description", "risk", "issue", "report"}


@dataclass(frozen=True)
class Spec:
    new_lessons: range
    projects: range
    labels_per_project: tuple[int, int]
    min_pairs: int
    min_french: int  # of the new lessons
    min_english: int
    risks_and_issues: tuple[int, int] = (2, 3)  # per project
    french_majority: bool = False  # more new lessons in French than in English
    min_transversal: int = 0  # new lessons of no domain and no type
    every_phase: bool = False  # the new lessons cover every phase
    reports: tuple[int, int] | None = None  # projects with a status report


SETS = {
    "development 2": (
        bench_lessons_dev2,
        Spec(range(101, 131), range(401, 421), (3, 6), 80, 17, 7, (2, 3), True, 3, True, (7, 13)),
    ),
    "development 3": (
        bench_lessons_dev3,
        Spec(range(301, 331), range(601, 616), (3, 5), 50, 10, 10, (2, 4), every_phase=True),
    ),
    "held-out": (
        bench_lessons_heldout,
        Spec(range(31, 46), range(201, 213), (3, 6), 45, 8, 1, french_majority=True),
    ),
    "held-out 2": (
        bench_lessons_heldout2,
        Spec(range(701, 721), range(801, 816), (3, 6), 60, 11, 1, french_majority=True),
    ),
}
CASES = [pytest.param(data, spec, id=name) for name, (data, spec) in SETS.items()]


@pytest.mark.parametrize(("data", "spec"), CASES)
def test_lessons_extend_the_first_set_with_ids_of_their_own(data, spec):
    ids = [lesson[0] for lesson in data.LESSONS]
    assert len(ids) == len(set(ids)) == 30 + len(spec.new_lessons)
    assert data.LESSONS[:30] == bench_lessons_data.LESSONS
    assert data.LESSONS[30:] == data.NEW_LESSONS
    assert [lesson[0] for lesson in data.NEW_LESSONS] == list(spec.new_lessons)


def test_no_two_sets_share_a_new_lesson_or_a_project():
    lessons = [lesson[0] for data, _spec in SETS.values() for lesson in data.NEW_LESSONS]
    projects = [project[0] for data, _spec in SETS.values() for project in data.PROJECTS]
    projects += [project[0] for project in bench_lessons_data.PROJECTS]
    assert len(lessons) == len(set(lessons))
    assert len(projects) == len(set(projects))


@pytest.mark.parametrize(("data", "spec"), CASES)
def test_lessons_are_well_formed_in_both_languages(data, spec):
    for lesson_id, language, text, phase, domain, type_ in data.LESSONS:
        assert language in {"fr", "en"}, lesson_id
        assert text.strip(), lesson_id
        assert phase in PHASES, lesson_id
        assert domain in {None, 1, 2, 3, 4, 5}, lesson_id
        assert type_ in {None, 1, 2, 3, 4}, lesson_id
    languages = Counter(lesson[1] for lesson in data.NEW_LESSONS)
    assert languages["fr"] >= spec.min_french
    assert languages["en"] >= spec.min_english
    assert languages["fr"] > languages["en"] or not spec.french_majority
    transversal = [lesson for lesson in data.NEW_LESSONS if lesson[4] is None and lesson[5] is None]
    assert len(transversal) >= spec.min_transversal
    assert {lesson[3] for lesson in data.NEW_LESSONS} == PHASES or not spec.every_phase


@pytest.mark.parametrize(("data", "spec"), CASES)
def test_projects_are_well_formed_and_cover_every_domain_and_type(data, spec):
    assert [project[0] for project in data.PROJECTS] == list(spec.projects)
    for project_id, domain, type_, phase, upcoming, texts in data.PROJECTS:
        assert domain in {1, 2, 3, 4, 5}, project_id
        assert type_ in {1, 2, 3, 4}, project_id
        assert phase in PHASES, project_id
        assert upcoming, project_id
        assert set(upcoming) <= PHASES - {phase}, project_id
        sources = Counter(source for source, _ in texts)
        assert set(sources) <= SOURCES, project_id
        assert sources["description"] == 1, project_id
        fewest, most = spec.risks_and_issues
        assert fewest <= sources["risk"] + sources["issue"] <= most, project_id
        assert sources["report"] <= 1, project_id
        assert all(text.strip() for _, text in texts), project_id
    if spec.reports:
        reports = sum(source == "report" for project in data.PROJECTS for source, _ in project[5])
        assert spec.reports[0] <= reports <= spec.reports[1]
    assert {project[1] for project in data.PROJECTS} == {1, 2, 3, 4, 5}
    assert {project[2] for project in data.PROJECTS} == {1, 2, 3, 4}


@pytest.mark.parametrize(("data", "spec"), CASES)
def test_every_project_has_existing_relevant_lessons_and_every_new_one_is_sent(data, spec):
    lesson_ids = {lesson[0] for lesson in data.LESSONS}
    fewest, most = spec.labels_per_project
    assert set(data.RELEVANT) == {project[0] for project in data.PROJECTS}
    for project_id, relevant in data.RELEVANT.items():
        assert fewest <= len(relevant) <= most, project_id
        assert relevant <= lesson_ids, project_id
    assert sum(len(relevant) for relevant in data.RELEVANT.values()) >= spec.min_pairs
    assert set().union(*data.RELEVANT.values()) >= set(spec.new_lessons)
