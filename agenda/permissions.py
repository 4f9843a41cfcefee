"""Who may do what with labs and agendas.

- The city team runs its city's labs and agendas: records, drafts, edits, adopts, archives.
- A measure's lead organisation (its admins and members) posts progress updates on it, as does
  the city team.
- Coordinators of a network the city belongs to, and members of the city's stakeholder group,
  read labs and draft agendas: they follow and take part in the work.
- Everyone reads an agenda once it is out of draft; its public page leaves out internal notes
  and who posted what.
"""

from __future__ import annotations

from typing import Any

from agenda.models import Agenda, Lab, Measure
from network.models import City, Membership, NetworkKind, RoleKind
from network.permissions import is_city_team, roles_of

ORG_ROLES = (RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER)


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_plan(user: Any, city: City) -> bool:
    return _superuser(user) or is_city_team(user, city)


def follows(user: Any, city: City) -> bool:
    """Coordinators of the city's networks and members of its stakeholder group."""
    roles = roles_of(user)
    if not roles:
        return False
    networks = {r.network_id for r in roles if r.kind == RoleKind.COORDINATOR}
    organisations = {r.organisation_id for r in roles if r.kind in ORG_ROLES}
    memberships = Membership.objects.filter(organisation__city=city)
    if networks and memberships.filter(network__in=networks).exists():
        return True
    return (
        bool(organisations)
        and memberships.filter(
            organisation__in=organisations, network__kind=NetworkKind.SIG, network__city=city
        ).exists()
    )


def can_view_lab(user: Any, lab: Lab) -> bool:
    return can_plan(user, lab.city) or follows(user, lab.city)


def can_view_agenda(user: Any, agenda: Agenda) -> bool:
    return agenda.is_public or can_plan(user, agenda.city) or follows(user, agenda.city)


def leads(user: Any, measure: Measure) -> bool:
    return any(r.kind in ORG_ROLES and r.organisation_id == measure.lead_id for r in roles_of(user))


def can_update(user: Any, measure: Measure) -> bool:
    """Post progress updates: the lead organisation and the city team."""
    return can_plan(user, measure.agenda.city) or leads(user, measure)


def followed_cities(user: Any) -> set[int]:
    """Ids of the cities whose labs and draft agendas the user may read (team, coordinators, SIG members)."""
    from network.models import City
    from network.permissions import team_cities

    roles = roles_of(user)
    if not roles and not _superuser(user):
        return set()
    if _superuser(user):
        return set(City.objects.values_list("pk", flat=True))
    cities = set(team_cities(user).values_list("pk", flat=True))
    networks = {r.network_id for r in roles if r.kind == RoleKind.COORDINATOR}
    if networks:
        cities |= set(Membership.objects.filter(network__in=networks).values_list("organisation__city", flat=True))
    organisations = {r.organisation_id for r in roles if r.kind in ORG_ROLES}
    if organisations:
        cities |= set(
            Membership.objects.filter(organisation__in=organisations, network__kind=NetworkKind.SIG).values_list(
                "network__city", flat=True
            )
        )
    return {city for city in cities if city is not None}
