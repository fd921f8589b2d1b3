"""Inspection work through the API: the same scope, selectors and services as the pages
(programmes and cases, disciplines, suspensions and appeals, denunciations, the statistics)."""

from . import cases, denunciations, disciplines, reports  # noqa: F401 (their operations register on the router)
from .router import router

__all__ = ["router"]
