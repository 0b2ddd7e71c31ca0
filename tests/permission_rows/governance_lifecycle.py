"""Rows of a project's lifecycle pages (governance/views/lifecycle.py).

The governance tab is read by whoever reads the project (404 outside the scope: the
executive and ``pm`` do not read project B). Starting: the PMO or the project's manager
(302; with no methodology for the type, a message). Requesting the gate review: the
project's manager (``gov_project_a`` / ``_b`` are projects A / B with a running lifecycle;
an empty post is a valid request: 302). Deciding ``gov_review_*`` (phase decided by the PMO):
the PMO; an empty post re-renders with its errors (200). Waiving: the PMO. A gate condition
(``gov_condition_a`` owned by ``pm``; ``_b`` by B's manager) is marked done by its owner, the
project's manager or the PMO.
"""

from tests.permission_rows import ON_DEMAND, UrlArgs, row, world_object


def _running(project_attribute: str):
    def build(world):
        from governance.models import ProjectLifecycle
        from tests.governance.factories import start_lifecycle

        project = getattr(world, project_attribute)
        if not ProjectLifecycle.objects.filter(project=project).exists():
            start_lifecycle(project, world_object(world, "gov_version"))
        return project

    return build


def _review(project_attribute: str):
    def build(world):
        from governance.models import GateReview

        project = world_object(world, f"gov_{project_attribute}")
        return GateReview.objects.create(
            project=project, phase=project.lifecycle.current_phase, requested_by=project.manager
        )

    return build


def _waiver(project_attribute: str):
    def build(world):
        project = world_object(world, f"gov_{project_attribute}")
        requirement = project.lifecycle.current_phase.deliverables.first()
        return UrlArgs((project.pk, requirement.pk))

    return build


def _condition(project_attribute: str):
    def build(world):
        from datetime import date

        from governance.models import GateCondition, GateReview

        project = world_object(world, f"gov_{project_attribute}")
        review = GateReview.objects.create(
            project=project,
            phase=project.lifecycle.current_phase,
            status="decided",
            decision="go_conditions",
            reasons="Sous réserve",
        )
        return GateCondition.objects.create(
            review=review, text="Plan de tests", owner=project.manager, due_date=date(2026, 6, 1)
        )

    return build


ON_DEMAND.update(
    {
        "gov_project_a": _running("project_a"),
        "gov_project_b": _running("project_b"),
        "gov_review_a": _review("project_a"),
        "gov_review_b": _review("project_b"),
        "gov_waiver_a": _waiver("project_a"),
        "gov_waiver_b": _waiver("project_b"),
        "gov_condition_a": _condition("project_a"),
        "gov_condition_b": _condition("project_b"),
    }
)

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("governance:project_lifecycle", "project_a", "get"): row("L 404 200 200 200 200 200"),
    ("governance:project_lifecycle", "project_b", "get"): row("L 404 200 404 404 200 200"),
    ("governance:project_lifecycle", "gov_project_a", "get"): row("L 404 200 200 200 200 200"),
    ("governance:lifecycle_start", "project_a", "get"): row("L 405 405 405 405 405 405"),
    ("governance:lifecycle_start", "project_a", "post"): row("L 404 302 302 403 403 403"),
    ("governance:lifecycle_start", "project_b", "post"): row("L 404 302 404 404 403 403"),
    ("governance:gate_request", "gov_project_a", "get"): row("L 404 200 200 403 403 403"),
    ("governance:gate_request", "gov_project_a", "post"): row("L 404 302 302 403 403 403"),
    ("governance:gate_request", "gov_project_b", "get"): row("L 404 200 404 404 403 403"),
    ("governance:gate_decide", "gov_review_a", "get"): row("L 404 200 403 403 403 403"),
    ("governance:gate_decide", "gov_review_a", "post"): row("L 404 200 403 403 403 403"),
    ("governance:gate_decide", "gov_review_b", "get"): row("L 404 200 404 404 403 403"),
    ("governance:deliverable_waive", "gov_waiver_a", "get"): row("L 404 200 403 403 403 403"),
    ("governance:deliverable_waive", "gov_waiver_a", "post"): row("L 404 200 403 403 403 403"),
    ("governance:deliverable_waive", "gov_waiver_b", "get"): row("L 404 200 404 404 403 403"),
    ("governance:condition_done", "gov_condition_a", "get"): row("L 405 405 405 405 405 405"),
    ("governance:condition_done", "gov_condition_a", "post"): row("L 404 302 302 403 403 403"),
    ("governance:condition_done", "gov_condition_b", "post"): row("L 404 302 404 404 403 403"),
}
