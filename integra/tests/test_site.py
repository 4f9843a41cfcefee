"""Site-wide guards: migrations, translations, headings, headers, deployment checks."""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from integra.testing import Cast, add_agenda, add_audit, add_events, add_library

ROOT = Path(settings.BASE_DIR)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def test_it_has_no_pending_migrations(db: Any) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_it_translates_every_string(language: str) -> None:
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_it_keeps_placeholders_in_translations(language: str) -> None:
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = []
    for entry in catalogue.translated_entries():
        expected = set(placeholder.findall(entry.msgid)) | set(placeholder.findall(entry.msgid_plural or ""))
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            # Languages with one plural form may drop the count in the singular sentence.
            if not set(placeholder.findall(text)) <= expected or (
                not entry.msgid_plural and set(placeholder.findall(text)) != expected
            ):
                broken.append(entry.msgid)
    assert broken == []


def test_it_has_every_marked_string_in_the_catalogue(tmp_path: Path) -> None:
    """The committed catalogues are up to date with the code: nothing marked is missing."""
    for item in ROOT.iterdir():
        if item.name in {".venv", "node_modules", "var", "locale", ".git", "static-collected", "bench"}:
            continue
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        elif item.suffix == ".py":
            shutil.copy(item, tmp_path / item.name)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integra.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v0"],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    missing = sorted(fresh - committed)
    assert missing == [], f"run `make messages` and translate: {missing[:5]}"


def _pages(cast: Cast) -> list[tuple[Any, str]]:
    audit = add_audit(cast)
    plans = add_agenda(cast)
    events = add_events(cast)
    from participation import services as participation

    registration = participation.register(events.cafe, participation.SignUp("Olena", "o@example.org", "", "uk"))
    anonymous = [
        "/en/",
        "/en/cities/",
        "/en/cities/prague/",
        "/en/cities/prague/graph/",
        "/en/organisations/",
        f"/en/organisations/{cast.ngo.slug}/",
        "/en/networks/",
        "/en/networks/integra/",
        "/en/networks/integra/graph/",
        "/en/networks/sig-prague/map/",
        "/en/figures/",
        "/en/accounts/login/",
        "/en/accounts/password/reset/",
        "/en/privacy/",
        "/en/nowhere/",
        "/en/invitations/nope/",
        "/en/library/",
        "/en/library/?q=caf%C3%A9+%22newcomers",
        "/en/library/language-cafe/",
        "/cs/library/language-cafe/",
        "/en/library/flows/",
        "/en/library/export/dictionary/",
        "/en/audit/",
        "/cs/audit/frameworks/small/v1/",
        f"/en/audit/rounds/{audit.frozen_round.pk}/",
        f"/en/audit/rounds/{audit.frozen_round.pk}/compare/",
        f"/sk/audit/rounds/{audit.frozen_round.pk}/report/",
        f"/en/audit/rounds/{audit.frozen_round.pk}/evidence/",
        "/uk/surveys/answer/test-link-token/",
        "/ar/surveys/answer/test-link-token/",
        "/en/audit/cities/prague/challenges/",
        "/en/audit/statistics/",
        "/en/audit/statistics/employment-rate-non-eu/",
        "/en/agenda/",
        "/en/agenda/cities/prague/",
        f"/en/agenda/{plans.agenda.pk}/",
        f"/cs/agenda/{plans.agenda.pk}/timeline/",
        f"/en/agenda/{plans.agenda.pk}/dashboard/",
        f"/en/agenda/{plans.agenda.pk}/progress/",
        f"/en/agenda/measures/{plans.measure.pk}/",
        "/uk/events/",
        f"/ar/events/{events.cafe.slug}/",
        f"/fa/events/{events.closed.slug}/",
        f"/vi{registration.get_absolute_url()[3:]}",
        "/tr/events/registrations/no-such-token/",
        "/fa/events/consultations/",
        "/ar/events/photovoice/my-street/",
        "/vi/events/initiatives/",
        "/it/events/campaigns/",
        "/uk/events/campaigns/prague-speaks/",
        "/sk/events/reach/",
        "/ru/events/initiatives/neighbours-help/",
    ]
    team = [
        "/en/me/",
        f"/en/organisations/{cast.ngo.slug}/edit/",
        f"/en/organisations/{cast.ngo.slug}/people/new/",
        f"/en/organisations/{cast.ngo.slug}/ties/new/",
        f"/en/organisations/{cast.ngo.slug}/invite/",
        "/en/networks/sig-prague/map/",
        "/en/networks/sig-prague/edit/",
        "/en/networks/sig-prague/members/add/",
        "/en/networks/sig-prague/meetings/new/",
        "/en/log/",
        "/en/me/token/",
        "/en/import/",
        "/en/me/erase/",
        f"/en/people/{cast.person.pk}/edit/",
        "/en/accounts/password/change/",
        "/en/accounts/2fa/",
        "/en/cities/prague/organisations/new/",
        "/en/cities/prague/networks/new/",
        "/en/library/new/",
        "/en/library/review/",
        "/en/library/language-cafe/edit/",
        "/en/library/language-cafe/versions/cs/",
        "/en/library/language-cafe/versions/en/history/",
        "/en/library/language-cafe/attachments/new/",
        "/en/library/language-cafe/adaptations/new/",
        "/en/library/draft-guide/",
        "/en/audit/rounds/new/",
        f"/en/audit/rounds/{audit.open_round.pk}/",
        f"/en/audit/rounds/{audit.open_round.pk}/agree/",
        "/en/audit/cities/prague/challenges/new/",
        f"/en/audit/rounds/{audit.open_round.pk}/evidence/",
        f"/en/audit/rounds/{audit.open_round.pk}/evidence/focus-group/new/",
        f"/en/audit/rounds/{audit.open_round.pk}/evidence/photovoice/new/",
        "/en/surveys/",
        "/en/surveys/new/",
        f"/en/surveys/{audit.survey.pk}/",
        f"/en/surveys/{audit.survey.pk}/results/",
        f"/en/surveys/{audit.survey.pk}/questions/new/",
        f"/en/surveys/{audit.survey.pk}/texts/",
        "/en/audit/statistics/figures/import/",
        "/en/audit/statistics/figures/new/",
        "/en/agenda/cities/prague/labs/new/",
        f"/en/agenda/labs/{plans.lab.pk}/",
        f"/en/agenda/labs/{plans.lab.pk}/edit/",
        f"/en/agenda/labs/{plans.lab.pk}/drivers/new/",
        f"/en/agenda/labs/{plans.lab.pk}/scenarios/new/",
        f"/en/agenda/scenarios/{plans.scenario.pk}/edit/",
        f"/en/agenda/labs/{plans.lab.pk}/swot/new/",
        f"/en/agenda/labs/{plans.lab.pk}/goals/new/",
        f"/en/agenda/labs/{plans.lab.pk}/draft-agenda/",
        "/en/agenda/cities/prague/agendas/new/",
        f"/en/agenda/{plans.agenda.pk}/edit/",
        f"/en/agenda/{plans.agenda.pk}/goals/new/",
        f"/en/agenda/{plans.agenda.pk}/measures/new/",
        f"/en/agenda/{plans.draft.pk}/",
        f"/en/agenda/measures/{plans.measure.pk}/edit/",
        f"/en/agenda/measures/{plans.measure.pk}/indicators/new/",
        f"/en/agenda/measures/{plans.measure.pk}/milestones/new/",
        f"/en/agenda/measures/{plans.measure.pk}/updates/new/",
        "/en/agenda/adopt/language-cafe/",
        "/en/events/manage/",
        "/en/events/photovoice/my-street/queue/",
        "/en/events/initiatives/new/",
        "/en/events/new/",
        f"/en/events/{events.cafe.slug}/participants/",
        f"/en/events/{events.cafe.slug}/edit/",
        f"/en/agenda/parts/indicator/{plans.indicator.pk}/edit/",
        f"/en/agenda/parts/measure/{plans.measure.pk}/delete/",
    ]
    add_library(cast)
    return [(None, url) for url in anonymous] + [(cast.city_team, url) for url in team]


