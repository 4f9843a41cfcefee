"""Operations on the network that span models, send mail or must be atomic.

Views, the API and management commands all call these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.audit import diff, log_action, snapshot
from network.models import (
    Consent,
    Invitation,
    LogEntry,
    Meeting,
    Membership,
    Network,
    Organisation,
    Person,
    PrivacyLink,
    Role,
    Tie,
)

CONSENT_WORDING_VERSION = "2026-1"
CONTACT_PURPOSE = "Contact person listed in the Integra directory"


class StaleEdit(Exception):
    """Someone else saved the object after this edit began."""

    message = _("Someone else changed this record while you were editing it. Reload the page to see their changes.")


def _claim_version(instance: Any, expected_version: int) -> None:
    """Take the next version, or refuse if someone else saved since ``expected_version`` was read.

    The conditional UPDATE locks the row until the transaction ends; the caller then saves once.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if not updated:
        raise StaleEdit()
    instance.version = expected_version + 1


def update_logged(
    user: Any, instance: Any, expected_version: int, form_save: Callable[[], Any], app: str = "network"
) -> Any:
    """Save a versioned edit (``form_save`` also stores many-to-many fields) and log what changed."""
    before = snapshot(type(instance)._default_manager.get(pk=instance.pk))
    _claim_version(instance, expected_version)
    form_save()
    log_action(user, f"{app}.{instance._meta.model_name}.changed", instance, diff(before, snapshot(instance)))
    return instance


@transaction.atomic
def update_organisation(
    user: Any, organisation: Organisation, expected_version: int, form_save: Callable[[], Any]
) -> Organisation:
    return update_logged(user, organisation, expected_version, form_save)


@transaction.atomic
def create_organisation(user: Any, save: Callable[[], Organisation]) -> Organisation:
    """``save`` stores the validated organisation (a form's or serializer's save) and returns it."""
    organisation = save()
    log_action(user, "network.organisation.created", organisation, snapshot(organisation))
    return organisation


@transaction.atomic
def create_network(user: Any, save: Callable[[], Network]) -> Network:
    network = save()
    log_action(user, "network.network.created", network, snapshot(network))
    return network


@transaction.atomic
def update_network(user: Any, network: Network, expected_version: int, form_save: Callable[[], Any]) -> Network:
    return update_logged(user, network, expected_version, form_save)


M = TypeVar("M", bound=models.Model)


def _save_logged(user: Any, instance: M) -> M:
    """Save and record ``network.<model>.created`` or ``.changed`` with what changed."""
    created = instance.pk is None
    before = {} if created else snapshot(type(instance)._default_manager.get(pk=instance.pk))
    instance.save()
    action = f"network.{instance._meta.model_name}.{'created' if created else 'changed'}"
    log_action(user, action, instance, diff(before, snapshot(instance)))
    return instance


def _delete_logged(user: Any, instance: models.Model) -> None:
    log_action(user, f"network.{instance._meta.model_name}.deleted", instance, snapshot(instance))
    instance.delete()


@transaction.atomic
def save_membership(user: Any, membership: Membership) -> Membership:
    return _save_logged(user, membership)


@transaction.atomic
def remove_membership(user: Any, membership: Membership) -> None:
    _delete_logged(user, membership)


@transaction.atomic
def save_tie(user: Any, tie: Tie) -> Tie:
    return _save_logged(user, tie)


@transaction.atomic
def remove_tie(user: Any, tie: Tie) -> None:
    _delete_logged(user, tie)


@transaction.atomic
def save_meeting(user: Any, meeting: Meeting) -> Meeting:
    return _save_logged(user, meeting)


@transaction.atomic
def remove_meeting(user: Any, meeting: Meeting) -> None:
    _delete_logged(user, meeting)


@transaction.atomic
def add_person(user: Any, person: Person, purpose: str = CONTACT_PURPOSE) -> Person:
    """Store a contact person together with the consent that allows it."""
    person.save()
    Consent.objects.create(
        person=person,
        purpose=purpose,
        wording_version=CONSENT_WORDING_VERSION,
        recorded_by=user if user.is_authenticated else None,
    )
    log_action(user, "network.person.created", person, diff({}, snapshot(person), personal=True))
    return person


