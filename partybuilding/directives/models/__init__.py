from .documents import Document, DocumentFile, Issuer, NumberSequence, Recipient
from .study import StudyAssignment, StudyCampaign, StudySession
from .tasks import Task, TaskStep

__all__ = [
    "Document",
    "DocumentFile",
    "Issuer",
    "NumberSequence",
    "Recipient",
    "StudyAssignment",
    "StudyCampaign",
    "StudySession",
    "Task",
    "TaskStep",
]
