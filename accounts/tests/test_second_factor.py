from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client

from integra.testing import PASSWORD, Cast, make_user
from network.models import Role, RoleKind


def _current_code(user: object) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.wrap().instance.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_it_sends_a_coordinator_without_a_second_factor_to_set_one_up(client: Client, cast: Cast) -> None:
    newcomer = make_user("newcoordinator@example.org", second_factor=False)
    Role.objects.create(user=newcomer, kind=RoleKind.COORDINATOR, network=cast.partnership)
    client.post("/en/accounts/login/", {"login": newcomer.email, "password": PASSWORD})
    response = client.get("/en/networks/integra/edit/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    assert client.get(response["Location"]).status_code == 200


def test_it_lets_organisation_members_work_without_a_second_factor(client: Client, cast: Cast) -> None:
    client.force_login(cast.org_member)
    assert client.get("/en/me/").status_code == 200


def test_it_asks_a_city_team_member_for_the_code_at_sign_in(client: Client, cast: Cast) -> None:
    response = client.post("/en/accounts/login/", {"login": "team@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/en/me/").status_code == 302
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200
    right = client.post(response["Location"], {"code": _current_code(cast.city_team)})
    assert right.status_code == 302
    assert client.get("/en/me/").status_code == 200


def test_it_signs_in_members_with_email_and_password(client: Client, cast: Cast) -> None:
    response = client.post("/en/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/me/").status_code == 200


def test_it_keeps_sign_up_closed_without_an_invitation(client: Client, cast: Cast) -> None:
    response = client.post(
        "/en/accounts/signup/", {"email": "stranger@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    from accounts.models import User

    assert not User.objects.filter(email="stranger@example.org").exists()


def test_it_opens_sign_up_for_an_invited_person(client: Client, cast: Cast) -> None:
    from accounts.models import User
    from network import services

    invitation = services.invite(cast.org_admin, cast.ngo, "invited@example.org", "org_member", "en")
    client.get(f"/en/invitations/{invitation.token}/")
    response = client.post(
        "/en/accounts/signup/", {"email": "invited@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="invited@example.org")
    assert client.post(f"/en/invitations/{invitation.token}/").status_code == 302
    assert Role.objects.filter(user=user, organisation=cast.ngo).exists()


def test_it_sends_password_reset_mail(client: Client, cast: Cast) -> None:
    from django.core import mail

    response = client.post("/en/accounts/password/reset/", {"email": "member@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member@example.org"]


def test_it_checks_the_second_factor_once_per_session(client: Client, cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.city_team)
    with CaptureQueriesContext(connection) as first:
        client.get("/en/me/")
    with CaptureQueriesContext(connection) as second:
        client.get("/en/me/")
    authenticator = [q for q in second.captured_queries if "mfa_authenticator" in q["sql"]]
    assert authenticator == [] and any("mfa_authenticator" in q["sql"] for q in first.captured_queries)
