"""Who runs which events: the organiser's people, the city team, the coordinators of the city's networks."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from network.models import Membership, Organisation, RoleKind
from network.permissions import roles_of
from participation.models import Event

ORG_ROLES = (RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER)


def managed_events(user: Any) -> QuerySet[Event]:
    """The events the user may run: check people in, see the list, edit."""
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    roles = roles_of(user)
    cities = {r.city_id for r in roles if r.kind == RoleKind.CITY_TEAM}
    organisations = {r.organisation_id for r in roles if r.kind in ORG_ROLES}
    networks = {r.network_id for r in roles if r.kind == RoleKind.COORDINATOR}
    if networks:
        cities |= set(Membership.objects.filter(network__in=networks).values_list("organisation__city", flat=True))
    return Event.objects.filter(Q(city__in=cities) | Q(organiser__in=organisations))


def can_manage(user: Any, event: Event) -> bool:
    return managed_events(user).filter(pk=event.pk).exists()


def organisers_for(user: Any) -> QuerySet[Organisation]:
    """The organisations in whose name the user may put up an event."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    roles = roles_of(user)
    cities = {r.city_id for r in roles if r.kind == RoleKind.CITY_TEAM}
    organisations = {r.organisation_id for r in roles if r.kind in ORG_ROLES}
    return Organisation.objects.filter(Q(city__in=cities) | Q(pk__in=organisations))
