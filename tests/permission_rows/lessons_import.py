"""Rows of the lessons import (lessons/views/imports.py): the PMO only; a staged file is its
owner's (``staged_lessons``: uploaded by the PMO, a header and no row, so confirming it
imports nothing and comes back to the register). Writes are POST only (GET 405)."""

from tests.permission_rows import ON_DEMAND, row


def _staged(world):
    from lessons.services.lesson_import import stage_register

    return stage_register(
        owner=world.users["pmo"],
        name="rex.csv",
        file_format="csv",
        data=b"Titre;Contexte;Recommandation\n",
    )


ON_DEMAND.update({"staged_lessons": _staged})

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("lessons:lesson_import", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_import", None, "post"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_import_preview", "staged_lessons", "get"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_import_preview", "staged_lessons", "post"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_import_confirm", "staged_lessons", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_import_confirm", "staged_lessons", "post"): row("L 403 302 403 403 403 403"),
}
