"""Lessons built through the services (so their fingerprint and search vector are set)."""

from __future__ import annotations

from datetime import date

from lessons.models import Category, Impact, Language, Lesson
from lessons.services.register import create_lesson, validate_lesson


def make_lesson(*, user, validated_by=None, **fields) -> Lesson:
    """A draft by ``user`` (validated by ``validated_by`` when given)."""
    values = {
        "title": "Jeux de données de recette livrés trop tard",
        "context": "La recette a démarré sans données anonymisées.",
        "what_happened": "",
        "recommendation": "Préparer les données de recette dès la conception.",
        "category": Category.PLANNING,
        "phase": "Recette",
        "business_domain": None,
        "project_type": None,
        "tags": "données de test, recette",
        "impact": Impact.MEDIUM,
        "source_project": None,
        "source_project_label": "Refonte facturation 2022",
        "date": date(2023, 3, 14),
        "language": Language.FRENCH,
        **fields,
    }
    lesson = create_lesson(user=user, fields=values)
    if validated_by is not None:
        lesson = validate_lesson(lesson=lesson, user=validated_by)
    return lesson
