from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class DirectivesConfig(PartyApp):
    name = "partybuilding.directives"
    label = "directives"
    verbose_name = _("Documents, tasks and study")
    # the kinds of document on the rules page; the counters' recounts; the attention lines; the kinds of job
    registers = (
        "kinds",
        "counters",
        "own_data",
        "selectors.documents",
        "selectors.tasks",
        "selectors.study",
        "jobs",
        "study_jobs",
        "exports",
    )
