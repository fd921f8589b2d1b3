"""The consistency check: every node's figures are the sum of its children's figures plus
what is recorded in the node itself ("tổng hợp từ cơ sở trở lên": a province's form is its
communes' forms added up). It must find nothing; a difference means a counter that drifted
(today's stocks read the subtree counters) or a record the engine places twice or nowhere.

A background job (`statistics.check`) walks a node and every descendant that has children,
down to the depth asked for, and compares, for each form, each additive row and each
figure column: the node's figure, the sum of its children's, and the node's own records
(`engine.count(…, alone=True)`). Headings, averages, percents, rows the records do not hold,
rows marked not additive (a transfer between two cells of a commune) and figures taken from
reported figures are left out. In the tree "as it stood then", each figure's children are
those the node had on that figure's day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.bulk import Progress
from partybuilding.core.errors import Refusal
from partybuilding.core.jobs import job_kind, private_file, start
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, can, require
from partybuilding.core.xlsx import write_xlsx
from partybuilding.organizations.models import Organization, OrganizationVersion

from .drill import behind
from .engine import LAST, Request, Table, count, version_for
from .models import FormVersion
from .periods import Period
from .places import MODES, NOW

KIND = "statistics.check"
MAX_DEPTH = 10  # levels below the node: the tree has at most central → province → commune → grassroots → … → cell
KEPT = 1000  # differences kept in the job's result (the page and the API); the Excel file holds them all
PHASES = {"nodes": gettext_lazy("Checking the organizations")}


@dataclass(frozen=True)
class Difference:
    """A figure of a node that is not its children's sum plus its own records."""

    org_id: int
    org_code: str
    org_name: str
    form: str
    form_code: str
    row: str
    row_label: str
    column: str
    column_label: str
    figure: int
    children: int
    own: int

    @property
    def difference(self) -> int:
        return self.figure - self.children - self.own

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "difference": self.difference}


def form_slugs() -> list[str]:
    """The forms that can be checked, in their order ("1", "2", "2b", "3"…)."""
    return sorted(set(FormVersion.objects.values_list("slug", flat=True)))


