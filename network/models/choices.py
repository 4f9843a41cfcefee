"""Vocabularies of the network, as enumerations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    MUNICIPAL_DEPARTMENT = "municipal_department", _("Municipal department")
    COUNCIL = "council", _("City council")
    REGION = "region", _("Regional authority")
    STATE_BODY = "state_body", _("State body")
    MIGRATION_OFFICE = "migration_office", _("Migration office")
    FOREIGN_POLICE = "foreign_police", _("Foreign police")
    LABOUR_OFFICE = "labour_office", _("Labour office")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson")
    INTERNATIONAL = "international", _("International organisation")
    NGO = "ngo", _("NGO")
    CHARITY = "charity", _("Charity")
    RESEARCH = "research", _("Research or academia")
    MEDIA = "media", _("Media")
    FAITH = "faith", _("Faith group")
    MIGRANT_ASSOCIATION = "migrant_association", _("Migrant association")
    EMPLOYER = "employer", _("Employer")
    SCHOOL = "school", _("School")
    RECEPTION = "reception", _("Reception cooperative")
    OTHER = "other", _("Other")


class NetworkKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Cross-border partnership")
    SIG = "sig", _("Stakeholder Integration Group")
    OTHER = "other", _("Other network")


class Provenance(models.TextChoices):
    ORIGINAL = "original", _("Original")
    HUMAN = "human", _("Human translation")
    MACHINE = "machine", _("Machine translation")


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    ADVISOR = "advisor", _("Advisor")
    OBSERVER = "observer", _("Observer")


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    MEDIUM = 3, _("Medium")
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


class MeetingKind(models.TextChoices):
    PARTNER_MEETING = "partner_meeting", _("Partner meeting")
    SIG_MEETING = "sig_meeting", _("SIG meeting")
    STUDY_VISIT = "study_visit", _("Study visit")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    ROUND_TABLE = "round_table", _("Round table")
    OTHER = "other", _("Other meeting")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Signed-in members of the network")
    PRIVATE = "private", _("Only the organisation and the city team")


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    CITY_TEAM = "city_team", _("City team")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    ORG_MEMBER = "org_member", _("Organisation member")
    EDITOR = "editor", _("Library editor")
    TRANSLATOR = "translator", _("Translator")


class AttendeeCategory(models.TextChoices):
    """Who took part, as INTEGRA's reports counted attendance (only ever reported in aggregate)."""

    TCN = "tcn", _("Third-country nationals")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    STATE = "state", _("State institutions")
    NGO = "ngo", _("NGOs")
    ACADEMIA = "academia", _("Academia")
    MEDIA = "media", _("Media")
    EMPLOYERS = "employers", _("Employers")
    RESIDENTS = "residents", _("Residents")
