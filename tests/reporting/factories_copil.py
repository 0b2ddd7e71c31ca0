"""factory_boy factories of steering committees (COPIL), a small real PDF, and a fake renderer
standing in for ``reporting.copil.render.render_pack`` so that tests never run WeasyPrint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from io import BytesIO

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from reporting.models import (
    CopilDecision,
    CopilMeeting,
    CopilPack,
    MeetingLanguage,
    PackStatus,
)
from tests.portfolios.factories import PortfolioFactory

A4 = (595, 842)


def small_pdf(pages: int = 3) -> bytes:
    """A valid PDF of ``pages`` blank A4 pages (a few hundred bytes)."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=A4[0], height=A4[1])
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def in_days(days: int, hour: int = 10) -> datetime:
    """``days`` from today, at ``hour`` o'clock Paris time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


class CopilMeetingFactory(factory.django.DjangoModelFactory):
    """A portfolio COPIL in ten days (pass ``portfolio=None, project=…`` for a project one)."""

    class Meta:
        model = CopilMeeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"COPIL {n}")
    portfolio = factory.SubFactory(PortfolioFactory)
    project = None
    scheduled_at = factory.Sequence(lambda n: in_days(10) + timedelta(minutes=n))
    location = "Salle Rivoli"
    agenda = "Revue du portefeuille."
    language = MeetingLanguage.FRENCH

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class CopilDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CopilDecision

    meeting = factory.SubFactory(CopilMeetingFactory)
    text = factory.Sequence(lambda n: f"Décision {n}")


class CopilPackFactory(factory.django.DjangoModelFactory):
    """A pack as requested (pending); see ``done_pack`` for an archived one."""

    class Meta:
        model = CopilPack

    meeting = factory.SubFactory(CopilMeetingFactory)
    language = factory.LazyAttribute(lambda o: o.meeting.language)


def done_pack(meeting: CopilMeeting, *, pdf: bytes | None = None, **fields) -> CopilPack:
    """A done pack of ``meeting`` whose file is stored (in MEDIA_ROOT) with its size, pages
    and SHA-256, as ``generate_pack`` leaves it."""
    pdf = small_pdf(3) if pdf is None else pdf
    now = timezone.now()
    pack = CopilPack(
        meeting=meeting,
        language=meeting.language,
        status=PackStatus.DONE,
        size=len(pdf),
        page_count=3,
        sha256=hashlib.sha256(pdf).hexdigest(),
        snapshot_at=now,
        started_at=now,
        finished_at=now,
        attempts=1,
        **fields,
    )
    pack.file.save(f"pack-{meeting.pk}.pdf", ContentFile(pdf), save=False)
    pack.save()
    return pack


# --- the renderer, faked -----------------------------------------------------------------


@dataclass
class FakeRendered:
    pdf: bytes
    page_count: int
    snapshot_at: datetime
    sections: list = field(default_factory=list)


@dataclass
class FakeRenderer:
    """Stands in for ``reporting.copil.render.render_pack``: records the meeting of each call,
    raises ``error`` on the first ``fail_times`` calls (on every call when None), and
    otherwise returns a 3-page PDF."""

    pdf: bytes = field(default_factory=small_pdf)
    snapshot_at: datetime = field(default_factory=timezone.now)
    fail_times: int = 0
    error: Exception = field(default_factory=lambda: RuntimeError("WeasyPrint crashed"))
    calls: list = field(default_factory=list)

    def __call__(self, *, meeting, settings, today, timeout):
        self.calls.append(meeting.pk)
        if self.fail_times is None or len(self.calls) <= self.fail_times:
            raise self.error
        return FakeRendered(pdf=self.pdf, page_count=3, snapshot_at=self.snapshot_at)


def install_fake_renderer(monkeypatch, renderer: FakeRenderer | None = None) -> FakeRenderer:
    """Replace ``reporting.copil.render.render_pack`` by ``renderer`` for one test."""
    renderer = renderer or FakeRenderer()
    monkeypatch.setattr("reporting.copil.render.render_pack", renderer)
    return renderer
