"""Rows of the lessons register (lessons/views/register.py).

Every role reads validated lessons; a project manager also their own drafts; the PMO every
lesson. A lesson outside what a role reads: 404. The PMO and project managers draft; a
project manager edits only their own drafts (another lesson they read: 403); only the PMO
validates and archives (POST only: GET 405). An empty form post re-renders with its errors
(200). ``lesson_*`` are built on demand below: a validated lesson, a draft of ``pm``, a draft
of the PMO, an archived lesson.
"""

from tests.permission_rows import ON_DEMAND, row


def _lesson(status: str, author: str):
    def build(world):
        from lessons.services.register import archive_lesson, validate_lesson
        from tests.lessons.factories import make_lesson

        pmo = world.users["pmo"]
        lesson = make_lesson(user=world.users[author], title=f"Leçon {status} de {author}")
        if status in ("validated", "archived"):
            lesson = validate_lesson(lesson=lesson, user=pmo)
        if status == "archived":
            lesson = archive_lesson(lesson=lesson, user=pmo)
        return lesson

    return build


ON_DEMAND.update(
    {
        "lesson_validated": _lesson("validated", "pmo"),
        "lesson_draft_pm": _lesson("draft", "pm"),
        "lesson_draft_pmo": _lesson("draft", "pmo"),
        "lesson_archived": _lesson("archived", "pm"),
    }
)

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("lessons:lesson_list", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:lesson_list", None, "post"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_export_csv", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:lesson_export_xlsx", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:lesson_export_xlsx", None, "post"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_create", None, "get"): row("L 403 200 200 403 403 403"),
    ("lessons:lesson_create", None, "post"): row("L 403 200 200 403 403 403"),
    ("lessons:lesson_detail", "lesson_validated", "get"): row("L 403 200 200 200 200 200"),
    ("lessons:lesson_detail", "lesson_validated", "post"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_detail", "lesson_draft_pm", "get"): row("L 403 200 200 404 404 404"),
    ("lessons:lesson_detail", "lesson_draft_pmo", "get"): row("L 403 200 404 404 404 404"),
    ("lessons:lesson_detail", "lesson_archived", "get"): row("L 403 200 404 404 404 404"),
    ("lessons:lesson_edit", "lesson_validated", "get"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_edit", "lesson_validated", "post"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_edit", "lesson_draft_pm", "get"): row("L 403 200 200 404 404 404"),
    ("lessons:lesson_edit", "lesson_draft_pm", "post"): row("L 403 200 200 404 404 404"),
    ("lessons:lesson_edit", "lesson_draft_pmo", "get"): row("L 403 200 404 404 404 404"),
    ("lessons:lesson_edit", "lesson_archived", "post"): row("L 403 200 404 404 404 404"),
    ("lessons:lesson_validate", "lesson_draft_pm", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_validate", "lesson_draft_pm", "post"): row("L 403 302 403 404 404 404"),
    ("lessons:lesson_validate", "lesson_validated", "post"): row("L 403 302 403 403 403 403"),
    ("lessons:lesson_validate", "lesson_archived", "post"): row("L 403 302 404 404 404 404"),
    ("lessons:lesson_archive", "lesson_validated", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:lesson_archive", "lesson_validated", "post"): row("L 403 302 403 403 403 403"),
    ("lessons:lesson_archive", "lesson_draft_pm", "post"): row("L 403 302 403 404 404 404"),
}
