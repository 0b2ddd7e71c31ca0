"""A project manager writes this period's status report in the browser (issue 4, done 1)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portfolios.models import Project
from reporting.models import ReportStatus, StatusReport

pytestmark = pytest.mark.e2e


def stormy_count(page, live_server) -> int:
    page.goto(live_server.url + reverse("reporting:dashboard"))
    return int(page.locator("a[data-health='4']").first.get_attribute("data-count"))


def test_pm_writes_submits_and_the_portfolio_sees_it(page, live_server, e2e_world, sign_in, french):
    world = e2e_world
    world.draft_a.delete()  # the PM starts this period's report from last period's one
    last = world.report_a
    last.health_overall, last.percent_complete = 2, 40
    last.save()
    milestone = world.milestone_a
    sign_in("pm")
    before = stormy_count(page, live_server)

    page.goto(live_server.url + reverse("reporting:project_reports", args=[world.project_a.pk]))
    page.locator("form[action$='/reports/start/'] button[type=submit]").click()

    # Pre-filled from last period: météo "cloudy", 40 % complete.
    expect(page.locator("#id_health_overall_2")).to_be_checked()
    expect(page.locator("#id_percent_complete")).to_have_value("40")
    expect(page.locator(".health-choice .form-text").first).to_be_visible()

    page.locator("label[for=id_health_overall_4]").click()
    new_forecast = milestone.forecast_date + timedelta(days=30)
    page.locator("#id_milestones-0-forecast_date").fill(new_forecast.isoformat())
    page.locator("button[name=action][value=submit]").click()

    report = StatusReport.objects.get(project=world.project_a, period_start__gt=last.period_start)
    expect(page).to_have_url(live_server.url + report.get_absolute_url())
    assert report.status == ReportStatus.SUBMITTED
    expect(page.locator("[role=status].alert-secondary")).to_be_visible()  # locked notice
    milestone.refresh_from_db()
    assert milestone.forecast_date == new_forecast

    # Locked: the edit page sends the PM back to the report.
    page.goto(live_server.url + reverse("reporting:report_edit", args=[report.pk]))
    expect(page).to_have_url(live_server.url + report.get_absolute_url())

    # The project's declared health and the dashboard follow.
    assert Project.objects.get(pk=world.project_a.pk).health_overall == 4
    page.goto(live_server.url + world.project_a.get_absolute_url())
    expect(page.locator("dd .health-stormy").first).to_be_visible()
    assert stormy_count(page, live_server) == before + 1
