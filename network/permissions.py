"""Who may change what. Reading the directory needs no account."""

from __future__ import annotations

from typing import Any

from network.models import City, Network, NetworkKind, Organisation, Role, RoleKind


def roles_of(user: Any) -> list[Role]:
    """The user's roles, read once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_integra_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user=user))
        user._integra_roles = cached
    return cached


def is_city_team(user: Any, city: City | None) -> bool:
    return city is not None and any(r.kind == RoleKind.CITY_TEAM and r.city_id == city.pk for r in roles_of(user))


def team_cities(user: Any) -> Any:
    """The cities whose team the user is in (every city for a platform admin)."""
    if not user.is_authenticated:
        return City.objects.none()
    if user.is_superuser:
        return City.objects.all()
    return City.objects.filter(pk__in=[r.city_id for r in roles_of(user) if r.kind == RoleKind.CITY_TEAM])


def coordinates(user: Any, network: Network) -> bool:
    return any(r.kind == RoleKind.COORDINATOR and r.network_id == network.pk for r in roles_of(user))


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    is_admin = any(r.kind == RoleKind.ORG_ADMIN and r.organisation_id == organisation.pk for r in roles_of(user))
    return is_admin or is_city_team(user, organisation.city)


def can_manage_network(user: Any, network: Network) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    if coordinates(user, network):
        return True
    return network.kind == NetworkKind.SIG and is_city_team(user, network.city)


def can_see_log(user: Any) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(r.kind in (RoleKind.COORDINATOR, RoleKind.CITY_TEAM) for r in roles_of(user))


def needs_second_factor(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or any(r.needs_second_factor for r in roles_of(user))
