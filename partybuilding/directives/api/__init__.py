"""Documents, tasks and study through the API: the same scope, selectors and services as the
pages."""

from . import documents, reports, study, tasks  # noqa: F401 (their operations register on the router)
from .router import router

__all__ = ["router"]
