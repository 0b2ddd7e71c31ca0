"""The PMO generates the next COPIL pack of a portfolio in the browser (issue 6, done 1), and
axe-core on the steering-committee pages.

A real Celery worker (in a thread, on Redis, consuming the ``pdf`` queue) renders the pack
while the page polls; the downloaded PDF is read back with pypdf.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import datetime, time, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from pmo_portal.celery import app
from reporting.models import CopilDecision, CopilMeeting, MeetingStatus, StatusReport
from reporting.selectors.copil import meeting_projects
from tests.e2e.conftest import BLOCKING_IMPACTS, format_violations, run_axe

pytestmark = pytest.mark.e2e

ESCALATION = "Arbitrer le report du lot 2 au second semestre"


def _meetings(world):
    """Last month's COPIL of portfolio P1 (held, one decision) and the next one in 3 days."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    pmo, executive = world.users["pmo"], world.users["executive"]
    held = CopilMeeting.objects.create(
        title="COPIL Nord 1",
        portfolio=world.p1,
        scheduled_at=timezone.make_aware(
            datetime.combine(today - timedelta(days=30), time(10)), tz
        ),
        status=MeetingStatus.HELD,
        language="fr",
    )
    CopilDecision.objects.create(
        meeting=held, text="Lancer l'appel d'offres hébergement", owner=executive
    )
    upcoming = CopilMeeting.objects.create(
        title="COPIL Nord 1",
        portfolio=world.p1,
        scheduled_at=timezone.make_aware(datetime.combine(today + timedelta(days=3), time(10)), tz),
        agenda="1. Météo\n2. Budget\n3. Arbitrages",
        language="fr",
    )
    upcoming.attendees.set([pmo, executive])
    StatusReport.objects.filter(pk=world.report_a.pk).update(escalations=ESCALATION)
    return held, upcoming


def test_pmo_generates_and_downloads_the_next_copil_pack(
    page, live_server, e2e_world, sign_in, french
):
    _held, upcoming = _meetings(e2e_world)
    projects = list(meeting_projects(upcoming).values_list("code", "name"))
    assert len(projects) >= 5
    sign_in("pmo")

    page.goto(live_server.url + reverse("reporting:copil_list"))
    page.locator("main table a", has_text="COPIL Nord 1").first.click()
    expect(page).to_have_url(live_server.url + upcoming.get_absolute_url())

    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=["pdf"]
        ):
            page.get_by_role("button", name="Générer le support").click()
            status = page.locator(".pack-status")
            # Progress first (waiting or generating), then the download link.
            expect(status).to_contain_text(re.compile("Génération|En attente"))
            link = page.get_by_role("link", name="Télécharger le support (PDF)")
            expect(link).to_be_visible(timeout=90_000)
            with page.expect_download() as download_info:
                link.click()
            pdf = download_info.value.path().read_bytes()
    finally:
        # "-Q pdf" selects the app's queues for good: later in-process workers of the suite
        # must consume every queue again.
        app.amqp.queues._consume_from = None

    reader = PdfReader(io.BytesIO(pdf))
    # Text lines as laid out: a long sentence may wrap, so compare with spaces only.
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(pages)
    upcoming.refresh_from_db()
    pack = upcoming.packs.get()
    assert pack.page_count == len(pages)
    assert "COPIL Nord 1" in pages[0]  # the cover
    assert e2e_world.p1.name in pages[0]
    for code, name in projects:
        assert name in text, f"{code} {name} missing from the pack"
    assert ESCALATION in text  # decisions requested at this COPIL
    assert "Lancer l'appel d'offres hébergement" in text  # follow-up of the last COPIL
    total = len(pages)
    for number, page_text in enumerate(pages[1:], start=2):
        assert f"page {number} / {total}" in page_text, f"page {number}: wrong numbering"


def test_copil_pages_are_accessible(page, live_server, e2e_world, sign_in, french):
    held, upcoming = _meetings(e2e_world)
    screens = {
        "pmo": [
            reverse("reporting:copil_list"),
            reverse("reporting:copil_list") + "?when=past",
            upcoming.get_absolute_url(),
            held.get_absolute_url(),
            reverse("reporting:copil_create"),
            reverse("reporting:copil_edit", args=[upcoming.pk]),
            reverse("reporting:copil_series"),
            reverse("reporting:copil_settings"),
            reverse("reporting:decision_edit", args=[held.decisions.get().pk]),
        ],
        "executive": [reverse("reporting:copil_list"), upcoming.get_absolute_url()],
    }
    for role, urls in screens.items():
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url}]
        )
        sign_in(role)
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response is not None, url
            assert response.status == 200, url
            for details in page.locator("main details").all():
                details.evaluate("element => element.open = true")
            expect(page.locator("html")).to_have_attribute("lang", "fr")
            violations = run_axe(page)
            minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
            if minor:
                warnings.warn(f"{role} on {url}: {format_violations(minor)}", stacklevel=1)
            blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
            assert not blocking, f"{role} on {url}:\n{format_violations(blocking)}"
