from .appointments import Appointment, AppointmentFile, AppointmentStep
from .cadres import Cadre
from .moves import Move
from .planning import Planning, PlanningDecision, PlanningEntry
from .positions import Holding, Position
from .training import Training

__all__ = [
    "Appointment",
    "AppointmentFile",
    "AppointmentStep",
    "Cadre",
    "Holding",
    "Move",
    "Planning",
    "PlanningDecision",
    "PlanningEntry",
    "Position",
    "Training",
]
