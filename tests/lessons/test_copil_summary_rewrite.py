"""The optional rewrite of the drafted COPIL summary (issue 13) by an OpenAI-compatible server
(a small one started here on loopback), asked for by the PMO and written by a worker: the page
polls while the model writes, a failure keeps the extractive draft and says why, a draft
refreshed meanwhile drops the answer, a second request while one waits is refused."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lessons import tasks_copil_summary as tasks
from lessons.models import CopilSummary, SummaryStatus
from lessons.services import copil_summary as services
from lessons.services.copil_summary import build_draft
from tests.lessons.conftest import ESCALATION

pytestmark = pytest.mark.django_db

REWRITE = "SUM-1 se dégrade et demande un arbitrage [SUM-1] ; PRJ-A est stable [PRJ-A]."


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI and notes (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Rewrites asked for in the block are run when it ends, as the worker would (the task
    runs in this process, on the test's database); the block gets the list of summary ids
    sent to the queue."""
    sent: list[int] = []

    def delay(summary_id):
        sent.append(summary_id)
        return tasks.rewrite_summary(summary_id)

    monkeypatch.setattr(tasks.rewrite_summary, "delay", delay)

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            yield sent
        for callback in callbacks:
            callback()

    return run


class _Model(BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions answering as ``server.mode`` says."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append((self.path, self.headers.get("Authorization"), body))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2.5)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        message = {"role": "assistant", "content": REWRITE}
        if mode == "partial":  # drops a project of the draft
            message = {"role": "assistant", "content": "SUM-1 se dégrade."}
        if mode == "refusal":
            message = {"role": "assistant", "content": None, "refusal": "I cannot help."}
        answer = json.dumps({"choices": [{"index": 0, "message": message}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def model(settings, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Model)
    server.seen, server.mode = [], "ok"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    key = tmp_path / "llm.key"
    key.write_text("secret-key\n")
    settings.LLM_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.LLM_MODEL = "local-model"
    settings.LLM_API_KEY_FILE = str(key)
    settings.LLM_TIMEOUT = 1
    yield server
    server.shutdown()
    server.server_close()


def test_a_rewrite_is_written_by_the_worker_and_shown_as_generated_beside_its_sources(
    meeting, model, client_for, worker
):
    client = client_for("pmo")
    url = reverse("lessons:copil_summary_rewrite", args=[meeting.pk])
    with worker() as sent:
        response = client.post(url, {"version": "0"})
        assert response.status_code == 302
        # The request only marks the summary: the page says the model is writing.
        waiting = client.get(reverse("lessons:copil_summary", args=[meeting.pk]))
        assert "The model has been writing since" in waiting.content.decode()
        assert "Ask the model for a rewrite" not in waiting.content.decode()
        assert model.seen == []
    assert len(sent) == 1
    summary = CopilSummary.objects.get(meeting=meeting)
    assert summary.rewrite == REWRITE
    assert summary.rewrite_note == ""
    assert summary.generated
    assert summary.status == SummaryStatus.DRAFT
    ((path, authorization, body),) = model.seen
    assert path == "/v1/chat/completions"
    assert authorization == "Bearer secret-key"
    assert body["model"] == "local-model"
    assert body["temperature"] == 0
    assert summary.draft in body["messages"][1]["content"]
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "generated" in page
    assert "SUM-1 se dégrade" in page
    assert ESCALATION in page  # the sources, beside the rewrite


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "did not answer in time"),
        ("error", "HTTP error 500"),
        ("refusal", "declined"),
        ("partial", "leaves out projects of the draft (PRJ-A)"),
    ],
)
def test_a_failed_rewrite_keeps_the_draft_and_says_so(
    meeting, model, client_for, worker, mode, reason
):
    model.mode = mode
    client = client_for("pmo")
    with worker():
        client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]), {"version": "0"})
    summary = CopilSummary.objects.get(meeting=meeting)
    assert summary.rewrite == ""
    assert reason in summary.rewrite_note
    assert summary.text == summary.draft == build_draft(meeting)[0]
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "No rewrite:" in page
    assert "The extractive draft is kept." in page


def test_the_page_polls_until_the_worker_answers(meeting, model, client_for, monkeypatch):
    monkeypatch.setattr(tasks.rewrite_summary, "delay", lambda pk: None)  # the worker is busy
    client = client_for("pmo")
    client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]), {"version": "0"})
    poll = reverse("lessons:copil_summary_rewriting", args=[meeting.pk])
    waiting = client.get(poll)
    assert "HX-Refresh" not in waiting
    assert f'data-hx-get="{poll}"' in waiting.content.decode()
    summary = CopilSummary.objects.get(meeting=meeting)
    assert tasks.rewrite_summary(summary.pk) == "done"
    answered = client.get(poll)
    assert answered["HX-Refresh"] == "true"
    assert "The model has answered" in answered.content.decode()
    assert tasks.rewrite_summary(summary.pk) == "skipped"  # a second delivery does nothing
    assert len(model.seen) == 1


def test_a_second_request_while_the_model_writes_is_refused(
    meeting, model, client_for, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.rewrite_summary, "delay", sent.append)
    client = client_for("pmo")
    url = reverse("lessons:copil_summary_rewrite", args=[meeting.pk])
    client.post(url, {"version": "0"})
    version = CopilSummary.objects.get(meeting=meeting).version
    response = client.post(url, {"version": str(version)}, follow=True)
    assert "already writing" in response.content.decode()
    # A request lost for longer than REWRITE_STUCK_AFTER may be made again.
    later = timezone.now() + services.REWRITE_STUCK_AFTER + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        client.post(url, {"version": str(version)})
        assert services.rewriting(CopilSummary.objects.get(meeting=meeting))


def test_a_draft_refreshed_while_the_model_writes_drops_the_answer(
    meeting, model, client_for, monkeypatch
):
    monkeypatch.setattr(tasks.rewrite_summary, "delay", lambda pk: None)
    client = client_for("pmo")
    client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]), {"version": "0"})
    summary = CopilSummary.objects.get(meeting=meeting)
    answer = services.llm.rewrite

    def refreshed_meanwhile(*args):
        CopilSummary.objects.filter(pk=summary.pk).update(draft="- A newer draft.")
        return answer(*args)

    monkeypatch.setattr(services.llm, "rewrite", refreshed_meanwhile)
    assert tasks.rewrite_summary(summary.pk) == "failed"
    summary.refresh_from_db()
    assert summary.rewrite == ""
    assert "refreshed while the model was writing" in summary.rewrite_note
    assert summary.rewrite_requested_at is None


def test_a_worker_that_fails_clears_the_request_and_says_so(
    meeting, model, client_for, monkeypatch
):
    monkeypatch.setattr(tasks.rewrite_summary, "delay", lambda pk: None)
    client = client_for("pmo")
    client.post(reverse("lessons:copil_summary_rewrite", args=[meeting.pk]), {"version": "0"})
    summary = CopilSummary.objects.get(meeting=meeting)

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "run_rewrite", broken)
    with pytest.raises(RuntimeError):
        tasks.rewrite_summary(summary.pk)
    summary.refresh_from_db()
    assert summary.rewrite_requested_at is None
    assert summary.status == SummaryStatus.DRAFT
    page = client.get(reverse("lessons:copil_summary", args=[meeting.pk])).content.decode()
    assert "No rewrite: the rewrite failed unexpectedly; try again later." in page
    assert "Ask the model for a rewrite" in page
