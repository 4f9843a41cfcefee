"""The agenda and the library: a measure that worked becomes a good practice; a practice becomes a measure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from agenda import services
from agenda.models import AgendaStatus, Measure
from integra.testing import Cast, Plans, Shelf, add_agenda, add_library, make_user
from library.models import Adaptation, Kind, Resource, Stage, Status
from network.models import LogEntry, Role, RoleKind


@pytest.fixture
def plans(cast: Cast) -> Plans:
    return add_agenda(cast)


@pytest.fixture
def shelf(cast: Cast) -> Shelf:
    return add_library(cast)


def messages_of(response: Any) -> list[str]:
    """The messages shown on the page a redirect led to (the request is made with ``follow=True``)."""
    return [str(message) for message in response.context["messages"]]


# ---------------------------------------------------------------- a measure becomes an example


def test_it_starts_a_draft_good_practice_from_a_measure_that_worked(client: Client, cast: Cast, plans: Plans) -> None:
    measure = plans.measure
    before = set(Resource.objects.values_list("pk", flat=True))
    client.force_login(cast.city_team)
    response = client.post(f"/en/agenda/measures/{measure.pk}/example/")
    practice = Resource.objects.exclude(pk__in=before).get()
    assert response.status_code == 302 and response["Location"] == f"/en/library/{practice.slug}/edit/"
    assert (practice.kind, practice.status, practice.original_language) == (Kind.GOOD_PRACTICE, Status.DRAFT, "en")
    assert (practice.organisation, practice.city, practice.country_id, practice.created_by) == (
        cast.ngo,
        cast.prague,
        "CZ",
        cast.city_team,
    )
    assert (practice.year, practice.start, practice.duration_months) == (2020, date(2020, 1, 1), 24)
    text = practice.original_text()
    assert text is not None
    assert text.title == "Interpreter pool for city offices"
    assert text.summary == "Interpreters on call for Ukrainian, Vietnamese and Russian."
    assert text.objectives == "Offices speak newcomers' languages"
    assert text.activities == "Four offices joined."  # the latest update
    assert text.results == "- Offices with an interpreter on call: 0 (2019) → 12 (2021)"
    assert text.transfer_actors == "Ukrainian Initiative, Integration Centre Prague"
    assert "Budget line not yet confirmed." not in " ".join(str(v) for v in vars(text).values())
    measure.refresh_from_db()
    assert measure.is_example and measure.example == practice
    flagged = LogEntry.objects.get(action="agenda.measure.flagged_example")
    assert (flagged.object_id, flagged.changes, flagged.user) == (measure.pk, {"practice": practice.pk}, cast.city_team)
    assert LogEntry.objects.filter(action="library.resource.created", object_id=practice.pk).exists()
    # A draft: not in the library yet.
    assert not Resource.objects.published().filter(pk=practice.pk).exists()
    # The agenda marks the measure, and the network counts the examples.
    assert "Example" in client.get(plans.agenda.get_absolute_url()).content.decode()
    assert client.get("/en/agenda/").context["totals"]["examples"] == 1


def test_a_measure_is_flagged_as_an_example_once(client: Client, cast: Cast, plans: Plans) -> None:
    client.force_login(cast.city_team)
    first = client.post(f"/en/agenda/measures/{plans.measure.pk}/example/", follow=True)
    assert messages_of(first) == [
        "A draft good practice was started from this measure. Complete it and submit it for review."
    ]
    count = Resource.objects.count()
    again = client.post(f"/en/agenda/measures/{plans.measure.pk}/example/", follow=True)
    assert again.redirect_chain == [(plans.measure.get_absolute_url(), 302)]
    assert messages_of(again) == ["A good practice has already been started from this measure."]
    assert Resource.objects.count() == count
    assert LogEntry.objects.filter(action="agenda.measure.flagged_example").count() == 1
    # The page no longer offers it.
    assert "start a good practice from it" not in again.content.decode()


def test_only_the_city_team_flags_an_example(client: Client, cast: Cast, plans: Plans) -> None:
    url = f"/en/agenda/measures/{plans.measure.pk}/example/"
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/en/accounts/login/")
    for user in (cast.org_admin, cast.org_member, cast.coordinator, cast.outsider):
        client.force_login(user)
        assert client.post(url).status_code == 403, user
    with pytest.raises(PermissionDenied):
        services.flag_example(cast.org_admin, plans.measure, "en")
    client.force_login(cast.city_team)
    assert client.get(url).status_code == 405  # a change, so never by a link
    plans.measure.refresh_from_db()
    assert not plans.measure.is_example and plans.measure.example is None
    assert not Resource.objects.filter(kind=Kind.GOOD_PRACTICE).exists()


# ---------------------------------------------------------------- a practice becomes a measure


def adoption(plans: Plans, cast: Cast, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agenda": plans.agenda.pk,
        "lead": cast.school.pk,
        "start": "2021-09-01",
        "end": "2022-06-30",
        "changes": "Evenings at the school, with the parents.",
    }
    data.update(changes)
    return data


def test_a_city_adopts_a_practice_from_the_library(client: Client, cast: Cast, plans: Plans, shelf: Shelf) -> None:
    url = f"/en/agenda/adopt/{shelf.practice.slug}/"
    client.force_login(cast.city_team)
    form = client.get(url).context["form"]
    assert set(form.fields["agenda"].queryset) == {plans.agenda, plans.draft}
    response = client.post(url, adoption(plans, cast))
    measure = Measure.objects.get(practice=shelf.practice)
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
    assert (measure.agenda, measure.title, measure.lead) == (plans.agenda, "Language café for newcomers", cast.school)
    assert (measure.start, measure.end, measure.status) == (date(2021, 9, 1), date(2022, 6, 30), "not_started")
    assert "Weekly conversation evenings" in measure.description
    assert "Evenings at the school, with the parents." in measure.description
    adaptation = Adaptation.objects.get(practice=shelf.practice)
    assert (adaptation.city, adaptation.organisation, adaptation.stage, adaptation.started) == (
        cast.prague,
        cast.school,
        Stage.ADAPT,
        date(2021, 9, 1),
    )
    assert (adaptation.changes, adaptation.recorded_by) == ("Evenings at the school, with the parents.", cast.city_team)
    created = LogEntry.objects.get(action="agenda.measure.created", object_id=measure.pk)
    assert created.changes == {"practice": shelf.practice.pk} and created.organisation == cast.school
    assert LogEntry.objects.filter(action="library.adaptation.recorded", object_id=adaptation.pk).exists()
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Adopted from the practice" in page and shelf.practice.get_absolute_url() in page


def test_an_adopted_practice_cannot_end_before_it_starts(
    client: Client, cast: Cast, plans: Plans, shelf: Shelf
) -> None:
    client.force_login(cast.city_team)
    response = client.post(
        f"/en/agenda/adopt/{shelf.practice.slug}/", adoption(plans, cast, start="2022-06-30", end="2021-09-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["A measure cannot end before it starts."]
    assert not Measure.objects.filter(practice=shelf.practice).exists()
    assert not Adaptation.objects.exists()
    with pytest.raises(services.PlanInvalid):
        services.adopt_practice(
            cast.city_team,
            shelf.practice,
            plans.agenda,
            lead=None,
            start=date(2022, 6, 30),
            end=date(2021, 9, 1),
            changes="",
        )
    assert not Measure.objects.filter(practice=shelf.practice).exists()
    assert not Adaptation.objects.exists()


def test_a_practice_goes_only_into_the_teams_own_open_agendas(
    client: Client, cast: Cast, plans: Plans, shelf: Shelf
) -> None:
    url = f"/en/agenda/adopt/{shelf.practice.slug}/"
    client.force_login(cast.city_team)
    # The lead must be of the agenda's city.
    foreign = client.post(url, adoption(plans, cast, lead=cast.sofia_ngo.pk))
    assert foreign.status_code == 200 and "lead" in foreign.context["form"].errors
    # An archived agenda takes no new measure.
    services.set_status(cast.city_team, plans.agenda, AgendaStatus.ARCHIVED)
    archived = client.post(url, adoption(plans, cast))
    assert archived.status_code == 200 and "agenda" in archived.context["form"].errors
    # Another city's team cannot put it into Prague's agenda.
    sofia_team = make_user("sofia.team@example.org")
    Role.objects.create(user=sofia_team, kind=RoleKind.CITY_TEAM, city=cast.sofia)
    from agenda.models import Agenda

    Agenda.objects.create(city=cast.sofia, title="Sofia agenda", start_year=2021, end_year=2023)
    client.force_login(sofia_team)
    elsewhere = client.post(url, adoption(plans, cast, agenda=plans.draft.pk, lead=""))
    assert elsewhere.status_code == 200 and "agenda" in elsewhere.context["form"].errors
    assert not Measure.objects.filter(practice=shelf.practice).exists()
    assert not Adaptation.objects.exists()
    # A practice still in draft cannot be adopted.
    client.force_login(cast.city_team)
    assert client.get(f"/en/agenda/adopt/{shelf.draft.slug}/").status_code == 404


def test_a_user_without_a_team_city_cannot_adopt(client: Client, cast: Cast, plans: Plans, shelf: Shelf) -> None:
    url = f"/en/agenda/adopt/{shelf.practice.slug}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/en/accounts/login/")
    for user in (cast.org_admin, cast.org_member, cast.coordinator, cast.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, adoption(plans, cast)).status_code == 403, user
    # A city team whose city has no agenda yet has nowhere to put it.
    sofia_team = make_user("sofia.team@example.org")
    Role.objects.create(user=sofia_team, kind=RoleKind.CITY_TEAM, city=cast.sofia)
    client.force_login(sofia_team)
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.adopt_practice(
            cast.org_admin,
            shelf.practice,
            plans.agenda,
            lead=cast.ngo,
            start=date(2021, 1, 1),
            end=date(2021, 12, 31),
            changes="",
        )
    assert not Measure.objects.filter(practice=shelf.practice).exists()
    assert not Adaptation.objects.exists()
