"""What every app stands on: base models, the audit log, the dated rules, the calendar."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by several officers: `version` detects concurrent edits."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class Decided(models.Model):
    """The decision behind a recorded event: its number, date and the body that issued it."""

    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def decision(self) -> Any:
        from .records import Decision

        return Decision(number=self.decision_number, date=self.decision_date, decided_by=self.decided_by)


class RecordedBy(models.Model):
    """Who recorded a row, and when (the system's own writes have no user)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class Submitted(models.Model):
    """The form submission that recorded a row: the same submission twice records once."""

    submission = models.UUIDField(null=True, blank=True, unique=True, help_text="the form submission that recorded it (double submits)")

    class Meta:
        abstract = True


class RecordedEvent(Decided, RecordedBy, Submitted):
    """A step of a record's history as its timeline shows it (`core.records.record_event`
    writes one)."""

    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


def lock_version(record: VersionedModel, expected_version: int | None) -> None:
    """Claim the row for a change, inside the change's transaction: concurrent changes wait,
    and a form loaded before another officer's save is refused with the current values
    (ConcurrentEdit). None skips the comparison. The record is reloaded."""
    from .errors import ConcurrentEdit

    rows = type(record)._default_manager.filter(pk=record.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=models.F("version") + 1) != 1:
        raise ConcurrentEdit(type(record)._default_manager.get(pk=record.pk))
    record.refresh_from_db()


class AuditEntry(models.Model):
    """One write (or sensitive read), append-only, chained by keyed hashes (`core.audit`)."""

    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("The audit log is append-only.")


class AuditHead(models.Model):
    """A single row holding the hash of the last entry; locking it serializes appends. It
    keeps a fingerprint of the chain's key (`audit.key_check`), so that a wrong key is told
    apart from a changed log and refused before anything is written with it."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    key_check = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash


class RuleSet(models.Model):
    """A body of rules that takes effect on a date (e.g. QĐ 294-QĐ/TW from 1 July 2025)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    effective_from = models.DateField(_("effective from"))
    citation = models.CharField(_("document"), max_length=255)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["effective_from", "code"]

    def __str__(self) -> str:
        return f"{self.citation} ({self.effective_from:%d/%m/%Y})"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_vi if (get_language() or "vi").startswith("vi") else self.title_en


class RuleValue(models.Model):
    """One number (or list, or table) of a rule set; its meaning is declared in core.rules."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("rule"), max_length=64)
    value = models.JSONField(_("value"))
    citation = models.CharField(_("article"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="rule_value_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class CalendarDay(models.Model):
    """A government decision that moves a working day (a bridge holiday, a make-up Saturday)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.reason}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    """A piece of work run by the background worker (core.jobs): an import, an export, a
    recount. Its progress is kept here, so that any web process can show it."""

    kind = models.CharField(_("kind"), max_length=64)  # a registered kind, e.g. "members.import"
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(_("phase"), max_length=32, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)  # why it failed, for the user
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    file_path = models.CharField(_("file path"), max_length=500, blank=True)  # a private file (core.jobs.private_file)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)  # its name when downloaded
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="jobs")
    # The organization the job works in, by path: the kernel refers to no app's table.
    org_path = models.CharField(_("organization path"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=16)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_by", "kind", "-created_at"], name="job_owner_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="job_status_valid")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        """How far the current phase has gone, 0 to 100 (100 once done)."""
        if self.status == JobStatus.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def active(self) -> bool:
        """Waiting or running: its page keeps asking how it goes."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def kind_label(self) -> str:
        from .jobs import kind_label

        return kind_label(self.kind)

    @property
    def phase_label(self) -> str:
        from .jobs import phase_label

        return phase_label(self.kind, self.phase)
