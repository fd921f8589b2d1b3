"""The forms of tasks: the list's filters, a task given, each step, a split, a document sent down."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.scope import Action
from partybuilding.inspections.forms.cases import MemberField
from partybuilding.organizations.choices import OrgKind

from ..choices import TaskStatus

ANY = [("", gettext_lazy("Any"))]
STATUS_CHOICES = [*ANY, *TaskStatus.choices, ("due_soon", gettext_lazy("due soon"))]
DIRECTIONS = [*ANY, ("by_us", gettext_lazy("assigned by this organization")), ("to_us", gettext_lazy("assigned to this organization"))]
LONG = forms.Textarea(attrs={"rows": 3})


class TaskFilterForm(ScopedForm):
    q = forms.CharField(label=gettext_lazy("Work or person responsible"), required=False, max_length=100)
    status = forms.ChoiceField(label=pgettext_lazy("task", "Status of the task"), choices=STATUS_CHOICES, required=False)
    direction = forms.ChoiceField(label=gettext_lazy("Assigned"), choices=DIRECTIONS, required=False)
    organization = OrganizationField(gettext_lazy("Responsible organization"), required=False)
    document = forms.IntegerField(label=gettext_lazy("Source document (its id in the system)"), required=False, min_value=1)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)  # the tasks split from one
    deadline_from = date_field(gettext_lazy("Deadline from"), required=False)
    deadline_to = date_field(gettext_lazy("Deadline up to"), required=False)


class TaskForm(ScopedForm):
    work = forms.CharField(label=gettext_lazy("Work"), widget=LONG, max_length=4000)
    organization = OrganizationField(gettext_lazy("Responsible organization"), action=Action.VIEW)
    responsible_person = forms.CharField(label=gettext_lazy("Person responsible"), max_length=255, required=False)
    responsible_member = MemberField(gettext_lazy("Member responsible (sees the task on their home page)"), required=False)
    deadline = date_field(gettext_lazy("Deadline"), required=False)
    working_days = forms.IntegerField(
        label=gettext_lazy("or: working days from the source's date"), required=False, min_value=1, max_value=400
    )
    expected_result = forms.CharField(label=gettext_lazy("Result expected"), widget=LONG, max_length=4000, required=False)

    def full_clean(self) -> None:
        self.fields["responsible_member"].user = self.user  # type: ignore[attr-defined]
        super().full_clean()


class TaskStepForm(VersionForm):
    """A step of a task; its fields are those of the step (`kind`)."""

    submission = forms.UUIDField(widget=forms.HiddenInput)

    FIELDS: dict[str, tuple[str, ...]] = {
        "progress": ("date", "progress", "note", "evidence_file"),
        "done": ("date", "result", "evidence_file"),
        "cancel": ("date", "reason"),
        "reopen": ("date", "reason"),
    }

    def __init__(self, *args: Any, kind: str, task: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(version=task.version, submission=uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.kind = kind
        every = step_fields()
        for name in self.FIELDS.get(kind, ()):
            self.fields[name] = every[name]

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        upload = d.pop("evidence_file", None)
        files = {"file_type": upload.content_type or "", "file_content": upload.read()} if upload else {}
        return {"expected_version": d.pop("version"), "submission": d.pop("submission"), **d, **files}


def step_fields() -> dict[str, forms.Field]:
    return {
        "date": date_field(gettext_lazy("Date")),
        "progress": forms.IntegerField(label=gettext_lazy("Progress (percent)"), min_value=0, max_value=100),
        "note": forms.CharField(label=gettext_lazy("What was done"), widget=LONG, max_length=4000),
        "result": forms.CharField(label=gettext_lazy("Result achieved"), widget=LONG, max_length=4000),
        "reason": forms.CharField(label=gettext_lazy("Reason"), widget=LONG, max_length=4000),
        "evidence_file": forms.FileField(
            label=gettext_lazy("Evidence file"),
            required=False,
            help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        ),
    }


KIND_CHOICES = [*ANY, *[(k.value, k.label) for k in OrgKind if k not in (OrgKind.CENTRAL, OrgKind.PROVINCE)]]


class SplitForm(ScopedForm):
    organizations = forms.CharField(
        label=gettext_lazy("Organizations below (codes, one per line)"), widget=LONG, max_length=20000, required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("or: every organization of this kind below"), choices=KIND_CHOICES, required=False)
    deadline = date_field(gettext_lazy("Deadline (the task's own, or earlier)"), required=False)
    responsible_person = forms.CharField(label=gettext_lazy("Person responsible in each organization"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = [c.strip() for c in (data.get("organizations") or "").replace(",", "\n").splitlines() if c.strip()]
        if not codes and not data.get("kind"):
            raise forms.ValidationError(gettext_lazy("Give the organizations' codes, or choose a kind."))
        data["codes"] = codes
        return data


class DistributeForm(ScopedForm):
    kind = forms.ChoiceField(label=gettext_lazy("Send to every organization of this kind below the issuer"), choices=KIND_CHOICES[1:])
    work = forms.CharField(label=gettext_lazy("Work"), widget=LONG, max_length=4000)
    responsible_person = forms.CharField(label=gettext_lazy("Person responsible in each organization"), max_length=255, required=False)
    deadline = date_field(gettext_lazy("Deadline"), required=False)
    working_days = forms.IntegerField(
        label=gettext_lazy("or: working days from the source's date"), required=False, min_value=1, max_value=400
    )
    expected_result = forms.CharField(label=gettext_lazy("Result expected"), widget=LONG, max_length=4000, required=False)
