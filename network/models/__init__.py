"""The network: countries, cities, organisations, people, groups and their ties.

Split by feature; everything is importable from ``network.models``.
"""

from network.models.choices import (
    AttendeeCategory,
    Level,
    MeetingKind,
    MemberRole,
    NetworkKind,
    OrganisationKind,
    Provenance,
    RoleKind,
    Visibility,
)
from network.models.log import LogEntry, LogEntryQuerySet, PlatformFigures
from network.models.networks import Meeting, Membership, Network, NetworkQuerySet, NetworkText, Tie
from network.models.organisations import Organisation, OrganisationQuerySet
from network.models.people import (
    Consent,
    Invitation,
    Person,
    PersonQuerySet,
    PrivacyLink,
    Role,
    _invitation_expiry,
    _invitation_token,
)
from network.models.places import Area, City, Country, pick_language

__all__ = [
    "Area",
    "AttendeeCategory",
    "City",
    "Consent",
    "Country",
    "Invitation",
    "Level",
    "LogEntry",
    "LogEntryQuerySet",
    "Meeting",
    "MeetingKind",
    "MemberRole",
    "Membership",
    "Network",
    "NetworkKind",
    "NetworkQuerySet",
    "NetworkText",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "Person",
    "PersonQuerySet",
    "PlatformFigures",
    "PrivacyLink",
    "Provenance",
    "Role",
    "RoleKind",
    "Tie",
    "Visibility",
    "_invitation_expiry",
    "_invitation_token",
    "pick_language",
]
