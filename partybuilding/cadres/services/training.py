"""The courses a cadre attended: recorded with their dates (ending on or after they start),
the level a completed course gives (what the standards of a post are checked against), and an
optional PDF certificate, checked by its first bytes and size, served only as an attachment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user, day_text, refuse_future
from partybuilding.core.text import nfc

from ..choices import CourseKind, CourseLevel, CourseMode, CoursePlace
from ..models import Cadre, Training
from .positions import records_rule

PDF_SIGNATURE = b"%PDF-"
FIELDS = (
    "kind", "level", "topic", "name", "institution", "mode", "place", "starts_on", "ends_on", "completed",
    "certificate_number", "certificate_date",
)  # fmt: skip
# the levels a course of each kind may give
LEVELS_OF_KIND = {
    CourseKind.THEORY: {
        CourseLevel.THEORY_ELEMENTARY, CourseLevel.THEORY_INTERMEDIATE, CourseLevel.THEORY_ADVANCED, CourseLevel.THEORY_BACHELOR,
    },
    CourseKind.PROFESSIONAL: {CourseLevel.BACHELOR, CourseLevel.MASTER, CourseLevel.DOCTORATE},
    CourseKind.STATE_MANAGEMENT: {CourseLevel.SPECIALIST, CourseLevel.MAIN_SPECIALIST, CourseLevel.SENIOR_SPECIALIST},
    CourseKind.REFRESHER: {CourseLevel.NONE},
}  # fmt: skip


def training_view(training: Training) -> dict[str, Any]:
    return {**snapshot(training, FIELDS), "cadre": training.cadre_id, "certificate_file": bool(training.certificate_file)}


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    kind, level = values["kind"], values.get("level") or CourseLevel.NONE
    if level not in LEVELS_OF_KIND[CourseKind(kind)]:
        choices = ", ".join(str(CourseLevel(code).label) for code in sorted(LEVELS_OF_KIND[CourseKind(kind)]))
        raise Refusal(
            _("A course of the kind “%(kind)s” gives one of: %(levels)s.") % {"kind": CourseKind(kind).label, "levels": choices},
            rule=records_rule(),
            field="level",
        )
    topic = values.get("topic") or ""
    if kind == CourseKind.REFRESHER and not topic:
        raise Refusal(_("Say what the refresher course was about."), rule=records_rule(), field="topic")
    if kind != CourseKind.REFRESHER:
        topic = ""
    starts, ends = values["starts_on"], values["ends_on"]
    if ends < starts:
        raise Refusal(
            _("The course ends on %(end)s, before it starts on %(start)s.") % {"end": day_text(ends), "start": day_text(starts)},
            rule=records_rule(),
            field="ends_on",
        )
    refuse_future(starts, "starts_on", _("The start of the course"))
    if values.get("completed"):
        refuse_future(ends, "ends_on", _("The end of a completed course"))
    if values.get("certificate_date"):
        refuse_future(values["certificate_date"], "certificate_date", _("The certificate's date"))
    name = nfc((values.get("name") or "").strip())
    if not name:
        raise Refusal(_("Give the name of the course."), rule=records_rule(), field="name")
    texts = {key: nfc((values.get(key) or "").strip()) for key in ("institution", "certificate_number")}
    defaults = {"mode": values.get("mode") or CourseMode.FULL_TIME, "place": values.get("place") or CoursePlace.DOMESTIC}
    return {**values, **texts, **defaults, "level": level, "topic": topic, "name": name, "completed": bool(values.get("completed"))}


def check_certificate(content: bytes) -> None:
    if not content:
        raise Refusal(_("The file is empty."), rule=records_rule(), field="certificate")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=records_rule(), field="certificate")
    if not content.startswith(PDF_SIGNATURE):
        raise Refusal(_("A certificate is kept as a PDF file."), rule=records_rule(), field="certificate")


def _attach(training: Training, certificate: bytes | None) -> None:
    if certificate is not None:
        check_certificate(certificate)
        training.certificate_file.save(f"certificate-{training.pk}.pdf", ContentFile(certificate), save=False)


def training_record(*, actor: Any, cadre: Cadre, certificate: bytes | None = None, **values: Any) -> Training:
    """A course of the cadre; with `certificate`, the PDF of its certificate."""
    checked = _checked(values)
    if certificate is not None:
        check_certificate(certificate)
    with transaction.atomic():
        training = Training(
            cadre=cadre, manager_path=cadre.manager_path, created_by=actor_user(actor), **{k: checked.get(k) for k in FIELDS}
        )
        training.save()
        if certificate is not None:
            _attach(training, certificate)
            training.save(update_fields=["certificate_file"])
        audit_record(actor=actor, action="cadre_training.record", obj=training, after=training_view(training))
    return training


def training_edit(
    *, actor: Any, training: Training, certificate: bytes | None = None, expected_version: int | None = None, **values: Any
) -> Training:
    """The course corrected; a new certificate replaces the one kept."""
    checked = _checked(values)
    if certificate is not None:
        check_certificate(certificate)
    with transaction.atomic():
        lock_version(training, expected_version)
        before = training_view(training)
        for name in FIELDS:
            setattr(training, name, checked.get(name))
        _attach(training, certificate)
        training.save()
        audit_record(actor=actor, action="cadre_training.edit", obj=training, before=before, after=training_view(training))
    return training


def certificate_attach(*, actor: Any, training: Training, content: bytes) -> Training:
    """The certificate's PDF kept for the course (replacing the one kept)."""
    check_certificate(content)
    with transaction.atomic():
        before = training_view(training)
        _attach(training, content)
        training.version += 1
        training.save(update_fields=["certificate_file", "version", "updated_at"])
        audit_record(actor=actor, action="cadre_training.certificate_attach", obj=training, before=before, after=training_view(training))
    return training


def certificate_content(training: Training) -> bytes | None:
    if not training.certificate_file:
        return None
    try:
        with training.certificate_file.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return None


def years_of(today: dt.date) -> list[int]:
    """The years a list of courses offers to filter by (this year and the ten before)."""
    return list(range(today.year, today.year - 11, -1))
