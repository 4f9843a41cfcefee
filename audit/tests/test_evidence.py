"""Audit evidence: focus groups, walks with observations, photovoice with consent, desk research."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from audit import services
from audit.evidence import gps_position
from audit.models import CityWalk, FocusGroup, Photovoice, WalkPoint
from integra.testing import Audit, Cast, add_audit, add_library


def _photo(name: str = "street.jpg") -> SimpleUploadedFile:
    """A JPEG carrying a GPS position and a camera maker in its EXIF."""
    image = Image.new("RGB", (40, 30), "teal")
    exif = image.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 5.0, 24.0), 3: "E", 4: (14.0, 25.0, 12.0)})
    exif[0x010F] = "Camera maker"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


@pytest.fixture
def audit(cast: Cast) -> Audit:
    return add_audit(cast)


def _stored(field: object) -> bytes:
    with field.open("rb") as handle:  # type: ignore[attr-defined]
        return bytes(handle.read())


def test_a_focus_group_keeps_counts_notes_and_quotes_never_names(client: Client, cast: Cast, audit: Audit) -> None:
    client.force_login(cast.city_team)
    url = f"/en/audit/rounds/{audit.open_round.pk}/evidence/focus-group/new/"
    assert client.get(url).status_code == 200
    before = FocusGroup.objects.count()  # add_audit records one
    negative = client.post(url, {"held": "2018-05-14", "theme": "Services", "n_tcn": "-3"})
    assert negative.status_code == 400 and FocusGroup.objects.count() == before
    response = client.post(
        url,
        {
            "held": "2018-05-14",
            "theme": "Access to municipal services",
            "n_tcn": "7",
            "n_ngo": "3",
            "notes": "Forms only in Czech.",
            "quotes": "Nobody at the desk spoke English.\n\nI brought my daughter to translate.",
        },
    )
    assert response.status_code == 302
    group = FocusGroup.objects.get(theme="Access to municipal services")
    assert group.participants == {"tcn": 7, "ngo": 3} and group.total == 10
    assert group.quote_list() == ["Nobody at the desk spoke English.", "I brought my daughter to translate."]
    page = client.get(f"/en/audit/rounds/{audit.open_round.pk}/evidence/").content.decode()
    assert "Access to municipal services" in page and "I brought my daughter to translate." in page


def test_walk_photos_lose_their_location_data(client: Client, cast: Cast, audit: Audit) -> None:
    client.force_login(cast.city_team)
    base = f"/en/audit/rounds/{audit.open_round.pk}/evidence"
    assert (
        client.post(
            f"{base}/walk/new/", {"kind": "safety", "held": "2018-06-02", "route": "Station – park"}
        ).status_code
        == 302
    )
    walk = CityWalk.objects.get(kind="safety")
    response = client.post(
        f"{base}/observation/new/",
        {"walk": walk.pk, "place": "Bus station", "note": "Signs only in Czech.", "photo": _photo()},
    )
    assert response.status_code == 302
    point = WalkPoint.objects.get(walk=walk)
    stored = _stored(point.photo)
    assert gps_position(stored) == (None, None)
    assert b"Camera maker" not in stored
    served = client.get(f"{base}/observations/{point.pk}/photo")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    # Something that is not a photo is refused with the reason, and nothing is saved.
    refused = client.post(
        f"{base}/observation/new/",
        {"walk": walk.pk, "place": "Park", "note": "x", "photo": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")},
    )
    assert refused.status_code == 400 and "JPEG" in refused.content.decode()
    disguised = client.post(
        f"{base}/observation/new/",
        {"walk": walk.pk, "place": "Park", "note": "x", "photo": SimpleUploadedFile("a.jpg", b"MZ\x90\x00not a photo")},
    )
    assert disguised.status_code == 400
    assert walk.points.count() == 1


def test_photovoice_needs_consent_and_keeps_a_location_only_when_agreed(
    client: Client, cast: Cast, audit: Audit
) -> None:
    client.force_login(cast.city_team)
    url = f"/en/audit/rounds/{audit.open_round.pk}/evidence/photovoice/new/"
    entry = {
        "caption": "Our street at night",
        "prompt": "Where do you feel at home?",
        "language": "uk",
        "author": "Olena",
    }
    no_consent = client.post(url, {**entry, "visibility": "public", "photo": _photo()})
    assert no_consent.status_code == 400
    assert "Our street at night" in no_consent.content.decode()  # the caption is kept in the form
    assert client.post(url, {**entry, "visibility": "public", "consent": "on", "photo": _photo()}).status_code == 302
    client.post(url, {**entry, "visibility": "private", "consent": "on", "keep_location": "on", "photo": _photo()})
    public, private = Photovoice.objects.order_by("pk")
    assert (public.latitude, public.longitude) == (None, None)
    assert (private.latitude, private.longitude) == (50.09, 14.42)
    assert public.consented_at is not None and public.consent_wording == "photovoice-1"
    for item in (public, private):
        assert gps_position(_stored(item.photo)) == (None, None)
    # Once the round is published, the public entry shows to everyone and the private one only to the team.
    services.freeze(cast.city_team, audit.open_round)
    client.logout()
    page = client.get(f"/en/audit/rounds/{audit.open_round.pk}/evidence/")
    assert list(page.context["photovoice"]) == [public]
    photos = f"/en/audit/rounds/{audit.open_round.pk}/evidence/photovoice"
    assert client.get(f"{photos}/{public.pk}/photo").status_code == 200
    assert client.get(f"{photos}/{private.pk}/photo").status_code == 404
    client.force_login(cast.city_team)
    assert client.get(f"{photos}/{private.pk}/photo").status_code == 200


def test_desk_research_links_published_library_resources(client: Client, cast: Cast, audit: Audit) -> None:
    shelf = add_library(cast)
    client.force_login(cast.city_team)
    url = f"/en/audit/rounds/{audit.open_round.pk}/evidence/desk-research/"
    client.post(url, {"resource": f"http://testserver/en/library/{shelf.practice.slug}/"})
    client.post(url, {"resource": shelf.draft.slug})  # a draft is not offered
    assert list(audit.open_round.desk_research.all()) == [shelf.practice]


def test_only_the_team_adds_evidence_and_never_to_a_frozen_round(client: Client, cast: Cast, audit: Audit) -> None:
    client.force_login(cast.org_member)  # a respondent: sees the round, may not add evidence
    url = f"/en/audit/rounds/{audit.open_round.pk}/evidence/focus-group/new/"
    assert client.get(url).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.city_team)
    frozen = f"/en/audit/rounds/{audit.frozen_round.pk}/evidence/focus-group/new/"
    assert client.post(frozen, {"held": "2018-05-14", "theme": "Late"}).status_code == 302
    assert not FocusGroup.objects.filter(round=audit.frozen_round).exists()
    assert client.get(f"/en/audit/rounds/{audit.open_round.pk}/evidence/nothing/new/").status_code == 404


def test_a_citys_questionnaire_is_evidence_shown_in_aggregate(client: Client, cast: Cast, audit: Audit) -> None:
    from surveys import services as survey_services
    from surveys.models import Survey, SurveyLink, SurveyQuestion

    survey = Survey.objects.create(city=cast.prague, languages=["en"], titles={"en": "Living in Prague"})
    question = SurveyQuestion.objects.create(
        survey=survey,
        kind="single",
        texts={"en": "Do you feel welcome?"},
        options=[{"code": "o1", "labels": {"en": "Yes"}}, {"code": "o2", "labels": {"en": "No"}}],
    )
    survey_services.set_status(cast.city_team, survey, "open")
    link = SurveyLink.objects.create(survey=survey, label="Flyer")
    for choice in ["o1"] * 6 + ["o2"] * 2:
        survey_services.submit(link, "en", {question.pk: {"choices": [choice]}})
    elsewhere = Survey.objects.create(city=cast.sofia, languages=["en"], titles={"en": "Sofia's own"})
    client.force_login(cast.city_team)
    url = f"/en/audit/rounds/{audit.open_round.pk}/evidence/questionnaires/"
    client.post(url, {"survey": elsewhere.pk})  # another city's questionnaire is not offered
    client.post(url, {"survey": survey.pk})
    assert list(audit.open_round.questionnaires.all()) == [survey]
    services.freeze(cast.city_team, audit.open_round)
    client.logout()
    page = client.get(f"/en/audit/rounds/{audit.open_round.pk}/evidence/")
    html = page.content.decode()
    assert "Living in Prague" in html and "Do you feel welcome?" in html
    assert "fewer than 5" in html  # the two "No" answers stay hidden
