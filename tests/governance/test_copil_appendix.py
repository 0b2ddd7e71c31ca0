"""Appendix D of the COPIL pack as printed: its page estimate is the page count WeasyPrint
gives (a wrong one costs the renderer a second round over the whole pack), each missing
deliverable is on a line of its own, the late ones first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import GateDecision, GateReview, GateStatus
from governance.selectors.compliance_panels import COPIL_SECTION, copil_pages
from governance.services.compliance import refresh_compliance
from portfolios.models import Project
from reporting.copil.data import read_pack
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.portfolios.factories import ProjectFactory
from tests.reporting.copil_pack_helpers import page_texts, render
from tests.reporting.factories_copil import CopilMeetingFactory


def _meeting(world, *, projects: int, deliverables: int):
    """A COPIL of portfolio P1 whose ``projects`` new projects are in Conception (Cadrage
    passed) of a methodology asking ``deliverables`` per phase, all missing."""
    version = methodology_with_phases(
        phases=[("cadrage", "Cadrage"), ("conception", "Conception")],
        deliverables_per_phase=deliverables,
    )
    cadrage = version.phases.get(key="cadrage")
    for index in range(projects):
        project = ProjectFactory(portfolio=world.p1, name=f"Projet conforme {index:02d}")
        start_lifecycle(project, version, phase_order=2)
        GateReview.objects.create(
            project=project, phase=cadrage, status=GateStatus.DECIDED, decision=GateDecision.GO
        )
    refresh_compliance(Project.objects.values_list("pk", flat=True))
    return CopilMeetingFactory(portfolio=world.p1, scheduled_at=timezone.now() + timedelta(days=2))


@pytest.mark.parametrize(("projects", "deliverables", "pages"), [(3, 2, 1), (4, 6, 2)])
def test_appendix_pages_are_what_it_estimated(world, projects, deliverables, pages):
    meeting = _meeting(world, projects=projects, deliverables=deliverables)
    rendered = render(meeting)
    keys = [section.key for section in rendered.sections]
    index = keys.index("governance-compliance")
    start = rendered.sections[index].first_page
    following = [s.first_page for s in rendered.sections[index + 1 :] if s.first_page > start]
    real = (following[0] if following else rendered.page_count + 1) - start
    _scope, read = read_pack(meeting, today=timezone.localdate(), sections=[COPIL_SECTION])
    ((_section, data),) = read
    assert copil_pages(data) == real == pages

    text = "\n".join(page_texts(rendered.pdf)[start - 1 : start - 1 + real])
    assert "Conformité au référentiel" in text
    # 2 × deliverables missing per project, the late ones (Cadrage, gate passed) first,
    # each on its own line.
    lines = [line for line in text.splitlines() if "Livrable " in line]
    assert len(lines) == projects * 2 * deliverables
    first = lines[: 2 * deliverables]
    assert [("Cadrage" in line) for line in first] == [True] * deliverables + [False] * deliverables