@transaction.atomic
def update_person(user: Any, person: Person, expected_version: int) -> Person:
    before = snapshot(Person.objects.get(pk=person.pk))
    _claim_version(person, expected_version)
    person.save()
    log_action(user, "network.person.changed", person, diff(before, snapshot(person), personal=True))
    return person


@transaction.atomic
def invite(user: Any, organisation: Organisation, email: str, kind: str, language: str) -> Invitation:
    from network.tasks import send_invitation

    invitation = Invitation.objects.create(
        organisation=organisation, email=email.lower(), kind=kind, invited_by=user, language=language
    )
    log_action(user, "network.invitation.sent", organisation, {"role": kind})
    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user: Any) -> Role:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValueError("invitation is not open")
    role, _created = Role.objects.get_or_create(user=user, kind=invitation.kind, organisation=invitation.organisation)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(user, "network.invitation.accepted", invitation.organisation, {"role": invitation.kind})
    return role


_personal_sections: list[Callable[[Any], dict[str, Any]]] = []


def register_personal_data(section: Callable[[Any], dict[str, Any]]) -> None:
    """Apps that keep data about a signed-in person add it to their export (called in AppConfig.ready)."""
    if section not in _personal_sections:
        _personal_sections.append(section)


def export_personal_data(user: Any) -> dict[str, Any]:
    """Everything Integra keeps about a signed-in person, as plain data."""
    return export_personal_data_by_email(user.email, user)


def export_personal_data_by_email(email: str, user: Any = None) -> dict[str, Any]:
    """Everything kept about whoever owns ``email``: account, roles, contact records, invitations."""
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).first()
    people = Person.objects.filter(email__iexact=email)
    if user is not None:
        people = Person.objects.filter(models.Q(user=user) | models.Q(email__iexact=email))
    data: dict[str, Any] = {"account": None, "roles": []}
    if user is not None:
        data["account"] = {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
        data["roles"] = [
            {"role": role.kind, "scope": str(role.network or role.city or role.organisation)}
            for role in Role.objects.filter(user=user).select_related("network", "city", "organisation")
        ]
        for section in _personal_sections:
            data.update(section(user))
    data["contact_records"] = [_contact_record(person) for person in people.select_related("organisation")]
    data["invitations"] = [
        {"organisation": inv.organisation.name, "created": inv.created.isoformat()}
        for inv in Invitation.objects.filter(email__iexact=email).select_related("organisation")
    ]
    return data


def _contact_record(person: Person) -> dict[str, Any]:
    return {
        "organisation": person.organisation.name,
        "name": person.name,
        "position": person.position,
        "email": person.email,
        "phone": person.phone,
        "visibility": person.visibility,
        "consents": [
            {
                "purpose": consent.purpose,
                "wording_version": consent.wording_version,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in person.consents.all()
        ],
    }


def holds_data_for(email: str) -> bool:
    return (
        Person.objects.filter(email__iexact=email).exists()
        or Invitation.objects.filter(email__iexact=email).exists()
        or get_user_model().objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def erase_by_email(email: str) -> None:
    """Erase whatever is kept for an address whose owner proved they read its mail."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None:
        erase_user(user)
        return
    for person in Person.objects.filter(email__iexact=email):
        erase_person(None, person)
    Invitation.objects.filter(email__iexact=email).delete()
    PrivacyLink.objects.filter(email__iexact=email).delete()


@transaction.atomic
def erase_person(actor: Any, person: Person) -> None:
    """Remove a contact person and every trace of their personal data."""
    person_type = ContentType.objects.get_for_model(Person)
    LogEntry.objects.filter(content_type=person_type, object_id=person.pk).update(
        object_repr=f"person #{person.pk}", changes={}
    )
    log_action(actor, "network.person.erased", person)
    person.delete()


@transaction.atomic
def erase_user(user: Any) -> None:
    """Erase an account, the contact records tied to it, and invitations sent to it."""
    email = user.email
    for person in Person.objects.filter(models.Q(user=user) | models.Q(email__iexact=email)):
        erase_person(None, person)
    Invitation.objects.filter(email__iexact=email).delete()
    PrivacyLink.objects.filter(email__iexact=email).delete()
    _erase_allauth_traces(user)
    user.delete()


def _erase_allauth_traces(user: Any) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.filter(email__iexact=user.email).delete()
