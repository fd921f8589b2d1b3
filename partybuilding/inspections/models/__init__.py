"""The records of inspection work: programmes and their items, inspection and supervision
cases with their shortcomings to remedy, disciplines with their appeals and the suspensions
of Party activity, and denunciations and petitions with their handlers."""

from .appeals import Appeal, AppealStep
from .cases import Case, CaseStep, Shortcoming
from .denunciations import Denunciation, DenunciationStep, Handler
from .discipline import Discipline, DisciplineStep, Suspension
from .programmes import Programme, ProgrammeItem

__all__ = [
    "Appeal",
    "AppealStep",
    "Case",
    "CaseStep",
    "Denunciation",
    "DenunciationStep",
    "Discipline",
    "DisciplineStep",
    "Handler",
    "Programme",
    "ProgrammeItem",
    "Shortcoming",
    "Suspension",
]