# --- the tree ---------------------------------------------------------------------------


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class Tree:
    """Who sits under whom below the root: as the tree stands now (every child, whatever its
    status: a dissolved child's records still count in its parent), or as it stood on a day."""

    def __init__(self, root: Organization, mode: str) -> None:
        self.root, self.mode = root, mode
        self._maps: dict[dt.date | None, dict[int, list[int]]] = {}

    def children(self, node: int, day: dt.date) -> list[int]:
        key = None if self.mode == NOW else day
        if key not in self._maps:
            self._maps[key] = self._now() if key is None else self._then(key)
        return self._maps[key].get(node, [])

    def _now(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        below = Organization.objects.filter(path__gt=self.root.path, path__startswith=self.root.path).order_by("path")
        for org_id, parent_id in below.values_list("id", "parent_id"):
            found.setdefault(parent_id, []).append(org_id)
        return found

    def _then(self, day: dt.date) -> dict[int, list[int]]:
        """The subtree on `day`, one query per level (empty if the root did not exist)."""
        versions = OrganizationVersion.objects.filter(_valid_on(day))
        found: dict[int, list[int]] = {}
        if not versions.filter(organization_id=self.root.pk).exists():
            return found
        frontier, seen = [self.root.pk], {self.root.pk}
        while frontier:
            below = versions.filter(parent_id__in=frontier).order_by("organization__path")
            frontier = []
            for org_id, parent_id in below.values_list("organization_id", "parent_id"):
                if org_id not in seen:
                    seen.add(org_id)
                    found.setdefault(parent_id, []).append(org_id)
                    frontier.append(org_id)
        return found


def walk(tree: Tree, day: dt.date, depth: int | None) -> list[int]:
    """The nodes to check, parents before children (depth first): the root and each
    descendant with children on `day`, fewer than `depth` levels below the root."""
    found: list[int] = []
    stack = [(tree.root.pk, 0)]
    while stack:
        node, level = stack.pop()
        children = tree.children(node, day)
        if not children or (depth is not None and level >= depth):
            continue
        found.append(node)
        stack.extend((child, level + 1) for child in reversed(children))
    return found


# --- the comparison ----------------------------------------------------------------------


class Check:
    """The check of some forms for a node, a period and a tree mode. Tables are counted once
    per organization and form, and forgotten once their node is checked (the walk goes depth
    first, so only the pending siblings along one line of the tree are kept)."""

    def __init__(self, root: Organization, period: Period, mode: str, today: dt.date, versions: Iterable[FormVersion]) -> None:
        self.root, self.period, self.mode, self.today = root, period, mode, today
        self.versions = list(versions)
        self.tree = Tree(root, mode)
        self._tables: dict[tuple[int, int], Table] = {}
        self._orgs: dict[int, Organization] = {root.pk: root}

    @property
    def day(self) -> dt.date:
        return self.period.stock_day(self.today)

    def day_of(self, r: Request) -> dt.date:
        """The day a figure is counted on: its period's (this one or last year's) stock day,
        or the day before it starts (the stock carried over)."""
        period = self.period.previous() if r.period == LAST else self.period
        return period.stock_day(self.today) if r.on == "end" else period.start - dt.timedelta(days=1)

    def run(self, depth: int | None, progress: Progress) -> tuple[list[Difference], int]:
        nodes = walk(self.tree, self.day, depth)
        checked = set(nodes)
        differences: list[Difference] = []
        for done, node in enumerate(nodes):
            progress("nodes", done, len(nodes))
            differences += self.node(node, checked)
        progress("nodes", len(nodes), len(nodes))
        return differences, len(nodes)

    def node(self, node: int, checked: set[int]) -> list[Difference]:
        """The differences of one node, for every form. Then its tables, and those of its
        children that will not be checked in turn, are forgotten."""
        found: list[Difference] = []
        for version in self.versions:
            found += self.compare(node, version)
        done = {node} | {kid for version in self.versions for kid in self._kids(node, version) if kid not in checked}
        for key in [key for key in self._tables if key[0] in done]:
            del self._tables[key]
        for org_id in done - {self.root.pk}:
            self._orgs.pop(org_id, None)
        return found

    def _kids(self, node: int, version: FormVersion) -> set[int]:
        return {kid for day in self._days(node, version) for kid in self.tree.children(node, day)}

    def _days(self, node: int, version: FormVersion) -> set[dt.date]:
        if self.mode == NOW:
            return {self.day}
        table = self.table(node, version)
        return {self.day_of(cell.request) for line in table.lines for cell in line.cells if cell.request is not None}

    def compare(self, node: int, version: FormVersion) -> list[Difference]:
        mine = self.table(node, version)
        own = count(version, self.org(node), self.period, mode=self.mode, today=self.today, alone=True)
        self._load(self._kids(node, version))
        found = []
        for i, line in enumerate(mine.lines):
            row = line.row
            if line.heading or line.not_recorded or not row.additive or row.average:
                continue
            for j, cell in enumerate(line.cells):
                if cell.request is None or own.lines[i].cells[j].request is None:
                    continue  # a percent, or a figure reported rather than counted
                parts = [self.table(kid, version).lines[i].cells[j] for kid in self.tree.children(node, self.day_of(cell.request))]
                if any(part.request is None for part in parts):
                    continue
                children = sum(int(part.value or 0) for part in parts)
                mine_value, own_value = int(cell.value or 0), int(own.lines[i].cells[j].value or 0)
                if mine_value != children + own_value and cell.request.count == "organizations":
                    own_value = self.counts_itself(node, cell.request)
                if mine_value != children + own_value:
                    org, header = self.org(node), mine.headers[j]
                    found.append(
                        Difference(org.pk, org.code, org.name, mine.definition.slug, mine.definition.code, row.code, str(row.label),
                                   header.code, str(header.label), mine_value, children, own_value)
                    )  # fmt: skip
        return found

    def counts_itself(self, node: int, r: Request) -> int:
        """An organization's own part in a count of organizations: itself, if it is counted.
        The engine's count of a node alone judges its facts from its own records only, and a
        fact such as "admitted members in the period" is recorded in its cells; so, where
        the two disagree, the node is looked for among the organizations behind its figure."""
        return int(behind(r, self.org(node), self.period, self.mode, self.today).rows.filter(pk=node).exists())

    def table(self, org_id: int, version: FormVersion) -> Table:
        key = (org_id, version.pk)
        if key not in self._tables:
            self._tables[key] = count(version, self.org(org_id), self.period, mode=self.mode, today=self.today)
        return self._tables[key]

    def org(self, org_id: int) -> Organization:
        if org_id not in self._orgs:
            self._load([org_id])
        return self._orgs[org_id]

    def _load(self, ids: Iterable[int]) -> None:
        missing = [i for i in ids if i not in self._orgs]
        if missing:
            self._orgs.update(Organization.objects.in_bulk(missing))


# --- the job -----------------------------------------------------------------------------


def check_start(*, user: Any, org: Organization, period: Period, mode: str, forms: list[str], depth: int | None, today: dt.date) -> Job:
    """Start the check of `forms` (all when empty) for `org`'s subtree; the job as queued."""
    require(user, Action.VIEW_MEMBERS, org)
    known = form_slugs()
    unknown = sorted(set(forms) - set(known))
    if unknown:
        raise Refusal(_("There is no form %(forms)s.") % {"forms": ", ".join(unknown)}, field="forms")
    if mode not in MODES:
        raise Refusal(_("The tree is counted as it stands now or as it stood then."), field="tree")
    if depth is not None and not 1 <= depth <= MAX_DEPTH:
        raise Refusal(_("The depth is between 1 and %(most)d levels.") % {"most": MAX_DEPTH}, field="depth")
    params = {
        "org": org.pk,
        "period": {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "tree": mode,
        "forms": [slug for slug in known if slug in forms] or known,
        "depth": depth,
        "today": today.isoformat(),
    }
    return start(KIND, user=user, org_path=org.path, params=params)


def period_of_job(job: Job) -> Period:
    asked = job.params["period"]
    return Period(asked["kind"], dt.date.fromisoformat(asked["start"]), dt.date.fromisoformat(asked["end"]))


@job_kind(
    KIND, label=gettext_lazy("Consistency check of the statistical forms"), phases=PHASES, template="statistics/consistency_result.html"
)
def run_check(job: Job, progress: Progress) -> dict[str, Any]:
    """The check as its user asked for it (`params`: see `check_start`)."""
    params = job.params
    org = Organization.objects.filter(pk=params["org"]).first()
    if org is None or not can(job.created_by, Action.VIEW_MEMBERS, org):  # the right may be gone since
        raise Refusal(_("You may no longer see the members of this organization: the check was not run."))
    period, today = period_of_job(job), dt.date.fromisoformat(params["today"])
    versions = [v for v in (version_for(slug, period.end) for slug in params["forms"]) if v is not None]  # as the pages choose
    check = Check(org, period, params["tree"], today, versions)
    differences, nodes = check.run(params.get("depth"), progress)
    if differences:
        write_differences(job, org, period, differences)
    return {
        "org": {"id": org.pk, "code": org.code, "name": org.name},
        "period": {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label},
        "tree": params["tree"],
        "day": check.day.isoformat(),
        "forms": [{"slug": v.slug, "code": v.code, "version_id": v.pk} for v in versions],
        "depth": params.get("depth"),
        "nodes": nodes,
        "count": len(differences),
        "differences": [d.as_json() for d in differences[:KEPT]],
    }


def header() -> list[str]:
    return [
        _("Organization code"), _("Organization"), _("Form"), _("Row"), _("Criterion"), _("Column"),
        _("Figure of the organization"), _("Sum of its children"), _("Its own records"), _("Difference"),
    ]  # fmt: skip


def write_differences(job: Job, org: Organization, period: Period, differences: list[Difference]) -> None:
    """Every difference, in an Excel file the job's page offers for download."""
    name = f"kiem-tra-bieu-{slugify(org.code) or org.pk}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    rows = (
        [d.org_code, d.org_name, d.form_code, d.row, d.row_label, d.column_label, d.figure, d.children, d.own, d.difference]
        for d in differences
    )
    write_xlsx(private_file(job, name), _("Differences"), header(), rows)
