"""Adjacency-list trees shared by objectives and portfolios (portfolios/models/__init__.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TreeQuerySet(models.QuerySet):
    """Adjacency-list trees (a few hundred nodes at most): the whole tree is one query."""

    def parent_map(self) -> dict[int, int | None]:
        return dict(self.model.objects.values_list("pk", "parent_id"))

    def subtree_ids(self, root_ids) -> set[int]:
        """Ids of ``root_ids`` and of all their descendants (one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.parent_map().items():
            children.setdefault(parent_id, []).append(pk)
        found: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(children.get(pk, []))
        return found


class TreeNode(models.Model):
    """Shared by objectives and portfolios: a node may not be its own ancestor."""

    objects = TreeQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.pk and self.parent_id:
            parents = type(self).objects.parent_map()
            node = self.parent_id
            seen = set()
            while node is not None and node not in seen:
                if node == self.pk:
                    raise ValidationError(
                        {"parent": _("A node cannot be placed under itself or its descendants.")}
                    )
                seen.add(node)
                node = parents.get(node)
