"""The yearly assessment through the API: the same scope, `may_*` questions, selectors and
services as the pages (rounds, members' and organizations' ratings, the four-good model, the
member's own ratings, the per-subordinate table read from the counters, disciplines)."""

from . import organizations, rounds  # noqa: F401 (their operations register on the router)
from .router import router

__all__ = ["router"]
