"""Two beats against one Redis (pmo_portal/beat_lock.py): only the lock's holder sends the
due tasks; when it stops (closed, or killed and its lock expired) the other takes over and
does not send again what the first one sent.

The schedulers are the real ones (django-celery-beat reading the database, the lock in the
test's Redis); only the last step, handing the message to the broker, is recorded instead.
django-celery-beat commits and reconnects as it reads, so the test commits too."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from pmo_portal.beat_lock import BeatLock, LockedDatabaseScheduler
from pmo_portal.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
TTL = 3.0  # seconds (30 in production)


class RecordingScheduler(LockedDatabaseScheduler):
    """Records what it would send (task name per periodic task) in ``sent``."""

    def __init__(self, *args, name: str, sent: list, lock: BeatLock, **kwargs):
        self.beat_name, self.sent, self.lock = name, sent, lock
        super().__init__(*args, **kwargs)
        self.__dict__["producer"] = None  # no broker connection: send_task records

    def send_task(self, name, *args, **kwargs):
        self.sent.append((self.beat_name, kwargs["headers"]["periodic_task_name"]))


@pytest.fixture(autouse=True)
def clock():
    # The clock runs: django-celery-beat sees a schedule change by its newer timestamp.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def lock_key():
    key = f"pmo:test:beat-lock:{uuid.uuid4().hex}"
    yield key
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(key)


def due_task(name: str) -> PeriodicTask:
    """A task due now (last run two hours ago, every hour); not registered in Celery, so the
    scheduler hands it to ``send_task``."""
    every_hour, _created = IntervalSchedule.objects.get_or_create(every=3600, period="seconds")
    return PeriodicTask.objects.create(
        name=name,
        task="tests.scale.not_a_task",
        interval=every_hour,
        last_run_at=NOW - timedelta(hours=2),
    )


def beat(name: str, sent: list, lock_key: str) -> RecordingScheduler:
    lock = BeatLock.for_broker(settings.CELERY_BROKER_URL, key=lock_key, ttl=TTL)
    return RecordingScheduler(app=app, name=name, sent=sent, lock=lock)


def run(*beats: RecordingScheduler, ticks: int = 4) -> None:
    for _ in range(ticks):
        for scheduler in beats:
            scheduler.tick()


def test_only_the_lock_holder_sends_and_the_other_takes_over_when_it_stops(lock_key):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    # Only the test's tasks are due: the seeded schedules wait for their own time.
    PeriodicTask.objects.update(enabled=False)
    due_task("first")
    sent: list = []
    one, two = beat("one", sent, lock_key), beat("two", sent, lock_key)
    run(one, two)
    assert sent == [("one", "first")]
    # The holder wrote the last run as it sent: the database knows "first" was sent.
    last_run = PeriodicTask.objects.get(name="first").last_run_at
    assert NOW <= last_run < NOW + timedelta(minutes=1)

    one.close()  # a clean stop releases the lock
    run(two)
    assert sent == [("one", "first")]  # took over, and did not send "first" again
    due_task("second")
    run(two)
    assert sent == [("one", "first"), ("two", "second")]

    # "two" is killed: nobody releases its lock; "three" waits, then takes over once it
    # has expired.
    three = beat("three", sent, lock_key)
    due_task("third")
    run(three)
    assert sent == [("one", "first"), ("two", "second")]
    time.sleep(TTL + 0.2)
    run(three)
    assert sent == [("one", "first"), ("two", "second"), ("three", "third")]
    three.close()


def test_a_second_beat_started_by_mistake_sends_nothing_even_when_everything_is_due(lock_key):
    PeriodicTask.objects.update(enabled=False)
    sent: list = []
    one = beat("one", sent, lock_key)
    run(one, ticks=1)
    for index in range(3):
        due_task(f"task {index}")
    two = beat("two", sent, lock_key)
    run(two, one, ticks=8)
    assert sorted(sent) == [("one", "task 0"), ("one", "task 1"), ("one", "task 2")]
    one.close()
    two.close()


def test_without_redis_there_is_no_lock_and_beat_sends():
    """The embedded demo (filesystem broker, one beat from the Procfile)."""
    for url in ("filesystem://", "", None):
        lock = BeatLock.for_broker(url)
        assert lock.client is None
        assert lock.hold()
        assert lock.hold()  # twice in a row, as every tick does
        lock.release()
    assert BeatLock.for_broker("redis://127.0.0.1:6379/3").client is not None
