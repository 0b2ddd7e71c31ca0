"""Fixtures of the COPIL tests (test_copil_*.py): the English UI, media storage, the
clock, the pdf queue, meetings, the French catalogue and a portfolio ready for a pack."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from reporting.models import DecisionStatus, MeetingStatus
from tests.reporting.copil_helpers import PARIS
from tests.reporting.copil_pack_helpers import build_projects
from tests.reporting.factories_copil import CopilDecisionFactory, CopilMeetingFactory
from tests.resources.factories_alerts import AlertFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def media(world, settings, tmp_path):
    """Where packs and logos are stored (set after the world, which sets its own)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def today_is(monkeypatch):
    """``today_is(date(2026, 12, 15))``: the portal's clock reads that day, at noon in Paris."""
    real_localdate = timezone.localdate

    def set_today(day: date) -> None:
        noon = datetime.combine(day, time(12), tzinfo=PARIS)

        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        monkeypatch.setattr("django.utils.timezone.now", lambda: noon)

    return set_today


@pytest.fixture
def queued(monkeypatch):
    """Pack ids handed to the ``pdf`` queue (``render_copil_pack.delay``), in order."""
    calls: list[int] = []
    monkeypatch.setattr("reporting.tasks.render_copil_pack.delay", calls.append)
    return calls


@pytest.fixture
def meeting_a(world):
    """A COPIL of portfolio P1 in ten days (the executive sees it, through BU North)."""
    return CopilMeetingFactory(title="COPIL Nord", portfolio=world.p1)


@pytest.fixture(scope="session")
def french_catalogue(tmp_path_factory) -> Path:
    """A locale directory holding the repository's French .po compiled now, so that the
    tests read the catalogue as it is in the tree even before ``make messages`` compiled the
    committed .mo."""
    po = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    locale = tmp_path_factory.mktemp("locale")
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(locale / "fr" / "LC_MESSAGES" / "django.mo"))
    return locale


@pytest.fixture
def french(settings, french_catalogue):
    settings.LOCALE_PATHS = [str(french_catalogue), *django_settings.LOCALE_PATHS]


@pytest.fixture
def pack_meeting(world):
    """A COPIL of portfolio P1 (project A of the world and five more), in French, with a
    previous COPIL whose three decisions are followed up, and one unflagged budget alert."""
    today = timezone.localdate()
    build_projects(world.p1, 5, manager=world.users["pm"], today=today)
    AlertFactory(project=world.project_a, period=today.year)
    previous = CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL précédent",
        scheduled_at=timezone.now() - timedelta(days=30),
        status=MeetingStatus.HELD,
    )
    for index, status in enumerate(
        (DecisionStatus.DONE, DecisionStatus.IN_PROGRESS, DecisionStatus.OPEN)
    ):
        CopilDecisionFactory(
            meeting=previous,
            text=f"Décision suivie {index}",
            status=status,
            owner=world.users["executive"],
            due_date=today - timedelta(days=5),
            follow_up="Point fait en comité." if index == 0 else "",
        )
    return CopilMeetingFactory(
        portfolio=world.p1,
        title="COPIL Portefeuille Nord",
        scheduled_at=timezone.now() + timedelta(days=2),
        attendees=[world.users["executive"]],
    )
