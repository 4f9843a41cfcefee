"""Browser tests: Debian's chromium, driven by Playwright, against the live server.

Run with ``.venv/bin/python -m pytest integra/tests/test_browser.py -q``; the fixtures are in this
folder's conftest.py (one chromium per session, one shared page for the one-page checks and fresh
contexts for the journeys, the named cast built in the database the live server reads).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from audit.models import Round
from integra.testing import PASSWORD, Cast, add_agenda, add_audit, add_events, add_library
from integra.tests.conftest import AXE
from surveys.models import Survey

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""

# (who is signed in, path, expected status). "{ngo}" is the slug of the cast's migrant association.
PAGES: list[tuple[str | None, str, int]] = [
    (None, "/en/", 200),
    (None, "/en/cities/", 200),
    (None, "/en/cities/prague/", 200),
    (None, "/en/cities/prague/graph/", 200),
    (None, "/en/organisations/", 200),
    (None, "/en/organisations/{ngo}/", 200),
    (None, "/en/networks/", 200),
    (None, "/en/networks/integra/", 200),
    (None, "/en/networks/integra/graph/", 200),
    (None, "/en/networks/sig-prague/map/", 200),
    (None, "/en/figures/", 200),
    (None, "/en/accounts/login/", 200),
    (None, "/en/no-such-page/", 404),
    (None, "/ar/", 200),
    (None, "/fa/organisations/", 200),
    ("org_admin", "/en/me/", 200),
    ("org_admin", "/en/organisations/{ngo}/edit/", 200),
    ("org_admin", "/en/organisations/{ngo}/people/new/", 200),
    ("org_admin", "/en/organisations/{ngo}/ties/new/", 200),
    ("org_admin", "/en/organisations/{ngo}/invite/", 200),
    ("city_team", "/en/networks/sig-prague/map/", 200),
    ("city_team", "/en/log/", 200),
    ("city_team", "/en/import/", 200),
    ("city_team", "/en/networks/sig-prague/edit/", 200),
    ("city_team", "/en/networks/sig-prague/members/add/", 200),
    ("city_team", "/en/networks/sig-prague/meetings/new/", 200),
    ("city_team", "/en/cities/prague/organisations/new/", 200),
    ("org_admin", "/en/me/token/", 200),
    ("org_admin", "/en/me/erase/", 200),
    ("org_admin", "/en/accounts/password/change/", 200),
    ("org_admin", "/en/accounts/2fa/", 200),
    (None, "/en/accounts/password/reset/", 200),
    (None, "/en/privacy/", 200),
    (None, "/uk/networks/integra/", 200),
    (None, "/en/library/", 200),
    (None, "/cs/library/?q=kavárna", 200),
    (None, "/en/library/language-cafe/", 200),
    (None, "/cs/library/language-cafe/", 200),
    (None, "/en/library/flows/", 200),
    (None, "/en/library/export/dictionary/", 200),
    ("city_team", "/en/library/new/", 200),
    ("city_team", "/en/library/review/", 200),
    ("city_team", "/en/library/language-cafe/", 200),
    ("city_team", "/en/library/language-cafe/edit/", 200),
    ("city_team", "/en/library/language-cafe/versions/cs/", 200),
    ("city_team", "/en/library/language-cafe/versions/en/history/", 200),
    ("city_team", "/en/library/language-cafe/attachments/new/", 200),
    ("city_team", "/en/library/language-cafe/adaptations/new/", 200),
    (None, "/en/audit/", 200),
    (None, "/cs/audit/frameworks/small/v1/", 200),
    (None, "/en/audit/rounds/{frozen_round}/", 200),
    ("city_team", "/en/audit/rounds/new/", 200),
    ("city_team", "/en/audit/rounds/{open_round}/", 200),
    ("city_team", "/sk/audit/rounds/{open_round}/agree/", 200),
    ("org_member", "/hr/audit/rounds/{open_round}/answers/", 200),
    ("admin", "/en/audit/frameworks/import/", 200),
    (None, "/bg/audit/rounds/{frozen_round}/compare/", 200),
    (None, "/hr/audit/rounds/{frozen_round}/report/", 200),
    ("city_team", "/en/audit/rounds/{open_round}/evidence/", 200),
    ("city_team", "/cs/audit/rounds/{open_round}/evidence/walk/new/", 200),
    ("city_team", "/en/audit/rounds/{open_round}/evidence/photovoice/new/", 200),
    (None, "/uk/surveys/answer/test-link-token/", 200),
    (None, "/fa/surveys/answer/test-link-token/", 200),
    ("city_team", "/en/surveys/", 200),
    ("city_team", "/cs/surveys/new/", 200),
    ("city_team", "/en/surveys/{survey}/", 200),
    ("city_team", "/en/surveys/{survey}/questions/new/", 200),
    ("city_team", "/en/surveys/{survey}/results/", 200),
    ("city_team", "/en/audit/cities/prague/challenges/", 200),
    ("city_team", "/en/audit/cities/prague/challenges/new/", 200),
    (None, "/it/audit/statistics/", 200),
    (None, "/en/audit/statistics/employment-rate-non-eu/", 200),
    ("admin", "/en/audit/statistics/import/", 200),
    ("city_team", "/en/audit/statistics/figures/new/", 200),
    (None, "/en/agenda/", 200),
    (None, "/cs/agenda/{agenda}/", 200),
    (None, "/en/agenda/{agenda}/timeline/", 200),
    (None, "/bg/agenda/{agenda}/dashboard/", 200),
    (None, "/hr/agenda/{agenda}/progress/", 200),
    (None, "/en/agenda/measures/{measure}/", 200),
    ("city_team", "/en/agenda/cities/prague/", 200),
    ("city_team", "/en/agenda/labs/{lab}/", 200),
    ("city_team", "/it/agenda/cities/prague/labs/new/", 200),
    ("city_team", "/en/agenda/scenarios/{scenario}/edit/", 200),
    ("city_team", "/en/agenda/labs/{lab}/goals/new/", 200),
    ("city_team", "/en/agenda/{agenda}/", 200),
    ("city_team", "/sk/agenda/measures/{measure}/edit/", 200),
    ("city_team", "/en/agenda/measures/{measure}/indicators/new/", 200),
    ("org_member", "/en/agenda/measures/{measure}/updates/new/", 200),
    ("city_team", "/en/agenda/adopt/language-cafe/", 200),
    ("city_team", "/hr/agenda/parts/indicator/{indicator}/edit/", 200),
    ("city_team", "/en/agenda/parts/measure/{measure}/delete/", 200),
    (None, "/uk/events/", 200),
    (None, "/ar/events/language-cafe-prague/", 200),
    (None, "/fa/events/round-table-closed/", 200),
    (None, "/vi/events/registrations/no-such-token/", 404),
    (None, "/ar/events/consultations/", 200),
    (None, "/fa/events/photovoice/my-street/", 200),
    (None, "/uk/events/initiatives/", 200),
    (None, "/ar/events/campaigns/prague-speaks/", 200),
    (None, "/en/events/reach/", 200),
    (None, "/ar/events/initiatives/neighbours-help/", 200),
    ("org_member", "/en/events/photovoice/my-street/queue/", 200),
    ("city_team", "/en/events/manage/", 200),
    ("org_admin", "/cs/events/new/", 200),
    ("org_member", "/en/events/language-cafe-prague/participants/", 200),
]
PAGE_IDS = [f"{who or 'anonymous'}:{path}" for who, path, _status in PAGES]


# Helpers ---------------------------------------------------------------------------------


def _enrich(cast: Cast) -> None:
    """Give the pages something more to show: a placed stakeholder and an audit-log entry."""
    from network import services

    membership = cast.sig.memberships.get(organisation=cast.partner)
    membership.influence, membership.interest = 4, 3
    membership.save()
    cast.ngo.website = "https://ui.example.org"
    services.update_organisation(cast.org_admin, cast.ngo, cast.ngo.version, cast.ngo.save)
    add_library(cast)
    add_audit(cast)
    add_agenda(cast)
    add_events(cast)


def _open(cast: Cast, page_as: Callable[[Any], Any], who: str | None, path: str, status: int) -> Any:
    page = page_as(getattr(cast, who) if who else None)
    rounds = {f"{r.year}": r.pk for r in Round.objects.all()}
    survey = Survey.objects.first()
    response = page.goto(
        path.format(
            ngo=cast.ngo.slug,
            frozen_round=rounds.get("2017"),
            open_round=rounds.get("2018"),
            survey=survey.pk if survey else 0,
            **_plans(),
        )
    )
    got = response.status if response else None
    assert got == status, f"{path}: HTTP {got}, expected {status} ({page.url})"
    if who and "/map/" in path:
        # The city team sees the placement form, not only the grid.
        assert page.get_by_role("button", name="Save the map").is_visible()
    return page


def _plans() -> dict[str, int]:
    from agenda.models import AgendaStatus, Lab, Measure, MeasureIndicator, Scenario

    measure = Measure.objects.filter(agenda__status=AgendaStatus.ADOPTED).first()
    lab, scenario = Lab.objects.first(), Scenario.objects.first()
    indicator = MeasureIndicator.objects.first()
    return {
        "agenda": measure.agenda_id if measure else 0,
        "measure": measure.pk if measure else 0,
        "lab": lab.pk if lab else 0,
        "scenario": scenario.pk if scenario else 0,
        "indicator": indicator.pk if indicator else 0,
    }


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node["summary"] or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any) -> None:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert violations == [], format_violations(page.url, violations)


def sign_in_with_password(page: Any, email: str) -> None:
    page.goto("/en/accounts/login/")
    form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def current_totp_code(user: Any) -> str:
    """The code the user's authenticator app would show now (read from their allauth TOTP secret)."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:  # Do not hand in a code that expires on the way (no tolerance is configured).
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


