"""How the codes inside the inspection rules read on the rules page."""

from collections.abc import Callable
from typing import Any

from partybuilding.core.rules import register_labels

from .choices import DisciplineForm, DisciplineSubject, NoLimitMatter, NotProcessed


def _label(*choices: type) -> Callable[[Any], Any]:
    names = {code: label for choice in choices for code, label in choice.choices}  # type: ignore[attr-defined]
    return lambda code: names.get(code, code)


register_labels("discipline.forms", _label(DisciplineSubject, DisciplineForm))
register_labels("discipline.time_limit_years", _label(DisciplineForm))
register_labels("discipline.no_time_limit_matters", _label(NoLimitMatter))
register_labels("denunciation.not_processed", _label(NotProcessed))
