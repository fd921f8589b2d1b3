"""The seeds' line for documents issued ("In 2026, the Provincial Committee issued 8
resolutions, 3 directives and 269 conclusions."), in the reader's language, with each kind's
plural form; a kind a later rule adds is counted as "n documents of the kind …"."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core.charts import number

from .issued import IssuedReport, IssuerLine

PLURALS: dict[str, Callable[[int], str]] = {
    "NQ": lambda n: ngettext("%(count)s resolution", "%(count)s resolutions", n),
    "CT": lambda n: ngettext("%(count)s directive", "%(count)s directives", n),
    "KL": lambda n: ngettext("%(count)s conclusion", "%(count)s conclusions", n),
    "QĐ": lambda n: ngettext("%(count)s decision", "%(count)s decisions", n),
    "QĐi": lambda n: ngettext("%(count)s regulation", "%(count)s regulations", n),
    "QC": lambda n: ngettext("%(count)s statute", "%(count)s statutes", n),
    "TT": lambda n: ngettext("%(count)s circular", "%(count)s circulars", n),
    "HD": lambda n: ngettext("%(count)s instruction", "%(count)s instructions", n),
    "CTr": lambda n: ngettext("%(count)s programme", "%(count)s programmes", n),
    "KH": lambda n: ngettext("%(count)s plan", "%(count)s plans", n),
    "QH": lambda n: ngettext("%(count)s master plan", "%(count)s master plans", n),
    "ĐA": lambda n: ngettext("%(count)s scheme", "%(count)s schemes", n),
    "DA": lambda n: ngettext("%(count)s project", "%(count)s projects", n),
    "BC": lambda n: ngettext("%(count)s report", "%(count)s reports", n),
    "TTr": lambda n: ngettext("%(count)s submission", "%(count)s submissions", n),
    "TB": lambda n: ngettext("%(count)s notice", "%(count)s notices", n),
    "CV": lambda n: ngettext("%(count)s official letter", "%(count)s official letters", n),
}


def counted(code: str, name: str, n: int) -> str:
    """ "8 resolutions" — or "2 documents of the kind “Name”" for a kind not listed above."""
    plural = PLURALS.get(code)
    if plural is not None:
        return plural(n) % {"count": number(n)}
    text = ngettext("%(count)s document of the kind “%(kind)s”", "%(count)s documents of the kind “%(kind)s”", n)
    return text % {"count": number(n), "kind": name}


def listed(parts: list[str]) -> str:
    """ "a, b and c" in the reader's language."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _issuer_sentence(report: IssuedReport, line: IssuerLine) -> str:
    parts = [counted(k.code, k.name, line.counts[k.code]) for k in report.kinds if line.counts.get(k.code)]
    return _("In %(year)s, %(issuer)s issued %(documents)s.") % {
        "year": report.year,
        "issuer": line.issuer.name,
        "documents": listed(parts),
    }


def sentences(report: IssuedReport) -> list[str]:
    """One sentence per issuer of the scope that issued anything in the year, and the
    withdrawn documents among them."""
    said = [_issuer_sentence(report, line) for line in report.own_lines if line.total]
    if not said:
        return [_("In %(year)s, no document issued by %(scope)s was registered.") % {"year": report.year, "scope": report.scope.name}]
    withdrawn = sum(line.withdrawn for line in report.own_lines)
    if withdrawn:
        text = ngettext(
            "Of these, %(count)s document was withdrawn later; it keeps its number and is counted.",
            "Of these, %(count)s documents were withdrawn later; they keep their numbers and are counted.",
            withdrawn,
        )
        said.append(text % {"count": number(withdrawn)})
    return said