# 1. Accessibility ------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "path", "status"), PAGES, ids=PAGE_IDS)
def test_axe_finds_no_wcag_violations(
    browser_cast: Cast, page_as: Callable[[Any], Any], who: str | None, path: str, status: int
) -> None:
    _enrich(browser_cast)
    page = _open(browser_cast, page_as, who, path, status)
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("path", "direction"), [("/ar/", "rtl"), ("/fa/organisations/", "rtl"), ("/cs/", "ltr")])
def test_pages_declare_their_writing_direction(
    browser_cast: Cast, anonymous_page: Any, path: str, direction: str
) -> None:
    anonymous_page.goto(path)
    assert anonymous_page.evaluate("() => document.documentElement.dir") == direction
    assert anonymous_page.evaluate("() => document.documentElement.lang") == path.split("/")[1]


# 2. One <h1> per page ----------------------------------------------------------------------


@pytest.mark.parametrize(("who", "path", "status"), PAGES, ids=PAGE_IDS)
def test_each_page_has_exactly_one_h1(
    browser_cast: Cast, page_as: Callable[[Any], Any], who: str | None, path: str, status: int
) -> None:
    _enrich(browser_cast)
    page = _open(browser_cast, page_as, who, path, status)
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{page.url} has {len(headings)} <h1> elements: {headings}"
    assert headings[0].strip(), f"{page.url} has an empty <h1>"


