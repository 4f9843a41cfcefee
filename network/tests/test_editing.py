from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client

from integra.testing import Cast
from network.models import Consent, LogEntry, Membership, Organisation, Person, Role, Tie


def _org_form(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    data = {
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "city": organisation.city_id,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description": organisation.description,
        "version": organisation.version,
    }
    data.update(changes)
    return data


def test_it_lets_an_organisation_admin_edit_their_organisation(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    response = client.post(
        f"/en/organisations/{cast.ngo.slug}/edit/", _org_form(cast.ngo, website="https://ui.example.org")
    )
    assert response.status_code == 302
    cast.ngo.refresh_from_db()
    assert cast.ngo.website == "https://ui.example.org"
    assert cast.ngo.version == 2
    entry = LogEntry.objects.get(action="network.organisation.changed")
    assert entry.user == cast.org_admin
    assert entry.changes["website"] == ["", "https://ui.example.org"]
    assert entry.city == cast.prague


def test_it_refuses_a_stale_save(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    first = _org_form(cast.ngo, description="first")
    second = _org_form(cast.ngo, description="second")
    assert client.post(f"/en/organisations/{cast.ngo.slug}/edit/", first).status_code == 302
    response = client.post(f"/en/organisations/{cast.ngo.slug}/edit/", second)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    cast.ngo.refresh_from_db()
    assert cast.ngo.description == "first"


def test_it_refuses_edits_by_a_read_only_member(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    response = client.post(f"/en/organisations/{cast.ngo.slug}/edit/", _org_form(cast.ngo, name="Hijacked"))
    assert response.status_code == 403
    cast.ngo.refresh_from_db()
    assert cast.ngo.name == "Ukrainian Initiative"


def test_it_sends_anonymous_editors_to_sign_in(client: Client, cast: Cast) -> None:
    response = client.get(f"/en/organisations/{cast.ngo.slug}/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_refuses_edit_by_wrong_method(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    assert client.delete(f"/en/organisations/{cast.ngo.slug}/edit/").status_code == 405


def test_it_gives_form_errors_in_the_users_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    response = client.post(
        f"/cs/organisations/{cast.ngo.slug}/edit/",
        _org_form(cast.ngo, email="not-an-email", website="nope x", phone="call me"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "website", "phone"}
    assert "Vložte platnou e-mailovou adresu." in form.errors["email"]
    cast.ngo.refresh_from_db()
    assert cast.ngo.email == ""


def test_it_lets_the_city_team_add_an_organisation(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    response = client.post(
        "/en/cities/prague/organisations/new/", {"name": "New Club", "kind": "ngo", "city": cast.prague.pk}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="New Club")
    assert organisation.slug == "new-club"
    assert LogEntry.objects.filter(action="network.organisation.created", object_id=organisation.pk).exists()


def test_it_refuses_organisations_in_another_city_to_the_city_team(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    assert client.get("/en/cities/sofia/organisations/new/").status_code == 403


def test_it_records_consent_with_a_new_contact_person(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    data = {"name": "Iryna", "position": "Chair", "email": "iryna@example.org", "phone": "", "visibility": "public"}
    refused = client.post(f"/en/organisations/{cast.ngo.slug}/people/new/", data)
    assert refused.status_code == 200
    assert not Person.objects.filter(name="Iryna").exists()
    response = client.post(f"/en/organisations/{cast.ngo.slug}/people/new/", {**data, "consent": "on"})
    assert response.status_code == 302
    person = Person.objects.get(name="Iryna")
    consent = Consent.objects.get(person=person)
    assert consent.wording_version and consent.purpose and consent.recorded_by == cast.org_admin
    entry = LogEntry.objects.get(action="network.person.created")
    assert "iryna@example.org" not in str(entry.changes) and "Iryna" not in entry.object_repr


def test_it_lets_an_org_admin_record_and_remove_a_tie(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    response = client.post(
        f"/en/organisations/{cast.ngo.slug}/ties/new/", {"target": cast.school.pk, "since": "2019-01-01"}
    )
    assert response.status_code == 302
    tie = Tie.objects.get(source=cast.ngo, target=cast.school)
    duplicate = client.post(f"/en/organisations/{cast.ngo.slug}/ties/new/", {"target": cast.school.pk})
    assert duplicate.status_code == 200 and Tie.objects.filter(source=cast.ngo).count() == 1
    assert client.post(f"/en/ties/{tie.pk}/delete/").status_code == 302
    assert not Tie.objects.filter(pk=tie.pk).exists()
    assert LogEntry.objects.filter(action="network.tie.deleted").exists()


def test_it_lets_the_city_team_manage_its_sig(client: Client, cast: Cast) -> None:
    from integra.testing import make_organisation

    newcomer = make_organisation(cast.prague, "Prague Employers")
    client.force_login(cast.city_team)
    response = client.post("/en/networks/sig-prague/members/add/", {"organisation": newcomer.pk, "role": "member"})
    assert response.status_code == 302
    membership = Membership.objects.get(network=cast.sig, organisation=newcomer)
    response = client.post(
        f"/en/networks/sig-prague/members/{membership.pk}/edit/", {"role": "chair", "influence": 4, "interest": 2}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.influence, membership.interest) == ("chair", 4, 2)
    response = client.post(
        "/en/networks/sig-prague/meetings/new/",
        {"title": "SIG 1", "kind": "sig_meeting", "start": "2026-01-10", "end": "2026-01-09"},
    )
    assert response.status_code == 200 and "end" in response.context["form"].errors
    assert client.post(f"/en/networks/sig-prague/members/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = set(LogEntry.objects.values_list("action", flat=True))
    assert {"network.membership.created", "network.membership.changed", "network.membership.deleted"} <= actions


def test_it_keeps_city_teams_out_of_the_partnership(client: Client, cast: Cast) -> None:
    client.force_login(cast.city_team)
    assert client.get("/en/networks/integra/members/add/").status_code == 403
    client.force_login(cast.coordinator)
    assert client.get("/en/networks/integra/members/add/").status_code == 200
    assert client.get("/en/networks/sig-prague/members/add/").status_code == 403


def test_it_edits_the_stakeholder_map(client: Client, cast: Cast) -> None:
    memberships = list(cast.sig.memberships.all())
    data = {}
    for index, membership in enumerate(memberships, start=1):
        data[f"m{membership.pk}-influence"] = index
        data[f"m{membership.pk}-interest"] = 6 - index
    client.force_login(cast.org_admin)
    assert client.post("/en/networks/sig-prague/map/", data).status_code == 403
    client.force_login(cast.city_team)
    assert client.post("/en/networks/sig-prague/map/", data).status_code == 302
    placed = {m.pk: (m.influence, m.interest) for m in cast.sig.memberships.all()}
    assert placed == {m.pk: (i, 6 - i) for i, m in enumerate(memberships, start=1)}
    page = client.get("/en/networks/sig-prague/map/").content.decode()
    assert page.count('class="chip"') == len(memberships)


def test_it_refuses_out_of_range_map_values(client: Client, cast: Cast) -> None:
    membership = cast.sig.memberships.first()
    assert membership is not None
    client.force_login(cast.city_team)
    response = client.post(
        "/en/networks/sig-prague/map/", {f"m{membership.pk}-influence": 9, f"m{membership.pk}-interest": 1}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.influence is None


def test_it_invites_people_by_email_in_their_language(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/{cast.ngo.slug}/invite/",
            {"email": "new@example.org", "kind": "org_member", "language": "cs"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    invitation = cast.ngo.invitations.get()
    assert invitation.token in message.body
    assert message.subject == "Pozvánka do organizace Ukrainian Initiative na platformě Integra"


def test_it_turns_an_accepted_invitation_into_a_role(client: Client, cast: Cast) -> None:
    from network import services

    invitation = services.invite(cast.org_admin, cast.ngo, "outsider@example.org", "org_member", "en")
    client.force_login(cast.outsider)
    assert client.post(f"/en/invitations/{invitation.token}/").status_code == 302
    assert Role.objects.filter(user=cast.outsider, organisation=cast.ngo, kind="org_member").exists()
    assert client.post(f"/en/invitations/{invitation.token}/").status_code == 410


def test_it_shows_the_audit_log_to_the_city_team_only(client: Client, cast: Cast) -> None:
    from network.audit import log_action

    log_action(cast.org_admin, "network.organisation.changed", cast.ngo, {"name": ["a", "b"]})
    log_action(cast.admin, "network.organisation.changed", cast.sofia_ngo, {"name": ["c", "d"]})
    client.force_login(cast.city_team)
    entries = list(client.get("/en/log/").context["page"])
    assert [e.organisation for e in entries] == [cast.ngo]
    client.force_login(cast.coordinator)
    assert len(client.get("/en/log/").context["page"]) == 2
    client.force_login(cast.org_member)
    assert client.get("/en/log/").status_code == 403


def test_it_refuses_an_invitation_accepted_by_someone_else(client: Client, cast: Cast) -> None:
    from network import services

    invitation = services.invite(cast.org_admin, cast.ngo, "someone@example.org", "org_admin", "en")
    client.force_login(cast.outsider)
    response = client.post(f"/en/invitations/{invitation.token}/")
    assert response.status_code == 403
    assert not Role.objects.filter(user=cast.outsider, organisation=cast.ngo).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_it_lets_the_city_team_edit_and_remove_sig_meetings(client: Client, cast: Cast) -> None:
    from network.models import Meeting

    meeting = Meeting.objects.create(
        network=cast.sig, title="SIG 1", kind="sig_meeting", start="2026-01-10", end="2026-01-10"
    )
    data = {"title": "SIG 1 (moved)", "kind": "sig_meeting", "start": "2026-01-12", "end": "2026-01-12"}
    client.force_login(cast.org_admin)
    assert client.post(f"/en/networks/sig-prague/meetings/{meeting.pk}/edit/", data).status_code == 403
    client.force_login(cast.city_team)
    assert client.post(f"/en/networks/sig-prague/meetings/{meeting.pk}/edit/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "SIG 1 (moved)"
    assert client.post(f"/en/networks/integra/meetings/{meeting.pk}/remove/").status_code == 403
    assert client.post(f"/en/networks/sig-prague/meetings/{meeting.pk}/remove/").status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert LogEntry.objects.filter(action="network.meeting.deleted").exists()


def test_it_lets_the_city_team_start_a_stakeholder_group(client: Client, cast: Cast) -> None:
    from network.models import Network

    data = {"name": "SIG Prague 7", "description": "Neighbourhood group.", "description_language": "cs"}
    client.force_login(cast.org_admin)
    assert client.post("/en/cities/prague/networks/new/", data).status_code == 403
    client.force_login(cast.city_team)
    response = client.post("/en/cities/prague/networks/new/", data)
    assert response.status_code == 302
    network = Network.objects.get(name="SIG Prague 7")
    assert (network.kind, network.city, network.slug) == ("sig", cast.prague, "sig-prague-7")
    text = network.texts.get()
    assert (text.language, text.description, text.provenance) == ("cs", "Neighbourhood group.", "original")
    assert LogEntry.objects.filter(action="network.network.created", object_id=network.pk).exists()
    assert client.get(f"/en/networks/{network.slug}/members/add/").status_code == 200


def test_it_edits_a_networks_description_as_its_original(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    page = client.get("/en/networks/integra/edit/")
    assert page.context["form"].initial["description"] == "City-to-city partnership."
    data = {
        "name": "INTEGRA",
        "start": "2018-01-01",
        "end": "2019-12-31",
        "version": 1,
        "description": "Partnerstvo gradova.",
        "description_language": "hr",
    }
    assert client.post("/en/networks/integra/edit/", data).status_code == 302
    texts = {t.language: (t.description, t.provenance) for t in cast.partnership.texts.all()}
    assert texts == {"hr": ("Partnerstvo gradova.", "original"), "cs": ("Partnerství měst.", "human")}


def test_it_logs_changes_made_in_the_django_admin(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    url = f"/en/admin/network/organisation/{cast.ngo.pk}/change/"
    data = {
        "name": "Ukrainian Initiative Prague",
        "acronym": "",
        "slug": cast.ngo.slug,
        "kind": "migrant_association",
        "city": cast.prague.pk,
        "website": "",
        "email": "",
        "phone": "",
        "description": "",
        "version": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = LogEntry.objects.get(action="network.organisation.changed")
    assert entry.user == cast.admin and entry.changes["name"] == ["Ukrainian Initiative", "Ukrainian Initiative Prague"]
    assert client.post(f"/en/admin/network/organisation/{cast.school.pk}/delete/", {"post": "yes"}).status_code == 302
    assert LogEntry.objects.filter(action="network.organisation.deleted", object_id=cast.school.pk).exists()


def test_it_keeps_an_organisation_admin_from_moving_it_to_another_city(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    response = client.post(f"/en/organisations/{cast.ngo.slug}/edit/", _org_form(cast.ngo, city=cast.sofia.pk))
    assert response.status_code == 302
    cast.ngo.refresh_from_db()
    assert cast.ngo.city == cast.prague


def test_it_takes_the_partner_by_name_when_the_directory_is_large(client: Client, cast: Cast) -> None:
    for n in range(500):
        Organisation.objects.create(city=cast.prague, name=f"Filler {n}", slug=f"filler-{n}", kind="ngo")
    Organisation.objects.create(
        city=cast.sofia, name="Primary School Vlna", slug="primary-school-vlna-2", kind="school"
    )
    client.force_login(cast.org_admin)
    url = f"/en/organisations/{cast.ngo.slug}/ties/new/"
    assert client.post(url, {"target": "No Such Club"}).context["form"].errors["target"]
    ambiguous = client.post(url, {"target": "primary school vlna"})
    assert "Several organisations" in ambiguous.context["form"].errors["target"][0]
    assert client.post(url, {"target": "http://x/en/organisations/primary-school-vlna-2/"}).status_code == 302
    assert Tie.objects.filter(source=cast.ngo, target__slug="primary-school-vlna-2").exists()
    assert client.post(url, {"target": "Sofia Development Association"}).status_code == 302
