"""Stub: filled by its area."""

from .router import router  # noqa: F401
