"""The RAID log in its page's order, and the steering committees and their packs through the
API: what the COPIL pages show, to the same readers, and the same PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import RaidStatus
from tests.api.conftest import all_pages
from tests.api.test_tokens import assert_problem
from tests.reporting.factories import RiskFactory
from tests.reporting.factories_copil import (
    CopilDecisionFactory,
    CopilMeetingFactory,
    CopilPackFactory,
    done_pack,
    in_days,
    small_pdf,
)

pytestmark = pytest.mark.django_db


def test_the_raid_log_reads_in_its_pages_order(api, bearer, world, client_for):
    a = world.project_a
    soon = timezone.localdate() + timedelta(days=3)
    RiskFactory(project=a, title="Fermé", status=RaidStatus.CLOSED, probability=4, impact=4)
    RiskFactory(project=a, title="Critique", probability=4, impact=4)
    RiskFactory(project=a, title="Faible bientôt", probability=1, impact=2, due_date=soon)
    RiskFactory(project=a, title="Faible", probability=1, impact=2)
    RiskFactory(project=a, title="Non évalué", kind="action", probability=None, impact=None)
    web = client_for("pm").get(reverse("reporting:raid_list", args=[a.pk]))
    url = f"/api/v1/projects/{a.pk}/raid-items/?page_size=2"
    titles = [row["title"] for row in all_pages(api, url, bearer("pm"))]
    assert titles == [item.title for item in web.context["items"]]
    assert (titles[0], titles[-1]) == ("Critique", "Fermé")
    newest = all_pages(api, url + "&ordering=-created_at", bearer("pm"))
    assert newest[0]["title"] == "Non évalué"


def _meetings(world):
    past = CopilMeetingFactory(title="COPIL passé", portfolio=world.p1, scheduled_at=in_days(-20))
    later = CopilMeetingFactory(title="COPIL tard", portfolio=world.north, scheduled_at=in_days(30))
    soon = CopilMeetingFactory(title="COPIL bientôt", portfolio=world.p1, scheduled_at=in_days(2))
    CopilMeetingFactory(title="COPIL Sud", portfolio=world.p2, scheduled_at=in_days(5))
    CopilDecisionFactory(meeting=soon, text="Valider le lot 2", owner=world.users["executive"])
    return past, soon, later


@pytest.mark.parametrize("role", ["pmo", "executive", "pm"])
def test_each_role_lists_the_meetings_the_copil_page_lists(api, bearer, world, client_for, role):
    _meetings(world)
    for when in ("upcoming", "past"):
        web = client_for(role).get(reverse("reporting:copil_list"), {"when": when})
        rows = all_pages(api, f"/api/v1/copil-meetings/?when={when}&page_size=1", bearer(role))
        assert [row["id"] for row in rows] == [meeting.pk for meeting in web.context["meetings"]]


def test_a_meeting_with_its_decisions_and_packs(api, bearer, world, constant_queries):
    _past, soon, _later = _meetings(world)
    pack = done_pack(soon, pdf=small_pdf(2))
    CopilPackFactory(meeting=soon)  # pending: no download yet
    headers = bearer("executive")
    body = api.get(f"/api/v1/copil-meetings/{soon.pk}/", **headers).json()
    assert [d["text"] for d in body["decisions"]] == ["Valider le lot 2"]
    assert [(p["status"], p["download"]) for p in body["packs"]] == [
        ("pending", None),
        ("done", f"/api/v1/copil-packs/{pack.pk}/download/"),
    ]
    listed = api.get("/api/v1/copil-meetings/", **headers).json()["results"]
    assert (listed[0]["title"], listed[0]["decision_count"], listed[0]["pack_count"]) == (
        "COPIL bientôt",
        1,
        1,
    )
    assert_problem(api.get(f"/api/v1/copil-meetings/{soon.pk}/", **bearer("pm")), 404)
    constant_queries(
        "/api/v1/copil-meetings/",
        headers,
        lambda: [
            CopilDecisionFactory(meeting=CopilMeetingFactory(portfolio=world.p1)) for _ in range(8)
        ],
    )


def test_a_pack_downloads_the_pdf_the_meeting_page_offers(api, bearer, world, client_for):
    meeting = CopilMeetingFactory(portfolio=world.p1)
    pdf = small_pdf(2)
    pack = done_pack(meeting, pdf=pdf)
    response = api.get(
        f"/api/v1/copil-packs/{pack.pk}/download/",
        HTTP_ACCEPT="application/pdf",
        **bearer("executive"),
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf
    web = client_for("executive").get(reverse("reporting:pack_download", args=[pack.pk]))
    assert response["ETag"] == web["ETag"]
    assert response["Content-Disposition"] == web["Content-Disposition"]
    detail = api.get(f"/api/v1/copil-packs/{pack.pk}/", **bearer("executive")).json()
    assert (detail["page_count"], detail["size"]) == (3, len(pdf))
    pending = CopilPackFactory(meeting=meeting)
    assert_problem(api.get(f"/api/v1/copil-packs/{pending.pk}/download/", **bearer("pmo")), 404)
    assert_problem(api.get(f"/api/v1/copil-packs/{pack.pk}/download/", **bearer("pm")), 404)
