"""Who may do what in the library. Reading published resources needs no account.

- Members of the owner organisation and the city team of its city write and submit resources.
- The country's library editor and coordinators of a network the owner belongs to review:
  they publish, return, archive and fill the quality checklist, and publish translations.
- Translators into a language draft translations into it; so may anyone who may edit the resource.
- Anyone with a role may request a translation.
- A city's team and its organisations record adaptations of practices in their city.
"""

from __future__ import annotations

from typing import Any

from library.models import Resource, Status
from network.models import City, Membership, Organisation, RoleKind
from network.permissions import is_city_team, roles_of

ORG_ROLES = (RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER)


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def member_of(user: Any, organisation: Organisation) -> bool:
    return any(r.kind in ORG_ROLES and r.organisation_id == organisation.pk for r in roles_of(user))


def owner_organisations(user: Any) -> Any:
    """Organisations the user may publish for."""
    if _superuser(user):
        return Organisation.objects.all()
    roles = roles_of(user)
    own = [r.organisation_id for r in roles if r.kind in ORG_ROLES]
    cities = [r.city_id for r in roles if r.kind == RoleKind.CITY_TEAM]
    from django.db.models import Q

    if not own and not cities:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(pk__in=own) | Q(city__in=cities))


def can_create(user: Any) -> bool:
    return _superuser(user) or any(r.kind in (*ORG_ROLES, RoleKind.CITY_TEAM) for r in roles_of(user))


def can_edit(user: Any, resource: Resource) -> bool:
    if _superuser(user):
        return True
    return (
        member_of(user, resource.organisation)
        or is_city_team(user, resource.organisation.city)
        or can_review(user, resource)
    )


def can_review(user: Any, resource: Resource) -> bool:
    if _superuser(user):
        return True
    roles = roles_of(user)
    if any(r.kind == RoleKind.EDITOR and r.country_id == resource.country_id for r in roles):
        return True
    networks = [r.network_id for r in roles if r.kind == RoleKind.COORDINATOR]
    return (
        bool(networks)
        and Membership.objects.filter(network__in=networks, organisation=resource.organisation_id).exists()
    )


def can_read(user: Any, resource: Resource) -> bool:
    return resource.status == Status.PUBLISHED or (user.is_authenticated and can_edit(user, resource))


def can_translate(user: Any, resource: Resource, language: str) -> bool:
    if any(r.kind == RoleKind.TRANSLATOR and r.language == language for r in roles_of(user)):
        return True
    return user.is_authenticated and can_edit(user, resource)


def can_request_translation(user: Any) -> bool:
    return _superuser(user) or bool(roles_of(user))


def can_record_adaptation(user: Any, city: City) -> bool:
    if _superuser(user) or is_city_team(user, city):
        return True
    return any(r.kind in ORG_ROLES and r.organisation and r.organisation.city_id == city.pk for r in roles_of(user))


def adaptation_cities(user: Any) -> Any:
    if _superuser(user):
        return City.objects.all()
    roles = roles_of(user)
    ids = {r.city_id for r in roles if r.kind == RoleKind.CITY_TEAM}
    ids |= set(
        Organisation.objects.filter(pk__in=[r.organisation_id for r in roles if r.kind in ORG_ROLES]).values_list(
            "city_id", flat=True
        )
    )
    return City.objects.filter(pk__in=ids)
