"""Rows of closure reviews (lessons/views/closure.py) and improvement actions
(lessons/views/actions.py).

Closure reviews: every role reads the review tab of a project it reads (404 otherwise); the
project's manager and the PMO start it (``project_a`` is not closed: the start answers with
a message, 302), edit it while a draft, draft lessons from it, capture its figures again and
submit it; only the PMO validates it (a draft: refused with a message, 302), sends it back and
lists the reviews. ``closure_review_a`` is a draft review of ``project_a`` (closed for it) by
its manager ``pm``; ``closure_review_b`` one of ``project_b``.

Improvement actions: every role reads them; only the PMO creates and edits (an empty post
re-renders with its errors, 200); the PMO or the owner (``pm`` for ``action_a``) marks one
done. Writes are POST only (GET 405).
"""

from tests.permission_rows import ON_DEMAND, row


def _review(project_attribute: str):
    def build(world):
        from lessons.services.closure import start_review
        from portfolios.models import ProjectStatus

        project = getattr(world, project_attribute)
        project.status = ProjectStatus.CLOSED
        project.save()
        return start_review(project=project, user=world.users["pmo"])

    return build


def _action(world):
    from datetime import date

    from lessons.services.actions import create_action

    return create_action(
        user=world.users["pmo"],
        fields={
            "title": "Ajouter un jalon de données de recette",
            "description": "",
            "lesson": None,
            "analytic_reference": "Projets en retard par type",
            "owner": world.users["pm"],
            "due_date": date(2030, 1, 31),
            "status": "open",
            "methodology_version": None,
            "template_version": None,
        },
    )


ON_DEMAND.update(
    {
        "closure_review_a": _review("project_a"),
        "closure_review_b": _review("project_b"),
        "action_a": _action,
    }
)

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("lessons:closure_list", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:closure_review", "project_a", "get"): row("L 403 200 200 200 200 200"),
    ("lessons:closure_review", "project_b", "get"): row("L 403 200 404 404 200 200"),
    ("lessons:closure_start", "project_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:closure_start", "project_a", "post"): row("L 403 302 302 403 403 403"),
    ("lessons:closure_start", "project_b", "post"): row("L 403 302 404 404 403 403"),
    ("lessons:closure_edit", "closure_review_a", "get"): row("L 403 200 200 403 403 403"),
    ("lessons:closure_edit", "closure_review_a", "post"): row("L 403 302 302 403 403 403"),
    ("lessons:closure_edit", "closure_review_b", "get"): row("L 403 200 404 404 403 403"),
    ("lessons:closure_lesson", "closure_review_a", "get"): row("L 403 200 200 403 403 403"),
    ("lessons:closure_lesson", "closure_review_a", "post"): row("L 403 200 200 403 403 403"),
    ("lessons:closure_recapture", "closure_review_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:closure_recapture", "closure_review_a", "post"): row("L 403 302 302 403 403 403"),
    ("lessons:closure_submit", "closure_review_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:closure_submit", "closure_review_a", "post"): row("L 403 302 302 403 403 403"),
    ("lessons:closure_validate", "closure_review_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:closure_validate", "closure_review_a", "post"): row("L 403 302 403 403 403 403"),
    ("lessons:closure_return", "closure_review_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:closure_return", "closure_review_a", "post"): row("L 403 302 403 403 403 403"),
    ("lessons:action_list", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:action_export_csv", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:action_governance", None, "get"): row("L 403 200 200 200 200 200"),
    ("lessons:action_create", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:action_create", None, "post"): row("L 403 200 403 403 403 403"),
    ("lessons:action_detail", "action_a", "get"): row("L 403 200 200 200 200 200"),
    ("lessons:action_edit", "action_a", "get"): row("L 403 200 403 403 403 403"),
    ("lessons:action_edit", "action_a", "post"): row("L 403 200 403 403 403 403"),
    ("lessons:action_done", "action_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:action_done", "action_a", "post"): row("L 403 302 302 403 403 403"),
}
