"""Steering committees (COPIL): downloading packs, and the list of meetings."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from pmo_portal.roles import Role
from reporting.models import (
    PackStatus,
)
from tests.portfolios.factories import ProjectFactory, UserFactory
from tests.reporting.copil_helpers import detail_url, valid_html
from tests.reporting.factories_copil import (
    CopilDecisionFactory,
    CopilMeetingFactory,
    CopilPackFactory,
    done_pack,
    in_days,
    small_pdf,
)

pytestmark = pytest.mark.usefixtures("english")


# --- downloading -------------------------------------------------------------------------------


def download_url(pack) -> str:
    return reverse("reporting:pack_download", args=[pack.pk])


def test_download_returns_the_archived_bytes(client_for, meeting_a, media):
    pdf = small_pdf(3)
    pack = done_pack(meeting_a, pdf=pdf)
    response = client_for("executive").get(download_url(pack))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(meeting_a.scheduled_at).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="COPIL-{day:%Y-%m-%d}-{pack.pk}.pdf"'
    )
    body = b"".join(response.streaming_content)
    assert body == pdf
    assert response["Content-Length"] == str(len(pdf))
    assert response["ETag"] == f'"{hashlib.sha256(pdf).hexdigest()}"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("status", [PackStatus.PENDING, PackStatus.RUNNING, PackStatus.FAILED])
def test_download_of_a_pack_not_done_is_404(client_for, meeting_a, status):
    pack = CopilPackFactory(meeting=meeting_a, status=status)
    assert client_for("pmo").get(download_url(pack)).status_code == 404


def test_download_of_a_pack_whose_file_is_missing_is_404(client_for, meeting_a, media):
    pack = done_pack(meeting_a)
    (media / pack.file.name).unlink()
    assert client_for("pmo").get(download_url(pack)).status_code == 404


@pytest.mark.parametrize("role", ["outsider", "pm", "resource_manager", "finance"])
def test_download_outside_the_portfolio_is_404(client_for, meeting_a, media, role):
    pack = done_pack(meeting_a)
    assert client_for(role).get(download_url(pack)).status_code == 404


def test_an_executive_of_another_portfolio_gets_404(client, world, media):
    meeting_b = CopilMeetingFactory(portfolio=world.p2)
    pack = done_pack(meeting_b)
    client.force_login(world.users["executive"])
    assert client.get(download_url(pack)).status_code == 404
    assert client.get(reverse("reporting:pack_status", args=[pack.pk])).status_code == 404


def test_attendees_and_project_people_read_the_meeting_and_its_pack(client, world, media):
    meeting = CopilMeetingFactory(portfolio=None, project=world.project_b)
    pack = done_pack(meeting)
    attendee = UserFactory(username="invited_cfo", roles=[Role.FINANCE])
    meeting.attendees.add(attendee)
    manager_of_b = world.project_b.manager
    for user in (attendee, manager_of_b):
        client.force_login(user)
        assert client.get(detail_url(meeting)).status_code == 200
        assert client.get(download_url(pack)).status_code == 200
    client.force_login(world.users["pm"])
    assert client.get(download_url(pack)).status_code == 404


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_meetings_in_few_queries(
    client_for, world, django_assert_max_num_queries
):
    for index in range(30):
        meeting = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(index + 1))
        CopilDecisionFactory.create_batch(2, meeting=meeting)
    project = ProjectFactory(portfolio=world.p1, code="PRJ-C")
    for index in range(5):
        CopilMeetingFactory(
            portfolio=None,
            project=project,
            title=f"Passé {index}",
            scheduled_at=in_days(-index - 1),
        )
    client = client_for("executive")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:copil_list"))
    assert response.status_code == 200
    page = valid_html(response)
    assert len(response.context["meetings"]) == 25  # one page
    assert response.context["page_obj"].paginator.count == 30
    assert "Passé" not in page
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:copil_list"), {"when": "past"})
    assert [m.title for m in response.context["meetings"]] == [f"Passé {i}" for i in range(5)]
    assert "Project PRJ-C" in valid_html(response)


def test_the_list_shows_only_the_meetings_a_user_may_read(client_for, world):
    CopilMeetingFactory(portfolio=world.p1, title="COPIL Nord")
    CopilMeetingFactory(portfolio=world.p2, title="COPIL Sud")
    response = client_for("executive").get(reverse("reporting:copil_list"))
    assert [m.title for m in response.context["meetings"]] == ["COPIL Nord"]
    response = client_for("pm").get(reverse("reporting:copil_list"))
    assert list(response.context["meetings"]) == []
    assert "No steering committee is planned." in valid_html(response)


def test_the_meeting_page_reads_in_few_queries(
    client_for, world, meeting_a, media, django_assert_max_num_queries
):
    people = [UserFactory(roles=[Role.EXECUTIVE]) for _index in range(8)]
    meeting_a.attendees.set(people)
    for index in range(20):
        CopilDecisionFactory(meeting=meeting_a, owner=people[index % 8], project=world.project_a)
    earlier = CopilMeetingFactory(portfolio=world.p1, scheduled_at=in_days(-30))
    for index in range(10):
        CopilDecisionFactory(meeting=earlier, owner=people[index % 8], project=world.project_a)
    for _index in range(6):
        done_pack(meeting_a, requested_by=people[0])
    client = client_for("executive")
    # 18 for the page, 6 for the drafted summary's panel (lessons, through the meeting-panels
    # registry: a fixed number whatever the meeting's projects, tests/lessons).
    with django_assert_max_num_queries(24):
        response = client.get(detail_url(meeting_a))
    assert response.status_code == 200
    assert len(response.context["decisions"]) == 20
    valid_html(response)
