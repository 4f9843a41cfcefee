"""Who may do what in an audit.

- A city's team opens rounds for its city, invites respondents, agrees the answers and freezes.
- Invited respondents (members of the city's stakeholder group) answer on their own.
- A frozen round is published: anyone may read it. An open one is for its team and respondents
  (and coordinators of a network the city belongs to, who follow the work).
- Platform admins edit frameworks.
"""

from __future__ import annotations

from typing import Any

from audit.models import Round
from network.models import City, Membership, NetworkKind, Organisation, RoleKind
from network.permissions import is_city_team, roles_of

ORG_ROLES = (RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER)


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_open_round(user: Any, city: City) -> bool:
    return _superuser(user) or is_city_team(user, city)


def can_manage(user: Any, assessment: Round) -> bool:
    return _superuser(user) or is_city_team(user, assessment.city)


def respondent_of(user: Any, assessment: Round) -> Any:
    if not user.is_authenticated:
        return None
    return assessment.respondents.filter(user=user).select_related("organisation").first()


def can_answer(user: Any, assessment: Round) -> bool:
    return respondent_of(user, assessment) is not None


def can_view(user: Any, assessment: Round) -> bool:
    if assessment.is_frozen or can_manage(user, assessment) or can_answer(user, assessment):
        return True
    coordinated = {r.network_id for r in roles_of(user) if r.kind == RoleKind.COORDINATOR}
    return (
        bool(coordinated)
        and Membership.objects.filter(organisation__city=assessment.city, network__in=coordinated).exists()
    )


def stakeholder_organisations(city: City) -> Any:
    """Organisations in the city's stakeholder group(s): the ones whose members may be invited."""
    return Organisation.objects.filter(
        memberships__network__kind=NetworkKind.SIG, memberships__network__city=city
    ).distinct()


def invitable(city: City) -> list[tuple[Any, Organisation]]:
    """(user, organisation) pairs that may be invited to answer: members of the city's stakeholder group."""
    from network.models import Role

    organisations = stakeholder_organisations(city)
    roles = Role.objects.filter(kind__in=ORG_ROLES, organisation__in=organisations).select_related(
        "user", "organisation"
    )
    return [(role.user, role.organisation) for role in roles if role.organisation is not None]