# 3. Language switcher ----------------------------------------------------------------------


def test_the_language_switcher_works_without_javascript(browser_cast: Cast, new_context: Callable[..., Any]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/organisations/?kind=school")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("details.language summary").click()
    page.get_by_role("link", name="Čeština", exact=True).click()
    page.wait_for_url(re.compile(r"/cs/organisations/\?kind=school$"))
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator("html").get_attribute("dir") == "ltr"
    # The interface itself is in Czech, not only the address.
    assert page.locator("details.language summary").inner_text().startswith("Jazyk")


def test_the_language_switcher_names_each_language_in_itself(browser_cast: Cast, anonymous_page: Any) -> None:
    """The switcher offers "Čeština", "Hrvatski", ... as settings.LANGUAGES names them."""
    from django.conf import settings

    page = anonymous_page
    page.goto("/en/organisations/")
    links = page.locator("details.language li a")
    offered = [(link.get_attribute("lang"), (link.text_content() or "").strip()) for link in links.all()]
    assert offered == [(code, str(name)) for code, name in settings.LANGUAGES]
    page.locator("details.language summary").click()
    page.get_by_role("link", name="العربية", exact=True).click()
    page.wait_for_url(re.compile(r"/ar/organisations/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"


# 4. An organisation admin edits their organisation --------------------------------------


def test_an_organisation_admin_edits_the_website(browser_cast: Cast, new_context: Callable[..., Any]) -> None:
    page = new_context().new_page()
    sign_in_with_password(page, "orgadmin@example.org")
    assert page.url.endswith("/en/me/"), page.url
    page.goto(f"/en/organisations/{browser_cast.ngo.slug}/")
    page.locator("p.actions").get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url(re.compile(rf"/en/organisations/{browser_cast.ngo.slug}/edit/$"))
    page.get_by_label("Website").fill("https://ukrainian-initiative.example.org")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/en/organisations/{browser_cast.ngo.slug}/$"))
    assert page.locator(".messages").inner_text().strip() == "The organisation was saved."
    link = page.get_by_role("link", name="https://ukrainian-initiative.example.org")
    assert link.get_attribute("href") == "https://ukrainian-initiative.example.org"
    browser_cast.ngo.refresh_from_db()
    assert browser_cast.ngo.website == "https://ukrainian-initiative.example.org"


# 5. A stale edit is refused ----------------------------------------------------------------


def test_a_stale_edit_is_refused(browser_cast: Cast, signed_in_page: Callable[[Any], Any]) -> None:
    edit = f"/en/organisations/{browser_cast.ngo.slug}/edit/"
    first = signed_in_page(browser_cast.org_admin)
    second = first.context.new_page()
    first.goto(edit)
    second.goto(edit)
    first.get_by_label("Website").fill("https://first.example.org")
    first.get_by_role("button", name="Save", exact=True).click()
    first.wait_for_url(re.compile(rf"/en/organisations/{browser_cast.ngo.slug}/$"))
    second.get_by_label("Website").fill("https://second.example.org")
    with second.expect_navigation():
        second.get_by_role("button", name="Save", exact=True).click()
    assert second.url.endswith(edit)
    alert = second.locator("form .errors[role=alert]")
    assert "Someone else changed this record" in alert.inner_text()
    browser_cast.ngo.refresh_from_db()
    assert browser_cast.ngo.website == "https://first.example.org"
    first.goto(f"/en/organisations/{browser_cast.ngo.slug}/")
    assert first.get_by_role("link", name="https://first.example.org").is_visible()


# 6. The coordinator signs in with a second factor -----------------------------------------


def test_the_coordinator_signs_in_with_password_and_totp(browser_cast: Cast, new_context: Callable[..., Any]) -> None:
    page = new_context().new_page()
    sign_in_with_password(page, "coordinator@example.org")
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    code_field = page.locator('input[name="code"]')
    code_field.fill(current_totp_code(browser_cast.coordinator))
    code_field.press("Enter")
    page.wait_for_url(re.compile(r"/en/me/$"))
    assert page.locator("h1").inner_text() == "My workspace"
    assert "Signed in as coordinator@example.org." in page.locator("main").inner_text()
    assert page.locator("main").get_by_role("link", name="INTEGRA", exact=True).is_visible()


# 7. Keyboard -------------------------------------------------------------------------------


def test_the_first_tab_focuses_the_skip_link(browser_cast: Cast, anonymous_page: Any) -> None:
    page = anonymous_page
    page.goto("/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to content", "href": "#main"}
    box = page.locator("a.skip").bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], (
        f"focused skip link is off screen: {box}"
    )
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


# 8. Nothing is fetched from other hosts ----------------------------------------------------


def test_no_request_leaves_the_host(browser_cast: Cast, new_context: Callable[..., Any], live_server: Any) -> None:
    page = new_context().new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in (
        "/en/",
        f"/en/organisations/{browser_cast.ngo.slug}/",
        "/en/networks/integra/graph/",
        "/en/accounts/login/",
        "/ar/",
        "/en/organisations/",
    ):
        page.goto(path)
    # The filters fetch their results with htmx: that request stays home too.
    with page.expect_response(lambda response: "kind=school" in response.url):
        page.get_by_label("Type", exact=True).select_option(value="school")
    page.wait_for_load_state("networkidle")
    assert any("kind=school" in url for url in requested)
    elsewhere = [url for url in requested if not url.startswith(live_server.url + "/")]
    assert elsewhere == [], f"requests left {live_server.url}: {elsewhere}"


# 8. The library, from writing to finding --------------------------------------------------


def test_a_resource_is_written_reviewed_and_found_in_the_browser(
    browser_cast: Cast, new_context: Callable[..., Any], signed_in_page: Callable[[Any], Any]
) -> None:
    """Czech UI to write and submit, the coordinator publishes, a Croatian reader finds it."""
    from django.utils import translation

    from library.forms import ResourceForm, TextForm
    from library.models import Resource

    with translation.override("cs"):
        fields = {**ResourceForm().fields, **TextForm(prefix="text").fields}
        labels = {
            name: str(fields[name].label) for name in ("kind", "organisation", "country", "year", "title", "summary")
        }
        labels |= {key: str(translation.gettext(key)) for key in ("Save", "Submit for review")}
    page = new_context().new_page()
    sign_in_with_password(page, "orgadmin@example.org")
    page.goto("/cs/library/new/")
    page.get_by_label(re.compile(rf"^{re.escape(labels['kind'])}")).and_(page.locator("#id_kind")).select_option(
        "good_practice"
    )
    page.get_by_label(re.compile(rf"^{re.escape(labels['organisation'])}")).and_(
        page.locator("#id_organisation")
    ).select_option(label=browser_cast.ngo.name)
    page.get_by_label(re.compile(rf"^{re.escape(labels['country'])}")).and_(page.locator("#id_country")).select_option(
        "CZ"
    )
    page.get_by_label(re.compile(rf"^{re.escape(labels['year'])}")).and_(page.locator("#id_year")).fill("2019")
    page.get_by_label(re.compile(rf"^{re.escape(labels['title'])}")).and_(page.locator("#id_text-title")).fill(
        "Sousedské večery s ukrajinskými rodinami"
    )
    page.get_by_label(re.compile(rf"^{re.escape(labels['summary'])}")).and_(page.locator("#id_text-summary")).fill(
        "Jednou měsíčně se sousedé a nově příchozí rodiny potkávají při společné večeři."
    )
    page.get_by_role("button", name=labels["Save"], exact=True).click()
    page.wait_for_url(re.compile(r"/cs/library/[\w-]+/$"))
    page.get_by_role("button", name=labels["Submit for review"]).click()
    page.wait_for_url(re.compile(r"/cs/library/[\w-]+/$"))
    resource = Resource.objects.get()
    assert resource.status == "submitted"
    assert resource.organisation == browser_cast.ngo

    # The NGO is not a partnership member: its country's library editor reviews it.
    from network.models import Role, RoleKind

    Role.objects.create(user=browser_cast.coordinator, kind=RoleKind.EDITOR, country_id="CZ")
    editor = signed_in_page(browser_cast.coordinator)
    editor.goto(f"/en/library/{resource.slug}/")
    editor.get_by_role("button", name="Publish", exact=True).click()
    editor.wait_for_url(re.compile(rf"/en/library/{resource.slug}/$"))
    resource.refresh_from_db()
    assert resource.status == "published"

    reader = new_context().new_page()
    reader.goto("/hr/library/?q=susjedske+veceri+obitelji")
    hit = reader.locator("article.hit h3 a").first
    assert hit.inner_text() == "Sousedské večery s ukrajinskými rodinami"
    hit.click()
    reader.wait_for_url(re.compile(rf"/hr/library/{resource.slug}/$"))
    with translation.override("hr"):
        assert str(translation.gettext("Good practice")) in reader.locator("p.kicker").inner_text()
