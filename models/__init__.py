"""Every table of Ashar; importing this package registers them all on `Base.metadata`."""
from .base import LANGUAGES, Base, utcnow
from .district import CensusEntry, District
from .user import OneTimeCode, OutboxMessage, RecoveryCode, User, Verification
from .plan import ActionPlan, Commitment, Milestone
from .budget import Budget, Envelope
from .project import ImplementationUpdate, Project, ProjectStatusEvent, Support
from .ballot import Ballot, BallotItem, SubmissionKey, VoterRoll
from .audit import AuditEvent, ResultSnapshot

__all__ = [
    "LANGUAGES", "Base", "utcnow", "CensusEntry", "District", "OneTimeCode", "OutboxMessage",
    "RecoveryCode", "User", "Verification", "ActionPlan", "Commitment", "Milestone", "Budget",
    "Envelope", "ImplementationUpdate", "Project", "ProjectStatusEvent", "Support", "Ballot",
    "BallotItem", "SubmissionKey", "VoterRoll", "AuditEvent", "ResultSnapshot",
]
