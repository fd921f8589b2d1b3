"""Cadre work through the API: the same scope, selectors and services as the pages."""

from . import appointments, cadres, moves, planning, positions, reports, training  # noqa: F401 (their operations register on the router)
from .router import router

__all__ = ["router"]