def test_it_has_one_h1_on_every_page(client: Client, cast: Cast) -> None:
    problems = []
    for user, url in _pages(cast):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        count = response.content.decode().count("<h1")
        if count != 1:
            problems.append(f"{url} ({response.status_code}) has {count} <h1>")
    assert problems == []


def test_it_sends_security_headers_and_no_inline_script(client: Client, cast: Cast) -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    for user, url in _pages(cast):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert not inline_script.search(response.content.decode()), url
        assert "://" not in re.sub(r'(href|content)="[^"]*"', "", _tags_with_src(response.content.decode())), url


def _tags_with_src(page: str) -> str:
    return " ".join(re.findall(r"<(?:script|img|link|iframe)[^>]*>", page))


def test_it_passes_the_deployment_checks_with_production_settings() -> None:
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "integra.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "integra.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integra.settings", "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_it_fails_loudly_on_a_bad_setting() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integra.settings", "PAGE_SIZE": "many"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "PAGE_SIZE must be an integer" in result.stderr


@pytest.mark.parametrize("language,direction", [("ar", "rtl"), ("fa", "rtl"), ("uk", "ltr"), ("cs", "ltr")])
def test_it_sets_language_and_direction(client: Client, cast: Cast, language: str, direction: str) -> None:
    page = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page


def test_it_switches_language_and_keeps_the_page(client: Client, cast: Cast) -> None:
    response = client.post("/i18n/setlang/", {"language": "hr", "next": "/en/organisations/?kind=ngo"})
    assert response.status_code == 302
    assert response["Location"] == "/hr/organisations/?kind=ngo"


def test_it_serves_a_404_page_in_the_readers_language(client: Client, cast: Cast) -> None:
    response = client.get("/cs/organisations/nope/")
    assert response.status_code == 404
    assert '<html lang="cs"' in response.content.decode()


def test_it_keeps_the_django_admin_for_platform_admins(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    assert client.get("/en/admin/").status_code == 302
    client.force_login(cast.admin)
    assert client.get("/en/admin/").status_code == 200


def test_demo_data_loads_once_and_never_duplicates(db: Any) -> None:
    from network.models import Network, Organisation

    call_command("demo_data", "--quiet-logins", stdout=io.StringIO())
    counts = (Organisation.objects.count(), Network.objects.count())
    call_command("demo_data", "--quiet-logins", stdout=io.StringIO())
    assert (Organisation.objects.count(), Network.objects.count()) == counts
    assert Network.objects.get(slug="integra").memberships.count() == 6
    assert Network.objects.filter(kind="sig").count() == 5


def test_it_links_each_page_in_every_language(client: Client, cast: Cast) -> None:
    page = client.get("/en/organisations/?kind=school").content.decode()
    for code, name in settings.LANGUAGES:
        assert f'<a href="/{code}/organisations/?kind=school" lang="{code}" hreflang="{code}"' in page
        assert f">{name}</a>" in page
