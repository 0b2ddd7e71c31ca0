"""Steering committees (COPIL): asking for a pack and watching its progress."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import (
    CopilPack,
    PackStatus,
)
from tests.reporting.copil_helpers import detail_url, messages_of, valid_html
from tests.reporting.factories_copil import (
    CopilPackFactory,
    done_pack,
)

pytestmark = pytest.mark.usefixtures("english")


# --- asking for a pack -----------------------------------------------------------------------


def generate_url(meeting) -> str:
    return reverse("reporting:pack_generate", args=[meeting.pk])


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_generate_creates_one_pending_pack_queued_after_commit(
    client_for, world, meeting_a, queued, django_capture_on_commit_callbacks, role
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(role).post(generate_url(meeting_a))
        assert queued == []  # not before the request's transaction commits
    pack = CopilPack.objects.get()
    assert len(callbacks) == 1
    assert queued == [pack.pk]
    assert pack.status == PackStatus.PENDING
    assert pack.trigger == "on_demand"
    assert pack.requested_by == world.users[role]
    assert pack.language == meeting_a.language
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting_a) + "#packs"
    assert messages_of(response) == ["The pack is being generated; this page shows its progress."]
    page = valid_html(client_for(role).get(response["Location"]))
    assert "Waiting for the PDF worker" in page
    assert reverse("reporting:pack_status", args=[pack.pk]) in page  # it polls
    assert "Generate the pack" not in page  # no second button while one is on its way


def test_a_second_click_while_pending_creates_nothing(
    client_for, meeting_a, queued, django_capture_on_commit_callbacks
):
    client = client_for("executive")
    client.post(generate_url(meeting_a), follow=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(generate_url(meeting_a))
    assert CopilPack.objects.count() == 1
    assert callbacks == []
    assert queued == []
    assert messages_of(response) == ["A pack is already being generated for this meeting."]


def test_a_click_while_running_creates_nothing(client_for, meeting_a, queued):
    running = CopilPackFactory(
        meeting=meeting_a, status=PackStatus.RUNNING, started_at=timezone.now()
    )
    response = client_for("pmo").post(generate_url(meeting_a))
    assert list(CopilPack.objects.all()) == [running]
    assert messages_of(response) == ["A pack is already being generated for this meeting."]


def test_a_new_pack_may_be_asked_once_the_last_one_is_done(client_for, meeting_a, media, queued):
    done_pack(meeting_a)
    response = client_for("pmo").post(generate_url(meeting_a))
    assert response.status_code == 302
    assert CopilPack.objects.filter(status=PackStatus.PENDING).count() == 1
    assert CopilPack.objects.count() == 2


def test_generate_from_htmx_answers_with_the_polling_partial(client_for, meeting_a, queued):
    response = client_for("pmo").post(generate_url(meeting_a), headers={"HX-Request": "true"})
    pack = CopilPack.objects.get()
    assert response.status_code == 200
    fragment = valid_html(response)
    assert "<html" not in fragment
    assert f'data-hx-get="{reverse("reporting:pack_status", args=[pack.pk])}"' in fragment
    assert 'data-hx-trigger="every 2s"' in fragment
    # No flash message left behind for the next full page.
    page = valid_html(client_for("pmo").get(detail_url(meeting_a)))
    assert "The pack is being generated" not in page


# --- the progress partial --------------------------------------------------------------------


def status_of(client, pack) -> str:
    response = client.get(reverse("reporting:pack_status", args=[pack.pk]))
    assert response.status_code == 200
    return valid_html(response)


def test_the_partial_shows_progress_while_pending_or_running(client_for, meeting_a):
    client = client_for("executive")
    pack = CopilPackFactory(meeting=meeting_a)
    fragment = status_of(client, pack)
    assert "Waiting for the PDF worker…" in fragment
    assert 'data-hx-trigger="every 2s"' in fragment
    assert "Download" not in fragment

    CopilPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RUNNING, started_at=timezone.now(), attempts=1
    )
    fragment = status_of(client, pack)
    assert "Generating the pack…" in fragment
    assert 'data-hx-trigger="every 2s"' in fragment


def test_the_partial_says_when_an_attempt_failed_and_is_retried(client_for, meeting_a):
    pack = CopilPackFactory(meeting=meeting_a, attempts=1, error="TimeoutError: 240 s")
    fragment = status_of(client_for("pmo"), pack)
    assert "The previous attempt failed and is being retried" in fragment
    assert "TimeoutError: 240 s" in fragment
    assert 'data-hx-trigger="every 2s"' in fragment


def test_the_partial_offers_the_download_once_done_and_stops_polling(client_for, meeting_a, media):
    pack = done_pack(meeting_a)
    fragment = status_of(client_for("executive"), pack)
    assert reverse("reporting:pack_download", args=[pack.pk]) in fragment
    assert "Download the pack (PDF)" in fragment
    assert "3 pages" in fragment
    assert "data-hx-get" not in fragment


def test_the_partial_shows_the_error_when_failed_and_stops_polling(client_for, meeting_a):
    pack = CopilPackFactory(
        meeting=meeting_a,
        status=PackStatus.FAILED,
        attempts=3,
        error="RuntimeError: WeasyPrint crashed",
        finished_at=timezone.now(),
    )
    fragment = status_of(client_for("executive"), pack)
    assert "The pack could not be generated." in fragment
    assert "After 3 attempts." in fragment
    assert "RuntimeError: WeasyPrint crashed" in fragment
    assert "data-hx-get" not in fragment
    assert reverse("reporting:pack_download", args=[pack.pk]) not in fragment


def test_the_meeting_page_lists_every_pack_with_its_state(client_for, meeting_a, media):
    done = done_pack(meeting_a)
    CopilPackFactory(
        meeting=meeting_a, status=PackStatus.FAILED, attempts=3, error="OSError: disk full"
    )
    page = valid_html(client_for("executive").get(detail_url(meeting_a)))
    assert reverse("reporting:pack_download", args=[done.pk]) in page
    assert done.sha256[:12] in page
    assert "OSError: disk full" in page
    assert "Generate the pack" in page  # nothing on its way: a new one may be asked
