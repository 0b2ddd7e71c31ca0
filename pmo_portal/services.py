"""Writes of the foundations layer."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pmo_portal.models import Heartbeat
from pmo_portal.roles import Role

SCHEDULER_HEARTBEAT = "scheduler"


def record_heartbeat(*, name: str = SCHEDULER_HEARTBEAT, at: datetime | None = None) -> Heartbeat:
    """Store the time a periodic task ran (idempotent: one row per name, last time wins)."""
    heartbeat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": at or timezone.now()}
    )
    return heartbeat


@transaction.atomic
def assign_roles(*, user, roles: list[Role]) -> None:
    """Put ``user`` in exactly these role groups. PMO members are staff (admin access)."""
    groups = list(Group.objects.filter(name__in=[role.value for role in roles]))
    user.groups.set(groups)
    user.is_staff = Role.PMO in roles or user.is_superuser
    user.save(update_fields=["is_staff"])
