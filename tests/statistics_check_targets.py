"""A consistency check a user started, done, for the permission matrix and the scope crawl:
recorded as the job leaves it (a user without the right to see members cannot start one,
yet the route must answer them about their own)."""

from __future__ import annotations

from typing import Any

from partybuilding.core.models import Job, JobStatus
from partybuilding.organizations.models import Organization
from partybuilding.statistics.consistency import KIND


def check_job_of(user: Any, org: Organization) -> Job:
    node = {"id": org.pk, "code": org.code, "name": org.name}
    period = {"kind": "year", "start": "2025-01-01", "end": "2025-12-31"}
    result = {"org": node, "period": {**period, "label": "Năm 2025"}, "tree": "now", "day": "2025-12-31", "forms": [],
              "depth": None, "nodes": 0, "count": 0, "differences": []}  # fmt: skip
    params = {"org": org.pk, "period": period, "tree": "now", "forms": ["5"], "depth": None, "today": "2026-12-07"}
    return Job.objects.create(
        kind=KIND, created_by=user, org_path=org.path, params=params, status=JobStatus.DONE, result=result, language="vi"
    )
