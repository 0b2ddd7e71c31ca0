"""Compliance pages, panels and tasks: the same number of queries at 20 and at 2,000
projects (the 1,980 more are bulk-inserted), and at 2,000 the overview's figures equal a
hand count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    Deliverable,
    GateDecision,
    GateReview,
    GateStatus,
    ProjectLifecycle,
)
from governance.selectors.compliance_panels import copil_read
from governance.services.compliance import (
    refresh_compliance,
    snapshot_compliance,
    warn_missing_deliverables,
)
from pmo_portal.registry import CopilScope
from portfolios.models import Project
from tests.governance.factories import methodology_with_phases
from tests.portfolios.factories import ProjectFactory

PAGES = [
    ("governance:compliance", {}),
    ("governance:compliance_projects", {}),
    ("governance:compliance_projects", {"state": "late", "phase": "conception"}),
    ("governance:compliance_deliverables", {"state": "missing"}),
    ("governance:compliance_heatmap", {}),
]


def _grow(world, version, count: int) -> None:
    """``count`` more projects under the methodology, in Conception, Cadrage passed, one
    deliverable of two present, a review requested for in 3 days. Bulk inserts (no
    history rows), then the compliance roll-up refreshed as the services do."""
    phases = {p.key: p for p in version.phases.all()}
    requirements = list(phases["cadrage"].deliverables.all())
    today = timezone.localdate()
    first = Project.objects.count()
    template = ProjectFactory.build(portfolio=world.p1, manager=world.users["pm"])
    template.business_domain.save()
    template.project_type.save()
    projects = Project.objects.bulk_create(
        [
            ProjectFactory.build(
                code=f"BLK-{first + index:05d}",
                portfolio=world.p1 if index % 2 else world.p2,
                manager=world.users["pm"],
                business_domain=template.business_domain,
                project_type=template.project_type,
            )
            for index in range(count)
        ]
    )
    ProjectLifecycle.objects.bulk_create(
        ProjectLifecycle(
            project=project, methodology_version=version, current_phase=phases["conception"]
        )
        for project in projects
    )
    GateReview.objects.bulk_create(
        review
        for project in projects
        for review in (
            GateReview(
                project=project,
                phase=phases["cadrage"],
                status=GateStatus.DECIDED,
                decision=GateDecision.GO,
            ),
            GateReview(
                project=project,
                phase=phases["conception"],
                status=GateStatus.REQUESTED,
                planned_on=today + timedelta(days=3),
            ),
        )
    )
    Deliverable.objects.bulk_create(
        Deliverable(project=project, requirement=requirements[0], file="governance/x.docx")
        for project in projects
    )
    refresh_compliance(Project.objects.values_list("pk", flat=True))  # as the services do


@pytest.fixture
def version(world):
    return methodology_with_phases(
        phases=[("cadrage", "Cadrage"), ("conception", "Conception"), ("recette", "Recette")],
        deliverables_per_phase=2,
    )


def _counts(client, django_assert_max_num_queries) -> list[int]:
    counts = []
    for name, params in PAGES:
        with django_assert_max_num_queries(40) as captured:
            response = client.get(reverse(name), params)
            assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    return counts


def test_pages_query_count_does_not_grow(client_for, world, version, django_assert_max_num_queries):
    client = client_for("pmo")
    _grow(world, version, 20)
    small = _counts(client, django_assert_max_num_queries)
    _grow(world, version, 1980)
    large = _counts(client, django_assert_max_num_queries)
    assert small == large
    # The overview stays within ten queries of its own (session and user included).
    assert small[0] <= 12, small
    # Hand count at 2,000 projects under the methodology: each expects the 2 deliverables
    # of Cadrage and the 2 of Conception (4), holds 1, misses 3 of which 1 is late
    # (Cadrage's gate passed): 2,000 / 8,000 = 25.0 %. The world's projects follow none.
    total = client.get(reverse("governance:compliance")).context["total"]
    assert (total.governed, total.expected, total.present, total.missing, total.late) == (
        2000,
        8000,
        2000,
        6000,
        2000,
    )
    assert str(total.score) == "25.0"
    heatmap = client.get(reverse("governance:compliance_heatmap"))
    assert heatmap.status_code == 200


def test_panel_section_and_tasks_query_count_does_not_grow(
    client_for, world, version, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for("pmo")

    def measure() -> list[int]:
        counts = []
        for run in (
            lambda: client.get(reverse("reporting:dashboard")),
            lambda: client.get(
                reverse("reporting:dashboard_panel", args=["governance-compliance"])
            ),
            lambda: client.get(reverse("home")),
            lambda: copil_read(
                CopilScope(
                    None,
                    None,
                    list(Project.objects.values_list("pk", flat=True)),
                    timezone.localdate(),
                    "fr",
                )
            ),
            snapshot_compliance,
            lambda: refresh_compliance(Project.objects.values_list("pk", flat=True)),
            warn_missing_deliverables,
        ):
            with django_assert_max_num_queries(80) as captured:
                run()
            counts.append(len(captured.captured_queries))
        return counts

    _grow(world, version, 20)
    small = measure()
    _grow(world, version, 1980)
    large = measure()
    assert small == large
