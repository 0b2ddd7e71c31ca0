"""Who gave or took which role (issue 14, audit): a signal on the users' groups writes a
RoleChange row for each group added or removed, with the user of the current request when
there is one (simple_history's request middleware keeps it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from simple_history.models import HistoricalRecords


def _actor():
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _record(user, group_ids, given: bool) -> None:
    from pmo_portal.models import RoleChange

    names = Group.objects.filter(pk__in=group_ids).values_list("name", flat=True)
    actor = _actor()
    RoleChange.objects.bulk_create(
        RoleChange(user=user, role=name, given=given, changed_by=actor) for name in names
    )


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``user.groups.add/remove/clear`` (and ``group.user_set``…)."""
    if action == "pre_clear":
        users = [instance] if not reverse else list(instance.user_set.all())
        for user in users:
            ids = [instance.pk] if reverse else list(user.groups.values_list("pk", flat=True))
            _record(user, ids, given=False)
        return
    if action not in {"post_add", "post_remove"} or not pk_set:
        return
    given = action == "post_add"
    if reverse:  # group.user_set.add(users…)
        for user in get_user_model().objects.filter(pk__in=pk_set):
            _record(user, [instance.pk], given)
    else:
        _record(instance, pk_set, given)


def connect() -> None:
    m2m_changed.connect(
        groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="pmo_portal.audit.groups_changed",
    )
