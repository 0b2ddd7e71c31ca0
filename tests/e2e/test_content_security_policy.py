"""The Content-Security-Policy in a real browser: the pages with HTMX, charts and Bootstrap's
menus run under it without a single violation, and HTMX still swaps its partials."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reporting.models import CopilMeeting
from tests.security_headers import assert_security_headers

pytestmark = pytest.mark.e2e

# Runs in every document before its own scripts: keeps the violations the page reports.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


class _HeadersOf:
    """``response.all_headers()`` of a Playwright response, read like a Django response."""

    def __init__(self, response):
        self.headers = {name.lower(): value for name, value in response.all_headers().items()}

    def __contains__(self, name):
        return name.lower() in self.headers

    def __getitem__(self, name):
        return self.headers[name.lower()]


@pytest.fixture
def watched(page):
    """The page with the listener, and the browser's console messages about the policies."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)
    page.console_about_policies = console
    return page


def _visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    assert_security_headers(_HeadersOf(response))
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")


def _copil(world):
    tz = timezone.get_current_timezone()
    day = timezone.localdate() + timedelta(days=3)
    return CopilMeeting.objects.create(
        title="COPIL Nord 1",
        portfolio=world.p1,
        scheduled_at=timezone.make_aware(datetime.combine(day, time(10)), tz),
        language="fr",
    )


def test_pages_with_htmx_and_charts_run_under_the_policy(
    watched, live_server, e2e_world, sign_in, french, monkeypatch
):
    page = watched
    meeting = _copil(e2e_world)
    monkeypatch.setattr("reporting.tasks.render_copil_pack.delay", lambda *args: None)
    sign_in("pmo")
    urls = {
        "home": reverse("home"),
        "project": reverse("portfolios:project_detail", args=[e2e_world.project_a.pk]),
        "allocations": reverse("resources:project_allocations", args=[e2e_world.project_a.pk]),
    }
    violations = {name: _visit(page, live_server.url + url) for name, url in urls.items()}

    # The dashboard: its budget block comes by HTMX on load, its charts are inline SVG.
    violations["dashboard"] = _visit(page, live_server.url + reverse("reporting:dashboard"))
    expect(page.locator("#budget-block[data-hx-get]")).to_have_count(0)
    expect(page.locator("figure.chart svg").first).to_be_visible()
    # Bootstrap's menus (Popper sets styles through the CSSOM, which the policy allows).
    page.locator(".portal-header .dropdown-toggle").first.click()
    expect(page.locator(".portal-header .dropdown-menu.show")).to_be_visible()
    violations["dashboard"] += page.evaluate("window.__violations")

    # The COPIL page: "Generate the pack" posts by HTMX and swaps the status in place.
    detail = live_server.url + reverse("reporting:copil_detail", args=[meeting.pk])
    violations["copil"] = _visit(page, detail)
    page.get_by_role("button", name="Générer le support").click()
    expect(page.locator(".pack-status")).to_be_visible()
    assert page.url == detail  # swapped by HTMX, not a new page
    violations["copil"] += page.evaluate("window.__violations")

    assert {name: found for name, found in violations.items() if found} == {}
    assert page.console_about_policies == []

    # The listener does catch what the policy refuses (so the checks above can fail).
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__violations.length > 0")
    assert "style-src-attr" in page.evaluate("window.__violations")[0]


def test_the_admin_runs_under_the_policy(watched, live_server, e2e_world, sign_in):
    page = watched
    sign_in("pmo")
    project = e2e_world.project_a
    found = {}
    for name, args in [
        ("admin:index", []),
        ("admin:portfolios_project_changelist", []),
        ("admin:portfolios_project_change", [project.pk]),
        ("admin:portfolios_project_history", [project.pk]),
        ("admin:auth_user_change", [e2e_world.users["pm"].pk]),
    ]:
        found[name] = _visit(page, live_server.url + reverse(name, args=args))
    # The one exception, refused and harmless: django-simple-history's history page writes
    # <p class="paginator" style="border-top: 0">; the browser draws the border, nothing else
    # changes. Not worth 'unsafe-hashes' nor a copy of the library's template.
    history = found.pop("admin:portfolios_project_history")
    assert [violation.split()[0] for violation in history] == ["style-src-attr"]
    assert {name: violations for name, violations in found.items() if violations} == {}
    assert len(page.console_about_policies) == len(history)  # the same, said in the console
