"""One beat sends the schedule, however many run: the one holding a lock in Redis.

``CELERY_BEAT_SCHEDULER`` is ``LockedDatabaseScheduler``: django-celery-beat's scheduler
(schedules stay in the database, editable in the admin) whose every tick first takes or
renews a lock in the broker's Redis (``SET NX PX``, renewed by compare-and-expire so that
only its holder extends it). A beat without the lock sends nothing and tries again every few
seconds; when the holder stops (closed: it releases the lock; killed: the lock expires after
``LOCK_TTL``), the next one to try takes over.

Taking over, a beat reads the schedule again from the database, and the holder writes an
entry's last run there as soon as it has sent it: the new holder does not send again what
the old one sent. (A holder killed between sending and writing may have one task sent twice;
tasks are idempotent.)

Without Redis (the embedded demo's filesystem broker: one machine, one beat from the
Procfile) there is no lock: the scheduler sends as django-celery-beat's does.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

import redis
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "pmo:beat:lock"
LOCK_TTL = 30.0  # seconds: how long a killed holder keeps the others waiting
STANDBY_EVERY = 5.0  # seconds between a waiting beat's tries

# Extend the lock only if this beat holds it; delete it only if this beat holds it.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class BeatLock:
    """The lock of one beat process. ``url`` None: no lock, ``hold()`` is always true."""

    def __init__(self, url: str | None, *, key: str = LOCK_KEY, ttl: float = LOCK_TTL):
        self.client = redis.Redis.from_url(url) if url else None
        self.key = key
        self.ttl = ttl
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"

    @classmethod
    def for_broker(cls, broker_url: str | None, **kwargs) -> BeatLock:
        """The lock in the broker's Redis: two beats sending to one broker share it."""
        url = broker_url or ""
        return cls(url if url.startswith(("redis://", "rediss://")) else None, **kwargs)

    def hold(self) -> bool:
        """Renew the lock if this beat holds it, else take it if free. Raises RedisError."""
        if self.client is None:
            return True
        ttl_ms = int(self.ttl * 1000)
        if self.client.eval(_RENEW, 1, self.key, self.token, ttl_ms):
            return True
        return bool(self.client.set(self.key, self.token, nx=True, px=ttl_ms))

    def release(self) -> None:
        if self.client is not None:
            self.client.eval(_RELEASE, 1, self.key, self.token)


class LockedDatabaseScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler that sends only while it holds the beat lock."""

    lock: BeatLock | None = None
    _holding = False
    _told_standby = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Write an entry's last run right after sending it (not every 3 minutes): a beat
        # taking over reads it and does not send the same run again.
        self.sync_every_tasks = 1

    def _lock(self) -> BeatLock:
        if self.lock is None:
            self.lock = BeatLock.for_broker(self.app.conf.broker_url)
        return self.lock

    def _hold(self) -> bool:
        try:
            held = self._lock().hold()
        except redis.RedisError:
            logger.warning("beat: the lock cannot be read in Redis; sending nothing", exc_info=True)
            held = False
        if held and not self._holding:
            if self._lock().client is None:
                logger.info("beat: no Redis broker, so no lock: this beat sends the schedule")
            else:
                logger.info("beat: lock taken, this beat sends the schedule")
            # The schedule as the last holder left it (last runs), not as read at start-up.
            self._initial_read = True
            self._heap = None
        elif not held and (self._holding or not self._told_standby):
            logger.info("beat: another beat holds the lock; this one waits and sends nothing")
            self._told_standby = True
        self._holding = held
        return held

    def reserve(self, entry):
        # django-celery-beat advances the entry's row but leaves the schedule holding the
        # entry as it was before this run; a heap rebuilt from it (after a schedule change,
        # or a takeover) would find that run due again and send it twice.
        new_entry = super().reserve(entry)
        if self._schedule is not None and entry.name in self._schedule:
            self._schedule[entry.name] = new_entry
        return new_entry

    def tick(self, *args, **kwargs):
        if not self._hold():
            return min(self.max_interval, STANDBY_EVERY)
        # Back before the lock expires, even when nothing is due for a while.
        return min(super().tick(*args, **kwargs), self._lock().ttl / 3)

    def close(self):
        try:
            super().close()
        finally:
            if self._holding:
                try:
                    self._lock().release()
                except redis.RedisError:
                    logger.warning("beat: lock not released; it expires", exc_info=True)
                self._holding = False
