"""Materialised-path trees: subtree queries are one indexed prefix match on any database."""

from __future__ import annotations

from typing import Any, Self

from django.db import models


class TreeQuerySet(models.QuerySet):
    def descendants_of(self, paths: list[str], *, include_self: bool = True) -> Self:
        """Rows in the subtrees rooted at ``paths`` (a list of materialised paths)."""
        if not paths:
            return self.none()
        q = models.Q()
        for path in paths:
            q |= models.Q(path__startswith=path)
        qs = self.filter(q)
        return qs if include_self else qs.exclude(path__in=paths)


class TreeNode(models.Model):
    """Abstract tree node. ``path`` is "/<root id>/…/<own id>/" and is kept by ``save()``."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent is not None else "/"
        path = f"{parent_path}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path, self.depth = path, path.count("/") - 2
            manager = type(self)._default_manager
            manager.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                # A moved node carries its subtree along.
                for child in manager.filter(path__startswith=old).exclude(pk=self.pk):
                    child.save()

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
