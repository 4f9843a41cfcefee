"""Good practices: the quality checklist, adaptations by other cities and the flows between them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integra.testing import Cast
from library.models import Adaptation, Kind, QualityReview, Resource
from library.tests.conftest import make_resource
from network.models import Country, LogEntry


@pytest.fixture
def practice(cast: Cast) -> Resource:
    return make_resource(
        cast.city_team,
        cast.partner,
        kind=Kind.GOOD_PRACTICE,
        title="One-stop shop for newcomers",
        summary="All offices at one desk.",
        publish=True,
    )


def _adaptation_form(cast: Cast, **changes: Any) -> dict[str, Any]:
    data = {
        "city": cast.sofia.pk,
        "organisation": cast.sofia_ngo.pk,
        "stage": "adapt",
        "started": "2019-02-01",
        "changes": "A weekly desk in the municipal social directorate instead of a separate centre.",
        "partners": [cast.partner.pk],
        "result": "310 visits in six months.",
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- adaptations and flows


def test_sofia_records_that_it_adapted_a_prague_practice(
    client: Client, cast: Cast, practice: Resource, sofia_team: Any
) -> None:
    Country.objects.filter(code="CZ").update(names={"en": "Czechia"})
    Country.objects.filter(code="BG").update(names={"en": "Bulgaria"})
    client.force_login(sofia_team)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f"/en/library/{practice.slug}/adaptations/new/" in page
    assert client.get(f"/en/library/{practice.slug}/adaptations/new/").status_code == 200
    response = client.post(f"/en/library/{practice.slug}/adaptations/new/", _adaptation_form(cast))
    assert response.status_code == 302
    adaptation = Adaptation.objects.get()
    assert (adaptation.practice, adaptation.city, adaptation.organisation) == (practice, cast.sofia, cast.sofia_ngo)
    assert adaptation.recorded_by == sofia_team
    assert list(adaptation.partners.all()) == [cast.partner]
    assert LogEntry.objects.filter(action="library.adaptation.recorded").count() == 1

    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Sofia" in page
    assert "A weekly desk in the municipal social directorate" in page
    assert "310 visits in six months." in page
    assert "No city has recorded an adaptation yet." not in page

    flows = client.get("/en/library/flows/")
    assert flows.status_code == 200
    assert [(f["source"].code, f["target"].code, f["count"]) for f in flows.context["country_flows"]] == [
        ("CZ", "BG", 1)
    ]
    assert [(f["source"], f["target"]) for f in flows.context["city_flows"]] == [(cast.prague, cast.sofia)]
    html = flows.content.decode()
    assert "<td>Czechia</td><td>Bulgaria</td>" in html
    partnership = client.get("/en/library/flows/", {"network": "integra"})
    assert len(partnership.context["country_flows"]) == 1
    elsewhere = client.get("/en/library/flows/", {"network": "no-such-network"})
    assert elsewhere.context["country_flows"] == []


def test_an_adaptation_needs_a_city_of_ones_own(
    client: Client, cast: Cast, practice: Resource, sofia_team: Any
) -> None:
    url = f"/en/library/{practice.slug}/adaptations/new/"
    for user in (cast.outsider, cast.coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _adaptation_form(cast)).status_code == 403
        assert "adaptations/new/" not in client.get(practice.get_absolute_url()).content.decode()
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]
    # Sofia's team cannot record an adaptation for Prague, nor name a Prague organisation for Sofia.
    client.force_login(sofia_team)
    response = client.post(url, _adaptation_form(cast, city=cast.prague.pk, organisation=""))
    assert response.status_code == 200
    assert "city" in response.context["form"].errors
    response = client.post(url, _adaptation_form(cast, organisation=cast.ngo.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Adaptation.objects.exists()
    # Organisation members record for their own city.
    client.force_login(cast.org_member)
    response = client.post(url, _adaptation_form(cast, city=cast.prague.pk, organisation=cast.ngo.pk))
    assert response.status_code == 302
    assert Adaptation.objects.get().city == cast.prague


def test_only_published_good_practices_can_be_adapted(client: Client, cast: Cast) -> None:
    method = make_resource(cast.city_team, cast.partner, kind=Kind.METHODOLOGY, title="A method", publish=True)
    draft = make_resource(cast.city_team, cast.partner, kind=Kind.GOOD_PRACTICE, title="A draft practice")
    client.force_login(cast.city_team)
    for resource in (method, draft):
        assert client.get(f"/en/library/{resource.slug}/adaptations/new/").status_code == 404
        response = client.post(
            f"/en/library/{resource.slug}/adaptations/new/",
            _adaptation_form(cast, city=cast.prague.pk, organisation=cast.ngo.pk),
        )
        assert response.status_code == 404
    assert "Where this practice travelled" not in client.get(method.get_absolute_url()).content.decode()
    assert "adaptations/new/" not in client.get(draft.get_absolute_url()).content.decode()
    assert not Adaptation.objects.exists()


# ---------------------------------------------------------------- quality checklist


def test_a_reviewer_fills_the_quality_checklist(client: Client, cast: Cast, practice: Resource) -> None:
    client.force_login(cast.coordinator)
    assert client.get(f"/en/library/{practice.slug}/quality/").status_code == 200
    data = {
        "relevance": "met",
        "transferability": "partly",
        "participation": "not_met",
        "languages": "met",
        "two_way": "partly",
        "note": "Stable funding since 2016.",
    }
    response = client.post(f"/en/library/{practice.slug}/quality/", data)
    assert response.status_code == 302
    review = QualityReview.objects.get(resource=practice)
    assert (review.reviewer, review.participation, review.note) == (
        cast.coordinator,
        "not_met",
        "Stable funding since 2016.",
    )
    assert LogEntry.objects.filter(action="library.quality.saved").count() == 1
    # Saving again updates the same checklist.
    assert client.post(f"/en/library/{practice.slug}/quality/", {**data, "participation": "met"}).status_code == 302
    assert QualityReview.objects.get(resource=practice).participation == "met"
    assert QualityReview.objects.count() == 1

    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    for label in (
        "Relevance",
        "Transferability",
        "Participation",
        "Information in several languages",
        "Two-way integration",
    ):
        assert f'<th scope="row">{label}</th>' in page
    assert '<td class="rating-partly">Partly met</td>' in page
    assert '<td class="rating-met">Met</td>' in page
    assert "Stable funding since 2016." in page
    assert "Not reviewed yet." not in page


def test_a_non_reviewer_may_not_fill_the_checklist(client: Client, cast: Cast, practice: Resource) -> None:
    data = {name: "met" for name in QualityReview.CRITERIA}
    # The city team may edit the Prague practice, but reviewing is for editors and coordinators.
    for user in (cast.city_team, cast.org_member, cast.outsider):
        client.force_login(user)
        assert client.get(f"/en/library/{practice.slug}/quality/").status_code == 403
        assert client.post(f"/en/library/{practice.slug}/quality/", data).status_code == 403
    assert not QualityReview.objects.exists()
    method = make_resource(cast.city_team, cast.partner, kind=Kind.METHODOLOGY, title="No checklist", publish=True)
    client.force_login(cast.coordinator)
    assert client.get(f"/en/library/{method.slug}/quality/").status_code == 404
