"""Changing the network: organisations, contact people, ties, invitations, networks and their members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lib.text import unique_slug
from network import services
from network.forms import (
    InvitationForm,
    MeetingForm,
    MembershipForm,
    NetworkForm,
    OrganisationForm,
    PersonForm,
    StakeholderPlacementForm,
    TieForm,
)
from network.models import (
    City,
    Invitation,
    Level,
    Meeting,
    Membership,
    Network,
    NetworkKind,
    Organisation,
    Person,
    Tie,
)
from network.permissions import can_edit_organisation, can_manage_network, is_city_team
from network.views.directory import _network


def saved_unless_stale(request: HttpRequest, form: Any, update: Callable[[int], Any]) -> bool:
    """Run a versioned update for a valid POST; a stale version becomes a form error."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        update(form.cleaned_data["version"])
    except services.StaleEdit as stale:
        form.add_error(None, stale.message)
        return False
    return True


def _editable_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("city"), slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = OrganisationForm(request.POST or None, instance=organisation)
    # Moving an organisation to another city takes it out of its city team's care: only they may.
    form.fields["city"].disabled = not (request.user.is_superuser or is_city_team(request.user, organisation.city))
    if saved_unless_stale(
        request, form, lambda version: services.update_organisation(request.user, organisation, version, form.save)
    ):
        messages.success(request, _("The organisation was saved."))
        return redirect(organisation)
    return render(request, "network/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": organisation}})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    if not (request.user.is_superuser or is_city_team(request.user, city)):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, initial={"city": city})
    if request.method == "POST" and form.is_valid():
        organisation = form.instance
        organisation.slug = unique_slug(organisation.name, Organisation, "organisation")
        organisation = services.create_organisation(request.user, form.save)
        messages.success(request, _("The organisation was added."))
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("New organisation in %(city)s") % {"city": city}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.organisation = organisation
        services.add_person(request.user, person)
        messages.success(request, _("The contact person was added with their consent recorded."))
        return redirect(organisation)
    return render(request, "network/form.html", {"form": form, "title": _("New contact person")})


def _editable_person(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("organisation__city"), pk=pk)
    if person.user_id != request.user.pk and not can_edit_organisation(request.user, person.organisation):
        raise PermissionDenied
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    form = PersonForm(request.POST or None, instance=person)
    if saved_unless_stale(request, form, lambda version: services.update_person(request.user, person, version)):
        messages.success(request, _("The contact person was saved."))
        return redirect(person.organisation)
    return render(request, "network/form.html", {"form": form, "title": _("Edit contact person")})


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable_person(request, pk)
    if request.method == "POST":
        organisation = person.organisation
        services.erase_person(request.user, person)
        messages.success(request, _("The contact person and their personal data were erased."))
        return redirect(organisation)
    return render(request, "network/confirm.html", {"title": _("Erase contact person"), "object": person})


@login_required
@require_http_methods(["GET", "POST"])
def tie_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = TieForm(request.POST or None, source=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_tie(request.user, form.save(commit=False))
        messages.success(request, _("The tie was recorded."))
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("New tie of %(name)s") % {"name": organisation}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def tie_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tie = get_object_or_404(Tie.objects.select_related("source__city", "target"), pk=pk)
    if not can_edit_organisation(request.user, tie.source):
        raise PermissionDenied
    if request.method == "POST":
        services.remove_tie(request.user, tie)
        messages.success(request, _("The tie was removed."))
        return redirect(tie.source)
    return render(request, "network/confirm.html", {"title": _("Remove tie"), "object": tie})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form = InvitationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.invite(request.user, organisation, data["email"], data["kind"], data["language"])
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": data["email"]})
        return redirect(organisation)
    return render(
        request, "network/form.html", {"form": form, "title": _("Invite someone to %(name)s") % {"name": organisation}}
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_open:
        return render(request, "network/invitation.html", {"invitation": invitation, "closed": True}, status=410)
    if not request.user.is_authenticated:
        request.session["invitation_token"] = token
        return render(request, "network/invitation.html", {"invitation": invitation})
    if request.user.email.lower() != invitation.email.lower():
        messages.error(
            request,
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
        )
        return render(request, "network/invitation.html", {"invitation": invitation, "wrong_user": True}, status=403)
    if request.method == "POST":
        services.accept_invitation(invitation, request.user)
        request.session.pop("invitation_token", None)
        messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation})
        return redirect(invitation.organisation)
    return render(request, "network/invitation.html", {"invitation": invitation})


