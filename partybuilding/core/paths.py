"""Materialized paths: each organization's path is its parent's path plus a fixed-width
segment of digits, so a subtree is one range of an indexed column on every database.

Digits only, and the last segment value is never used, keep the range bounds correct
under any collation (`path >= p AND path < upper(p)`)."""

from __future__ import annotations

from django.db.models import Q

SEGMENT = 5
MAX_CHILD = 10**SEGMENT - 2  # 99999 is reserved so that upper() never carries over


def child_path(parent_path: str, seq: int) -> str:
    if not 1 <= seq <= MAX_CHILD:
        raise ValueError(f"child number {seq} out of range")
    return parent_path + str(seq).zfill(SEGMENT)


def upper(path: str) -> str:
    """The first path after every path that starts with `path`."""
    return str(int(path) + 1).zfill(len(path))


def depth(path: str) -> int:
    return len(path) // SEGMENT


def ancestor_paths(path: str) -> list[str]:
    """Paths of the node itself and all its ancestors, root first."""
    return [path[: i * SEGMENT] for i in range(1, depth(path) + 1)]


def subtree_q(path: str, field: str = "path") -> Q:
    """The node and its descendants."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": upper(path)})


def line_q(path: str, field: str = "path") -> Q:
    """The node, its descendants and its ancestors: what is read along its line."""
    return subtree_q(path, field) | Q(**{f"{field}__in": ancestor_paths(path)})


def descendants_q(path: str, field: str = "path") -> Q:
    return Q(**{f"{field}__gt": path, f"{field}__lt": upper(path)})
