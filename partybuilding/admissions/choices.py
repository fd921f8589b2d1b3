from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a candidate is in the pipeline, in the order of the steps."""

    RECORDED = "recorded", _("Outstanding non-member")
    COURSE = "course", _("Awareness course completed")
    INTRODUCED = "introduced", _("Introducers named")
    APPLIED = "applied", _("Application file submitted")
    CELL_RESOLVED = "cell_resolved", _("Cell resolution passed")
    DECIDED = "decided", _("Admission decided, ceremony pending")
    PROBATION = "probation", _("On probation")
    CONSIDERED = "considered", _("Official status proposed by the cell")
    OFFICIAL = "official", _("Official member")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized, removed from the list")
    WITHDRAWN = "withdrawn", _("Withdrawn from the pipeline")


PIPELINE = [s for s in Stage if s not in (Stage.NOT_RECOGNIZED, Stage.WITHDRAWN)]
FINAL = frozenset({Stage.OFFICIAL, Stage.NOT_RECOGNIZED, Stage.WITHDRAWN})
# Before the decision a candidate is not a member yet and may still leave the pipeline.
BEFORE_DECISION = frozenset({Stage.RECORDED, Stage.COURSE, Stage.INTRODUCED, Stage.APPLIED, Stage.CELL_RESOLVED})


class StepKind(models.TextChoices):
    RECORDED = "recorded", _("Recorded as an outstanding non-member")
    COURSE = "course", _("Course on awareness of the Party")
    INTRODUCERS = "introducers", _("Introducers")
    APPLICATION = "application", _("Application file")
    CELL_RESOLUTION = "cell_resolution", _("Cell resolution proposing admission")
    DECISION = "decision", _("Admission decision")
    CEREMONY = "ceremony", _("Admission ceremony")
    CONSIDERATION = "consideration", _("Cell consideration of official status")
    RECOGNITION = "recognition", _("Recognized as official member")
    NOT_RECOGNIZED = "not_recognized", _("Not qualified: removed from the list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
