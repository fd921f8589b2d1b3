"""The consistency check: every node's figures are the sum of its children's figures plus
what is recorded in the node itself ("tổng hợp từ cơ sở trở lên": a province's form is its
communes' forms added up). It must find nothing; a difference means a counter that drifted
(today's stocks read the subtree counters) or a record the engine places twice or nowhere.

A background job (`statistics.check`) walks a node and every descendant that has children,
down to the depth asked for, and compares, for each form, each additive row and each
figure column: the node's figure, the sum of its children's, and the node's own records
(`own_figures`: one grouped query per count and day for the whole subtree, so that the
country is checked down to its cells in minutes). Headings, averages, percents, rows the
records do not hold, rows marked not additive (a transfer between two cells of a commune)
and figures taken from reported figures are left out. In the tree "as it stood then", each
figure's children are those the node had on that figure's day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
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

from . import fast
from .engine import LAST, Request, Table, count, version_for
from .models import FormVersion, ReportedFigure, Snapshot
from .own_figures import belongs_to, own_figures
from .periods import Period
from .places import MODES, NOW

KIND = "statistics.check"
MAX_DEPTH = 10  # levels below the node: the tree has at most central → province → commune → grassroots → … → cell
KEPT = 1000  # differences kept in the job's result (the page and the API); the Excel file holds them all
PHASES = {
    "forms": gettext_lazy("Counting the forms"),
    "counting": gettext_lazy("Counting each organization's own records"),
    "nodes": gettext_lazy("Checking the organizations"),
}


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
        # Each organization's path and parent as they stand now: what its counters are read by.
        self.now: dict[int, tuple[str, int | None]] = {root.pk: (root.path, root.parent_id)}

    def standing(self, node: int) -> Organization:
        """The organization as it stands now, enough to read its counters (no query)."""
        path, parent_id = self.now[node]
        return Organization(pk=node, path=path, parent_id=parent_id)

    def children(self, node: int, day: dt.date) -> list[int]:
        key = None if self.mode == NOW else day
        if key not in self._maps:
            self._maps[key] = self._now() if key is None else self._then(key)
        return self._maps[key].get(node, [])

    def _now(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        below = Organization.objects.filter(path__gt=self.root.path, path__startswith=self.root.path).order_by("path")
        for org_id, parent_id, path in below.values_list("id", "parent_id", "path"):
            found.setdefault(parent_id, []).append(org_id)
            self.now[org_id] = (path, parent_id)
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
            for org_id, parent_id, path, parent_now in below.values_list(
                "organization_id", "parent_id", "organization__path", "organization__parent_id"
            ):
                if org_id not in seen:
                    seen.add(org_id)
                    found.setdefault(parent_id, []).append(org_id)
                    frontier.append(org_id)
                    self.now[org_id] = (path, parent_now)
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


def post_order(tree: Tree, day: dt.date) -> Iterator[tuple[int, list[int]]]:
    """Every node of the subtree on `day` with its children, the children first."""
    stack = [(tree.root.pk, False)]
    while stack:
        node, ready = stack.pop()
        kids = tree.children(node, day)
        if ready:
            yield node, kids
        else:
            stack.append((node, True))
            stack.extend((kid, False) for kid in reversed(kids))


# --- the comparison ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pass:
    """One pass up the tree: the figures counted on one day (`requests`), each organization's
    own figures of them, the root's as its form prints them, and each one's (row, column,
    index in `requests`) in the form."""

    day: dt.date
    requests: list[Request]
    owned: dict[int, list[int]]
    root: list[Any]
    positions: list[tuple[int, int, int]]


class Check:
    """The check of some forms for a node, a period and a tree mode.

    The node's forms are counted as their pages print them. Below it, every organization's
    own figures come from one grouped query per count and day (`own_figures`) and are added
    up the tree, children first; where the forms read counters instead of records (today's
    members, a snapshot's day) those are read. Each node is compared once its children are
    counted, and they are then forgotten: what is kept is one line of the tree."""

    def __init__(self, root: Organization, period: Period, mode: str, today: dt.date, versions: Iterable[FormVersion]) -> None:
        self.root, self.period, self.mode, self.today = root, period, mode, today
        self.versions = list(versions)
        self.tree = Tree(root, mode)
        self._orgs: dict[int, Organization] = {root.pk: root}
        self._snapshots: dict[dt.date, set[int]] = {}

    @property
    def day(self) -> dt.date:
        return self.period.stock_day(self.today)

    def day_of(self, r: Request) -> dt.date:
        """The day a figure is counted on: its period's (this one or last year's) stock day,
        or the day before it starts (the stock carried over)."""
        period = self.period.previous() if r.period == LAST else self.period
        return period.stock_day(self.today) if r.on == "end" else period.start - dt.timedelta(days=1)

    def run(self, depth: int | None, progress: Progress) -> tuple[list[Difference], int]:
        found: list[tuple[tuple[int, ...], Difference]] = []
        for done, version in enumerate(self.versions):
            progress("forms", done, len(self.versions))
            found += self.form(version, depth, progress)
        progress("forms", len(self.versions), len(self.versions))
        order = {node: n for n, node in enumerate(walk(self.tree, self.day, depth))}
        found.sort(key=lambda item: (order.get(item[1].org_id, len(order)), *item[0]))
        return [difference for _key, difference in found], len(order)

    def form(self, version: FormVersion, depth: int | None, progress: Progress) -> list[tuple[tuple[int, ...], Difference]]:
        """The differences of one form: per day counted (one, in the tree as it stands now),
        the organizations' figures added up the tree and compared node by node."""
        table = count(version, self.root, self.period, mode=self.mode, today=self.today)
        printed = {cell.request: cell.value for line in table.lines for cell in line.cells if cell.request is not None}
        cells = [
            (i, j, cell.request)
            for i, line in enumerate(table.lines)
            if not (line.heading or line.not_recorded or not line.row.additive or line.row.average)
            for j, cell in enumerate(line.cells)
            if cell.request is not None and belongs_to(cell.request) is not None
        ]
        by_day: dict[dt.date, list[tuple[int, int, Request]]] = {}
        for i, j, r in cells:
            by_day.setdefault(self.day if self.mode == NOW else self.day_of(r), []).append((i, j, r))
        found: list[tuple[tuple[int, ...], Difference]] = []
        for day, day_cells in by_day.items():
            requests = list(dict.fromkeys(r for _i, _j, r in day_cells))
            progress("counting", 0, 0)  # a grouped query: no steps to count
            at = {r: k for k, r in enumerate(requests)}
            counted = Pass(
                day, requests, own_figures(self.root, requests, (self.period, self.period.previous()), self.mode, self.today),
                [printed[r] for r in requests], [(i, j, at[r]) for i, j, r in day_cells],
            )  # fmt: skip
            for node, (i, j, *figures) in self.climb(table, counted, depth, progress):
                found.append(((self.versions.index(version), i, j), self.difference(node, table, i, j, *figures)))
        return found

    def climb(self, table: Table, counted: Pass, depth: int | None, progress: Progress) -> Iterator[tuple[int, tuple[int, ...]]]:
        """Up the tree of the pass's day: each node's figures (its own plus its children's, or
        what its form reads from the counters), and at each node checked, the figures that
        differ as (node, (row, column, figure, children, own))."""
        day, requests = counted.day, counted.requests
        checked = set(walk(self.tree, day, depth))
        shown = checked | {kid for node in checked for kid in self.tree.children(node, day)}
        skipped = self.reported(table)
        zeros = [0] * len(requests)
        sums: dict[int, list[int]] = {}
        figures: dict[int, list[int]] = {}
        done = 0
        for node, kids in post_order(self.tree, day):
            own = counted.owned.get(node, zeros)
            subtree = list(own)
            for kid in kids:
                subtree = [a + b for a, b in zip(subtree, sums.pop(kid), strict=True)]
            sums[node] = subtree
            if node in shown:
                figures[node] = counted.root if node == self.root.pk else self.figures(node, requests, subtree)
                done += 1
                if done % 1000 == 0:
                    progress("nodes", done, len(shown))
            if node in checked:
                mine = figures[node]
                for i, j, k in counted.positions:
                    if requests[k].period == LAST and ({node, *kids} & skipped):
                        continue  # figures reported for last year stand in for the counted ones
                    children = sum(figures[kid][k] for kid in kids)
                    if int(mine[k] or 0) != children + own[k]:
                        yield node, (i, j, int(mine[k] or 0), children, own[k])
            for kid in kids:
                figures.pop(kid, None)
        progress("nodes", len(shown), len(shown))

    def figures(self, node: int, requests: list[Request], records: list[int]) -> list[int]:
        """A node's figures as its form gives them: from the records (`records`: its own and
        its children's, added up), except the members the counters hold (today's, or a fresh
        snapshot's), as `engine.answer` reads them."""
        values = list(records)
        by_day: dict[dt.date, list[Request]] = {}
        for r in requests:
            if r.count == "members" and not r.average:
                by_day.setdefault(self.day_of(r), []).append(r)
        known: dict[Request, Any] = {}
        for day, members in by_day.items():
            if (self.mode == NOW or day == self.today) and (day == self.today or node in self.snapshotted(day)):
                counters = fast.counters_of(self.tree.standing(node), day, self.today)
                if counters is not None:
                    known |= fast.answer(members, counters)
        return [int(known[r] or 0) if r in known else v for r, v in zip(requests, values, strict=True)]

    def snapshotted(self, day: dt.date) -> set[int]:
        if day not in self._snapshots:
            self._snapshots[day] = set(Snapshot.objects.filter(day=day).values_list("organization_id", flat=True))
        return self._snapshots[day]

    def reported(self, table: Table) -> set[int]:
        """Organizations whose figures for last year were imported as reported (their forms
        print those in the comparison column)."""
        if not table.definition.compare:
            return set()
        last = self.period.previous()
        figures = ReportedFigure.objects.filter(form_slug=table.definition.slug, start=last.start, end=last.end)
        return set(figures.values_list("organization_id", flat=True))

    def difference(self, node: int, table: Table, i: int, j: int, figure: int, children: int, own: int) -> Difference:
        org, row, header = self.org(node), table.lines[i].row, table.headers[j]
        return Difference(org.pk, org.code, org.name, table.definition.slug, table.definition.code, row.code, str(row.label),
                          header.code, str(header.label), figure, children, own)  # fmt: skip

    def org(self, org_id: int) -> Organization:
        if org_id not in self._orgs:
            self._orgs[org_id] = Organization.objects.only("id", "code", "name", "path", "parent_id").get(pk=org_id)
        return self._orgs[org_id]


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
