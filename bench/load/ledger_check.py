"""Is every write the load client saw succeed in the database? (bench/load/run.py runs it
with the run's DATABASE_URL and prints the answer as JSON.)

    ledger_check.py LEDGER.jsonl

- a payment (page or API): the payments of its submission add up to the amount, for the
  member it was for;
- an attendance save: the meeting's version went past the one the client saved at, and
  the first member's contributions are the last value the client saw saved, or one it
  sent after it without seeing the answer (that one may have committed too);
- an import: every citizen ID of the file is a member on record.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import generate


def check(entries: list[dict[str, Any]]) -> dict[str, Any]:
    from django.db.models import Sum

    from partybuilding.dues.models import Charge, Payment
    from partybuilding.meetings.models import Attendance, Meeting
    from partybuilding.members.models import Member

    missing: list[dict[str, Any]] = []
    checked: dict[str, int] = defaultdict(int)
    attendance: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        kind = entry["kind"]
        if kind == "payment":
            checked[kind] += 1
            member = entry.get("member") or Charge.objects.get(pk=entry["charge"]).member_id
            paid = Payment.objects.filter(submission=entry["submission"], member_id=member).aggregate(total=Sum("amount"))["total"]
            if paid != entry["amount"]:
                missing.append({**entry, "found": paid})
        elif kind.startswith("attendance"):
            attendance[(entry["meeting"], entry["member"])].append(entry)
        elif kind == "import":
            checked[kind] += 1
            found = Member.objects.filter(citizen_id__in=entry["citizen_ids"]).count()
            if found != len(entry["citizen_ids"]):
                missing.append({"kind": kind, "expected": len(entry["citizen_ids"]), "found": found})
    for (meeting, member), writes in attendance.items():
        confirmed = [w for w in writes if w["kind"] == "attendance"]
        if not confirmed:
            continue
        checked["attendance"] += len(confirmed)
        last = max(confirmed, key=lambda w: w["n"])
        # One user saves a meeting's attendance, one save after another (numbered n).
        allowed = {last["contributions"]} | {w["contributions"] for w in writes if w["kind"] == "attendance-sent" and w["n"] > last["n"]}
        row = Attendance.objects.filter(meeting_id=meeting, member_id=member).values_list("contributions", flat=True).first()
        version = Meeting.objects.values_list("version", flat=True).get(pk=meeting)
        if row not in allowed or version <= last["version"]:
            missing.append(
                {"kind": "attendance", "meeting": meeting, "member": member, "expected": sorted(allowed), "found": row, "version": version}
            )
    return {
        "confirmed_writes_checked": dict(checked),
        "attendance_saves_sent": sum(1 for e in entries if e["kind"] == "attendance-sent"),
        "missing": len(missing),
        "missing_examples": missing[:10],
    }


def main() -> None:
    generate.setup_django()
    entries = (
        [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line.strip()] if Path(sys.argv[1]).exists() else []
    )
    print(json.dumps(check(entries), default=str))


if __name__ == "__main__":
    main()
