"""Notification rules (what is announced, where, from when), the notices they produce, the
e-mails that carry them and each user's choice of channels."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .choices import DeliveryState, EmailChoice, NoticeKind


class NotificationRule(Scoped, VersionedModel):
    """One kind of notice in force over an organization's subtree (everywhere without one),
    between two dates. Where rules of a kind overlap, the one of the deepest organization
    decides for its subtree: a cell may change the number of days, or switch a kind off."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)

    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=80, blank=True, editable=False)  # "" for everywhere
    days = models.PositiveSmallIntegerField(_("days"))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    active = models.BooleanField(_("on"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["kind", "org_path", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="notice_rule_dates"),
            models.CheckConstraint(condition=Q(days__lte=366), name="notice_rule_days_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.organization or _('everywhere')})"


class Notice(Scoped, models.Model):
    """One notice to one person: a user, or a member without an account (their cell's
    secretary prints or texts it). Written once per rule, object, recipient and day: the
    day it belongs to is the rule's trigger day for the object (two weeks before the
    meeting, say), not the day the run found it, so a daily run re-finding the same
    meeting adds nothing."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    rule = models.ForeignKey(NotificationRule, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    object_key = models.CharField(max_length=40)  # "meeting:12": what it is about
    day = models.DateField(_("day"))  # the trigger day the notice belongs to
    issued_on = models.DateField(_("issued on"))  # the day a run wrote it
    recipient = models.CharField(max_length=24)  # "u:<user id>" or "m:<member id>"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    # The member's cell (or the organization concerned, for an officer): the day's export.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80)
    params = models.JSONField(default=dict)  # what the words are made of, in the reader's language (texts.py)
    link = models.CharField(max_length=200, blank=True)
    search = models.CharField(max_length=300, blank=True)  # the subject without diacritics
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "object_key", "recipient", "day"], name="notice_once_per_day")]
        indexes = [
            # The bell: a count of a small partial index range.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notice_unread_idx"),
            models.Index(fields=["user", "-id"], name="notice_user_idx"),
            models.Index(fields=["org_path", "issued_on"], name="notice_export_idx"),
            models.Index(fields=["issued_on", "user"], name="notice_issued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_key} → {self.recipient} {self.day:%d/%m/%Y}"


class Delivery(models.Model):
    """One e-mail: a notice sent at once, or a user's digest of a day. Its state is the
    guard against sending twice (choices.DeliveryState)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    digest_day = models.DateField(null=True, blank=True)  # a digest: the notices issued that day
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notice"], condition=Q(notice__isnull=False), name="delivery_once_per_notice"),
            models.UniqueConstraint(fields=["user", "digest_day"], condition=Q(digest_day__isnull=False), name="delivery_one_digest_a_day"),
            models.CheckConstraint(
                condition=Q(notice__isnull=True, digest_day__isnull=False) | Q(notice__isnull=False, digest_day__isnull=True),
                name="delivery_notice_or_digest",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "claimed_at"], condition=~Q(state__in=["sent", "failed", "uncertain"]), name="delivery_open_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.notice_id or self.digest_day} {self.state}"


class Preference(models.Model):
    """A user's channels: in the application always; by e-mail at once, in a daily digest or never."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    email = models.CharField(_("by e-mail"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATE)
    language = models.CharField(_("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
