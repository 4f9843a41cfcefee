"""Labs and agendas through the API: public once out of draft, scoped before, updates through the service."""

from __future__ import annotations

from rest_framework.test import APIClient

from agenda.models import AgendaStatus, ProgressUpdate
from integra.testing import Cast, add_agenda
from network.models import LogEntry


def test_the_public_reads_agendas_out_of_draft_and_their_measures(cast: Cast) -> None:
    plans = add_agenda(cast)
    api = APIClient()
    agendas = api.get("/api/v1/agendas/").json()["results"]
    assert [a["id"] for a in agendas] == [plans.agenda.pk]
    assert agendas[0]["city"] == "prague" and agendas[0]["status"] == "adopted"
    assert [g["title"] for g in agendas[0]["goals"]] == ["Offices speak newcomers' languages"]
    assert api.get(f"/api/v1/agendas/{plans.draft.pk}/").status_code == 404
    measures = api.get("/api/v1/measures/").json()["results"]
    assert [m["id"] for m in measures] == [plans.measure.pk]
    measure = measures[0]
    assert measure["lead"] == cast.ngo.slug and measure["partners"] == [cast.partner.slug]
    assert measure["status"] == "on_track" and measure["percent_done"] == 40
    assert measure["indicators"][0]["name"] == "Offices with an interpreter on call"
    assert (measure["indicators"][0]["baseline"], measure["indicators"][0]["target"]) == (0, 12)
    assert "internal_notes" not in measure and "Budget line" not in str(measures)


def test_the_city_team_and_its_followers_read_drafts_and_labs(cast: Cast) -> None:
    plans = add_agenda(cast)
    api = APIClient()
    assert api.get("/api/v1/labs/").status_code == 401
    for user in (cast.city_team, cast.org_member, cast.coordinator):
        api.force_authenticate(user)
        ids = {a["id"] for a in api.get("/api/v1/agendas/").json()["results"]}
        assert ids == {plans.agenda.pk, plans.draft.pk}
        labs = api.get("/api/v1/labs/").json()["results"]
        assert [lab["title"] for lab in labs] == ["Integration Lab 2019"]
        assert labs[0]["scenarios"][0]["name"] == "Open city"
        assert labs[0]["goals"][0]["proposals"][0]["resources_needed"] == "2 interpreters"
    api.force_authenticate(cast.outsider)
    assert [a["id"] for a in api.get("/api/v1/agendas/").json()["results"]] == [plans.agenda.pk]
    assert api.get("/api/v1/labs/").json()["results"] == []


def test_the_lead_organisation_posts_an_update_with_a_reading(cast: Cast) -> None:
    plans = add_agenda(cast)
    api = APIClient()
    api.force_authenticate(cast.org_member)
    response = api.post(
        "/api/v1/progress-updates/",
        {
            "measure": plans.measure.pk,
            "status": "at_risk",
            "percent_done": 55,
            "narrative": "Two interpreters left.",
            "readings": [{"indicator": plans.indicator.pk, "value": 6, "measured_on": "2020-12-31"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["values"] == [{"measured_on": "2020-12-31", "value": 6.0}]
    plans.measure.refresh_from_db()
    assert (plans.measure.status, plans.measure.percent_done) == ("at_risk", 55)
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert update.author == cast.org_member and update.organisation == cast.ngo
    assert LogEntry.objects.filter(action="agenda.measure.status_changed", object_id=plans.measure.pk).exists()
    public = APIClient().get("/api/v1/progress-updates/", {"measure": plans.measure.pk}).json()["results"]
    assert [u["narrative"] for u in public] == ["Two interpreters left.", "Four offices joined."]
    assert "internal_note" not in public[1] and "author" not in public[1]


def test_it_refuses_updates_that_do_not_fit(cast: Cast) -> None:
    plans = add_agenda(cast)
    api = APIClient()
    update = {"measure": plans.measure.pk, "status": "on_track", "percent_done": 50, "narrative": "More."}
    assert api.post("/api/v1/progress-updates/", update, format="json").status_code in (401, 403)
    api.force_authenticate(cast.outsider)
    assert api.post("/api/v1/progress-updates/", update, format="json").status_code == 403
    api.force_authenticate(cast.org_member)
    over = api.post("/api/v1/progress-updates/", {**update, "percent_done": 120}, format="json")
    assert over.status_code == 400
    wrong = {**update, "readings": [{"indicator": plans.indicator.pk, "value": 2.5, "measured_on": "2020-12-31"}]}
    refused = api.post("/api/v1/progress-updates/", wrong, format="json")
    assert refused.status_code == 400 and "whole number" in str(refused.json())
    plans.agenda.status = AgendaStatus.ARCHIVED
    plans.agenda.save()
    archived = api.post("/api/v1/progress-updates/", update, format="json")
    assert archived.status_code == 400 and "archived" in str(archived.json())
    assert ProgressUpdate.objects.count() == 1
