from __future__ import annotations

import json
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.test import Client

from integra.testing import Cast
from network import services
from network.audit import log_action
from network.models import Person


def _tables_containing(needles: list[str]) -> list[str]:
    """Every table and text column of the database that still holds one of the needles."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if field.get_internal_type() not in ("CharField", "TextField", "EmailField", "JSONField", "SlugField"):
                    continue
                column = connection.ops.quote_name(field.column)
                cast = f"CAST({column} AS TEXT)"
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE LOWER({cast}) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{field.column} has {needle}")
    return found


def test_it_exports_a_persons_data_as_json(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    response = client.get("/en/me/data.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.org"
    assert data["contact_records"][0]["name"] == "Olena Testova"
    assert data["roles"] == [{"role": "org_member", "scope": "Ukrainian Initiative"}]


def test_it_erases_a_user_everywhere(client: Client, cast: Cast) -> None:
    services.update_person(cast.org_member, cast.person, cast.person.version)
    log_action(cast.org_member, "network.organisation.changed", cast.ngo, {"description": ["a", "b"]})
    services.invite(cast.org_admin, cast.ngo, "member@example.org", "org_member", "en")
    needles = ["Olena Testova", "olena@example.org", "member@example.org", "777 123 456"]
    assert _tables_containing(needles)
    client.force_login(cast.org_member)
    response = client.post("/en/me/erase/", {"confirm": "yes"})
    assert response.status_code == 302
    assert _tables_containing(needles) == []
    assert not Person.objects.filter(pk=cast.person.pk).exists()


def test_it_asks_for_confirmation_before_erasing(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    client.post("/en/me/erase/", {})
    assert Person.objects.filter(pk=cast.person.pk).exists()


def test_it_lets_an_org_admin_erase_a_contact_person(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_admin)
    assert client.post(f"/en/people/{cast.person.pk}/erase/").status_code == 302
    assert _tables_containing(["Olena Testova", "olena@example.org"]) == []


def test_it_keeps_outsiders_from_erasing_people(client: Client, cast: Cast) -> None:
    client.force_login(cast.outsider)
    assert client.post(f"/en/people/{cast.person.pk}/erase/").status_code == 403
    assert Person.objects.filter(pk=cast.person.pk).exists()


def test_it_never_writes_personal_values_into_the_log(cast: Cast) -> None:
    cast.person.phone = "+420 111 222 333"
    services.update_person(cast.org_admin, cast.person, cast.person.version)
    assert _tables_containing(["111 222 333"]) == ["network_person.phone has 111 222 333"]


def _link_from_mail() -> str:
    import re

    from django.core import mail

    (message,) = mail.outbox
    match = re.search(r"http://\S+/privacy/(\S+)/", str(message.body))
    assert match is not None
    return f"/en/privacy/{match.group(1)}/"


def test_it_sends_a_private_link_to_a_listed_contact_person(client: Client, cast: Cast) -> None:
    from django.core import mail

    Person.objects.filter(pk=cast.person.pk).update(user=None)
    response = client.post("/cs/privacy/", {"email": "Olena@example.org"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["olena@example.org"]
    assert mail.outbox[0].subject == "Vaše údaje v Integra"
    link = _link_from_mail()
    page = client.get(link)
    assert "Olena Testova" in page.content.decode()
    data = json.loads(client.get(link, {"format": "json"}).content)
    assert data["contact_records"][0]["phone"] == "+420 777 123 456"
    assert data["account"] is None


def test_it_does_not_tell_whether_an_address_is_known(client: Client, cast: Cast) -> None:
    from django.core import mail

    known = client.post("/en/privacy/", {"email": "olena@example.org"}, follow=True)
    unknown = client.post("/en/privacy/", {"email": "nobody@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    assert [str(m) for m in known.context["messages"]] == [str(m) for m in unknown.context["messages"]]


def test_it_erases_a_contact_person_through_the_link(client: Client, cast: Cast) -> None:
    Person.objects.filter(pk=cast.person.pk).update(user=None)
    client.post("/en/privacy/", {"email": "olena@example.org"})
    link = _link_from_mail()
    client.post(link, {})
    assert Person.objects.filter(pk=cast.person.pk).exists()
    assert client.post(link, {"confirm": "yes"}).status_code == 302
    assert _tables_containing(["Olena Testova", "olena@example.org", "777 123 456"]) == []
    assert client.get(link).status_code == 404


def test_it_refuses_tampered_and_expired_links(client: Client, cast: Cast) -> None:
    import time_machine

    client.post("/en/privacy/", {"email": "olena@example.org"})
    link = _link_from_mail()
    assert client.get(link[:-3] + "xx/").status_code == 404
    with time_machine.travel(timedelta(hours=25)):
        response = client.get(link)
    assert response.status_code == 404
    assert Person.objects.filter(pk=cast.person.pk).exists()
    assert _tables_containing(["olena@example.org"]) == ["network_person.email has olena@example.org"]


def test_it_ignores_requests_from_robots(client: Client, cast: Cast) -> None:
    from django.core import mail

    client.post("/en/privacy/", {"email": "olena@example.org", "website": "http://spam.example"})
    assert mail.outbox == []


def test_it_sends_at_most_three_links_an_hour_to_one_address(client: Client, cast: Cast) -> None:
    from django.core import mail

    for _ in range(5):
        assert client.post("/en/privacy/", {"email": "olena@example.org"}).status_code == 302
    assert len(mail.outbox) == 3
