"""Submitting a status report costs the same number of SQL queries whatever the number of
milestones on the form and of risks on the project (issue 16: at most 15).

Counted as production runs it: the test's data is committed (``transaction=True``), so the
submit's own transaction is a real one, not a savepoint inside the test's.
"""

import pytest
from django.urls import reverse

from reporting.models import StatusReport
from tests.reporting.factories import MilestoneFactory, RiskFactory
from tests.reporting.test_reports import edit_url, form_data

SUBMIT_QUERY_BUDGET = 15


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("n", [2, 25])
def test_status_submit_costs_at_most_15_queries(
    client_for, world, django_assert_max_num_queries, n
):
    report = world.draft_a
    milestones = [MilestoneFactory(project=report.project, name=f"Jalon {i}") for i in range(n)]
    for i in range(n):
        RiskFactory(project=report.project, title=f"Risque {i}")
    # Deputies are part of the project's audit history, written again on submit.
    report.project.deputies.add(world.users["executive"])
    client = client_for("pm")
    client.get(edit_url(report))  # the session and the PM's roles exist, as they would
    data = form_data(report, milestones, action="submit")
    with django_assert_max_num_queries(SUBMIT_QUERY_BUDGET) as captured:
        response = client.post(edit_url(report), data)
    print(f"status submit with {n} milestones and {n} risks: {len(captured)} queries")  # noqa: T201
    assert response.status_code == 302, response.content[:3000]
    report.refresh_from_db()
    assert report.status == "submitted"
    assert response["Location"] == reverse("reporting:report_detail", args=[report.pk])
    assert StatusReport.objects.get(pk=report.pk).submitted_by == world.users["pm"]
