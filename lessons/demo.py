"""Demo data of the lessons register (called by ``seed_demo`` after the portfolio demo).

138 lessons, 90 in French and 48 in English, made from the themes of
lessons/demo_catalogue.py: each theme on several systems, business domains, project types and
past projects, over 2019-2025. Most are validated by the PMO; the demo project manager
(chef.projet) has a few drafts waiting for validation; a few old ones are archived. Some name
a closed project of the portal as their source, the others a past project outside it.

Deterministic (a seeded random generator, fixed dates) and idempotent: a lesson whose
fingerprint (title, source, date) is already in the register is not created again.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lessons import demo_catalogue as catalogue
from lessons.models import Language, Lesson, LessonStatus
from lessons.services.register import fingerprint, refresh_search_vectors
from portfolios.models import BusinessDomain, Project, ProjectStatus, ProjectType

FR_INSTANCES = 5
EN_INSTANCES = 4
FIRST_DAY = date(2019, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days


def planned_lessons() -> list[dict]:
    """Every lesson of the demo, as field values (no database access)."""
    rng = random.Random(13)  # noqa: S311 - demo data, reproducible
    planned = []
    for language, themes, systems, past, instances in (
        (
            Language.FRENCH,
            catalogue.FR,
            catalogue.FR_SYSTEMS,
            catalogue.FR_PAST_PROJECTS,
            FR_INSTANCES,
        ),
        (
            Language.ENGLISH,
            catalogue.EN,
            catalogue.EN_SYSTEMS,
            catalogue.EN_PAST_PROJECTS,
            EN_INSTANCES,
        ),
    ):
        for theme_index, theme in enumerate(themes):
            (category, phase, impact, domains, types, title, context, happened, advice, tags) = (
                theme
            )
            chosen = rng.sample(systems, instances)
            for instance, system in enumerate(chosen):
                words = {
                    "system": system,
                    "weeks": rng.choice([3, 4, 5, 6, 8, 10]),
                    "pct": rng.choice([12, 15, 18, 22, 25, 30, 35, 40]),
                }
                planned.append(
                    {
                        "title": _capitalised(title.format(**words)),
                        "context": _capitalised(context.format(**words)),
                        "what_happened": _capitalised(happened.format(**words)),
                        "recommendation": advice,
                        "category": category,
                        "phase": phase,
                        "impact": impact,
                        "domain": domains[instance % len(domains)],
                        "type": types[(instance + theme_index) % len(types)],
                        "tags": tags,
                        "past": past[(theme_index + instance) % len(past)],
                        "date": FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                        "language": language,
                        "slot": len(planned),
                    }
                )
    return planned


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def seed_lessons() -> dict[str, int]:
    """Create the demo lessons that are missing; returns how many were created."""
    users = {user.username: user for user in get_user_model().objects.all()}
    pmo = users.get("pmo")
    if pmo is None:  # no demo company: nothing to attach the lessons to
        return {"lessons": 0}
    author = users.get("chef.projet", pmo)
    domains = {item.code: item for item in BusinessDomain.objects.all()}
    types = {item.code: item for item in ProjectType.objects.all()}
    closed = list(Project.objects.filter(status=ProjectStatus.CLOSED).order_by("code")[:20])
    known = set(Lesson.objects.values_list("fingerprint", flat=True))
    now = timezone.now()
    lessons = []
    for values in planned_lessons():
        slot = values["slot"]
        # One lesson in six comes from a closed project of the portal.
        project = closed[slot % len(closed)] if closed and slot % 6 == 0 else None
        source = project.code if project else values["past"]
        key = fingerprint(title=values["title"], source=source, date=values["date"])
        if key in known:
            continue
        status = LessonStatus.VALIDATED
        if slot % 23 == 5:
            status = LessonStatus.DRAFT
        elif slot % 19 == 7:
            status = LessonStatus.ARCHIVED
        drafted_by = author if status == LessonStatus.DRAFT or slot % 4 == 0 else pmo
        lessons.append(
            Lesson(
                title=values["title"],
                context=values["context"],
                what_happened=values["what_happened"],
                recommendation=values["recommendation"],
                category=values["category"],
                phase=values["phase"],
                impact=values["impact"],
                business_domain=domains.get(values["domain"]),
                project_type=types.get(values["type"]),
                tags=values["tags"],
                source_project=project,
                source_project_label="" if project else values["past"],
                date=values["date"],
                language=values["language"],
                status=status,
                validated_by=None if status == LessonStatus.DRAFT else pmo,
                validated_at=None if status == LessonStatus.DRAFT else now,
                created_by=drafted_by,
                fingerprint=key,
            )
        )
    created = bulk_create_with_history(lessons, Lesson, batch_size=500, default_user=pmo)
    refresh_search_vectors(lesson.pk for lesson in created)
    return {"lessons": len(created)}
