"""Rows of the methods and best-practice guides pages (governance/views/methods.py, guides.py).

Everyone with a role reads (the outsider, without a role: 403); the PMO writes, everyone else
403. Writes on the published version ``gov_version`` are refused by the service (a message and
a redirect: 302) — a published version is read-only; empty form posts re-render with their
errors (200). ``gov_*`` objects are built on demand below.
"""

from tests.permission_rows import ON_DEMAND, row


def _version(world):
    """The published version of project A's type: the page sweep builds every row's objects
    in one world, where another page family may have made it already (one methodology per
    type)."""
    from governance.models import MethodologyVersion
    from tests.governance.factories import methodology_with_phases

    project_type = world.project_a.project_type
    existing = MethodologyVersion.objects.filter(
        methodology__project_type=project_type, status="published"
    ).first()
    return existing or methodology_with_phases(project_type)


def _methodology(world):
    from tests.permission_rows import world_object

    return world_object(world, "gov_version").methodology


def _phase(world):
    from tests.permission_rows import world_object

    return world_object(world, "gov_version").phases.order_by("order").first()


def _requirement(world):
    from tests.permission_rows import world_object

    return world_object(world, "gov_phase").deliverables.first()


def _guide(world):
    from governance.models import Guide

    return Guide.objects.create(title="Bien cadrer", body="**Cadrer** avant tout.")


ON_DEMAND.update(
    {
        "gov_version": _version,
        "gov_methodology": _methodology,
        "gov_phase": _phase,
        "gov_requirement": _requirement,
        "gov_guide": _guide,
    }
)

# Statuses per role: anon out pmo pm exe rm fin
ROWS = {
    ("governance:methodology_list", None, "get"): row("L 403 200 200 200 200 200"),
    ("governance:methodology_create", None, "get"): row("L 403 200 403 403 403 403"),
    ("governance:methodology_create", None, "post"): row("L 403 200 403 403 403 403"),
    ("governance:method_version", "gov_version", "get"): row("L 403 200 200 200 200 200"),
    ("governance:method_draft", "gov_methodology", "get"): row("L 405 405 405 405 405 405"),
    ("governance:method_draft", "gov_methodology", "post"): row("L 403 302 403 403 403 403"),
    ("governance:method_publish", "gov_version", "get"): row("L 405 405 405 405 405 405"),
    ("governance:method_publish", "gov_version", "post"): row("L 403 302 403 403 403 403"),
    ("governance:method_migrate", "gov_version", "get"): row("L 403 200 403 403 403 403"),
    ("governance:method_migrate", "gov_version", "post"): row("L 403 200 403 403 403 403"),
    ("governance:phase_create", "gov_version", "get"): row("L 403 200 403 403 403 403"),
    ("governance:phase_create", "gov_version", "post"): row("L 403 200 403 403 403 403"),
    ("governance:phase_edit", "gov_phase", "get"): row("L 403 200 403 403 403 403"),
    ("governance:phase_edit", "gov_phase", "post"): row("L 403 200 403 403 403 403"),
    ("governance:phase_move", "gov_phase", "get"): row("L 405 405 405 405 405 405"),
    ("governance:phase_move", "gov_phase", "post"): row("L 403 302 403 403 403 403"),
    ("governance:phase_delete", "gov_phase", "get"): row("L 405 405 405 405 405 405"),
    ("governance:phase_delete", "gov_phase", "post"): row("L 403 302 403 403 403 403"),
    ("governance:requirement_create", "gov_phase", "get"): row("L 403 200 403 403 403 403"),
    ("governance:requirement_create", "gov_phase", "post"): row("L 403 200 403 403 403 403"),
    ("governance:requirement_edit", "gov_requirement", "get"): row("L 403 200 403 403 403 403"),
    ("governance:requirement_edit", "gov_requirement", "post"): row("L 403 200 403 403 403 403"),
    ("governance:requirement_delete", "gov_requirement", "get"): row("L 405 405 405 405 405 405"),
    ("governance:requirement_delete", "gov_requirement", "post"): row("L 403 302 403 403 403 403"),
    ("governance:guide_list", None, "get"): row("L 403 200 200 200 200 200"),
    ("governance:guide_create", None, "get"): row("L 403 200 403 403 403 403"),
    ("governance:guide_create", None, "post"): row("L 403 200 403 403 403 403"),
    ("governance:guide_detail", "gov_guide", "get"): row("L 403 200 200 200 200 200"),
    ("governance:guide_edit", "gov_guide", "get"): row("L 403 200 403 403 403 403"),
    ("governance:guide_edit", "gov_guide", "post"): row("L 403 200 403 403 403 403"),
    ("governance:guide_delete", "gov_guide", "get"): row("L 405 405 405 405 405 405"),
    ("governance:guide_delete", "gov_guide", "post"): row("L 403 302 403 403 403 403"),
}