def _managed_network(request: HttpRequest, slug: str) -> Network:
    network = _network(slug)
    if not can_manage_network(request.user, network):
        raise PermissionDenied
    return network


@require_http_methods(["GET", "POST"])
def stakeholder_map(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(slug)
    can_manage = can_manage_network(request.user, network)
    memberships = list(network.memberships.select_related("organisation").order_by("organisation__name")[:300])
    forms = [StakeholderPlacementForm(request.POST or None, instance=m, prefix=f"m{m.pk}") for m in memberships]
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if all(form.is_valid() for form in forms):
            for form in forms:
                if form.has_changed():
                    services.save_membership(request.user, form.save(commit=False))
            messages.success(request, _("The stakeholder map was saved."))
            return redirect("network:map", slug=network.slug)
    placed: dict[tuple[int, int], list[Membership]] = {}
    for membership in memberships:
        if membership.influence and membership.interest:
            placed.setdefault((membership.influence, membership.interest), []).append(membership)
    grid = [
        (label, [placed.get((influence, interest), []) for interest, _label in Level.choices])
        for influence, label in reversed(Level.choices)
    ]
    return render(
        request,
        "network/stakeholder_map.html",
        {
            "network": network,
            "rows": list(zip(memberships, forms, strict=True)),
            "grid": grid,
            "levels": Level.choices,
            "unplaced": [m for m in memberships if not (m.influence and m.interest)],
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The city team starts a local Stakeholder Integration Group."""
    city = get_object_or_404(City, slug=slug)
    if not (request.user.is_superuser or is_city_team(request.user, city)):
        raise PermissionDenied
    form = NetworkForm(request.POST or None, instance=Network(kind=NetworkKind.SIG, city=city))
    if request.method == "POST" and form.is_valid():
        form.instance.slug = unique_slug(form.cleaned_data["name"], Network, "network")
        network = services.create_network(request.user, form.save)
        messages.success(request, _("The group was created. Add its members next."))
        return redirect(network)
    title = _("New Stakeholder Integration Group in %(city)s") % {"city": city.display_name}
    return render(request, "network/form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = NetworkForm(request.POST or None, instance=network)
    if saved_unless_stale(
        request, form, lambda version: services.update_network(request.user, network, version, form.save)
    ):
        messages.success(request, _("The network was saved."))
        return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": network}})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = MembershipForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        services.save_membership(request.user, form.save(commit=False))
        messages.success(request, _("The member was added."))
        return redirect(network)
    return render(
        request, "network/form.html", {"form": form, "title": _("Add a member to %(name)s") % {"name": network}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    membership = get_object_or_404(network.memberships.select_related("organisation"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership, network=network)
    if request.method == "POST" and form.is_valid():
        services.save_membership(request.user, form.save(commit=False))
        messages.success(request, _("The membership was saved."))
        return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": str(membership.organisation)})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    membership = get_object_or_404(network.memberships.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.remove_membership(request.user, membership)
        messages.success(request, _("The member was removed."))
        return redirect(network)
    return render(request, "network/confirm.html", {"title": _("Remove member"), "object": membership.organisation})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = MeetingForm(request.POST or None, initial={"city": network.city})
    if request.method == "POST" and form.is_valid():
        meeting: Meeting = form.save(commit=False)
        meeting.network = network
        services.save_meeting(request.user, meeting)
        messages.success(request, _("The meeting was added."))
        return redirect(network)
    return render(
        request, "network/form.html", {"form": form, "title": _("New meeting of %(name)s") % {"name": network}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    meeting = get_object_or_404(network.meetings, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(request.user, form.save(commit=False))
        messages.success(request, _("The meeting was saved."))
        return redirect(network)
    return render(request, "network/form.html", {"form": form, "title": meeting.title})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    meeting = get_object_or_404(network.meetings, pk=pk)
    if request.method == "POST":
        services.remove_meeting(request.user, meeting)
        messages.success(request, _("The meeting was removed."))
        return redirect(network)
    return render(request, "network/confirm.html", {"title": _("Remove meeting"), "object": meeting})
