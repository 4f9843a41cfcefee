"""The named test cast and small factories, shared by every app's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from accounts.models import User
from network.models import (
    Area,
    City,
    Country,
    Membership,
    Network,
    NetworkKind,
    NetworkText,
    Organisation,
    Person,
    Provenance,
    Role,
    RoleKind,
    Tie,
)

PASSWORD = "a-long-test-password-1"


def make_country(code: str = "CZ", name: str = "Czechia") -> Country:
    country, _ = Country.objects.get_or_create(code=code, defaults={"names": {"en": name}})
    return country


def make_city(slug: str = "prague", name: str = "Prague", country: str = "CZ") -> City:
    return City.objects.create(slug=slug, name=name, country=make_country(country, country))


def make_organisation(city: City, name: str, kind: str = "ngo", **extra: Any) -> Organisation:
    from django.utils.text import slugify

    return Organisation.objects.create(city=city, name=name, slug=slugify(name), kind=kind, **extra)


def make_user(email: str, *, second_factor: bool = True, **extra: Any) -> User:
    user = User.objects.create_user(email, PASSWORD, **extra)
    if second_factor:
        give_second_factor(user)
    return user


def give_second_factor(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


@dataclass
class Cast:
    """Coordinator, city team member, organisation admin and member, outsider."""

    prague: City
    sofia: City
    partner: Organisation
    ngo: Organisation
    school: Organisation
    sofia_ngo: Organisation
    partnership: Network
    sig: Network
    coordinator: User
    city_team: User
    org_admin: User
    org_member: User
    outsider: User
    admin: User
    person: Person


def build_cast() -> Cast:
    prague = make_city("prague", "Prague", "CZ")
    sofia = make_city("sofia", "Sofia", "BG")
    Area.objects.create(code="education", names={"en": "Education", "cs": "Vzdělávání"})
    partner = make_organisation(prague, "Integration Centre Prague")
    ngo = make_organisation(prague, "Ukrainian Initiative", kind="migrant_association")
    school = make_organisation(prague, "Primary School Vlna", kind="school")
    sofia_ngo = make_organisation(sofia, "Sofia Development Association")
    partnership = Network.objects.create(
        slug="integra", name="INTEGRA", kind=NetworkKind.PARTNERSHIP, start=date(2018, 1, 1), end=date(2019, 12, 31)
    )
    NetworkText.objects.create(
        network=partnership, language="en", description="City-to-city partnership.", provenance=Provenance.ORIGINAL
    )
    NetworkText.objects.create(
        network=partnership, language="cs", description="Partnerství měst.", provenance=Provenance.HUMAN
    )
    sig = Network.objects.create(slug="sig-prague", name="SIG Prague", kind=NetworkKind.SIG, city=prague)
    Membership.objects.create(network=partnership, organisation=partner, role="partner")
    Membership.objects.create(network=partnership, organisation=sofia_ngo, role="coordinator")
    for organisation in (partner, ngo, school):
        Membership.objects.create(network=sig, organisation=organisation)
    Tie.objects.create(source=partner, target=sofia_ngo)
    coordinator = make_user("coordinator@example.org")
    Role.objects.create(user=coordinator, kind=RoleKind.COORDINATOR, network=partnership)
    city_team = make_user("team@example.org")
    Role.objects.create(user=city_team, kind=RoleKind.CITY_TEAM, city=prague)
    org_admin = make_user("orgadmin@example.org", second_factor=False)
    Role.objects.create(user=org_admin, kind=RoleKind.ORG_ADMIN, organisation=ngo)
    org_member = make_user("member@example.org", second_factor=False)
    Role.objects.create(user=org_member, kind=RoleKind.ORG_MEMBER, organisation=ngo)
    outsider = make_user("outsider@example.org", second_factor=False)
    admin = User.objects.create_superuser("admin@example.org", PASSWORD)
    give_second_factor(admin)
    person = Person.objects.create(
        organisation=ngo, name="Olena Testova", email="olena@example.org", phone="+420 777 123 456", user=org_member
    )
    return Cast(
        prague=prague,
        sofia=sofia,
        partner=partner,
        ngo=ngo,
        school=school,
        sofia_ngo=sofia_ngo,
        partnership=partnership,
        sig=sig,
        coordinator=coordinator,
        city_team=city_team,
        org_admin=org_admin,
        org_member=org_member,
        outsider=outsider,
        admin=admin,
        person=person,
    )


@dataclass
class Shelf:
    """A published good practice of a partnership member and a draft of the NGO."""

    practice: Any
    draft: Any


def _saved(instance: Any) -> Any:
    instance.save()
    return instance


def add_library(cast: Cast) -> Shelf:
    from library import services
    from library.models import Resource, ResourceText

    def resource(slug: str, owner: Organisation, kind: str, title: str, summary: str) -> Any:
        item = Resource(
            slug=slug,
            kind=kind,
            original_language="en",
            organisation=owner,
            city=owner.city,
            country=owner.city.country,
            year=2019,
        )
        return services.create_resource(
            cast.admin, lambda: _saved(item), ResourceText(title=title, summary=summary, body="<p>Body.</p>")
        )

    practice = resource(
        "language-cafe",
        cast.partner,
        "good_practice",
        "Language café for newcomers",
        "Weekly conversation evenings where newcomers practise Czech with volunteers.",
    )
    services.transition(cast.admin, practice, "publish")
    draft = resource("draft-guide", cast.ngo, "toolkit", "Draft guide", "A guide still being written.")
    return Shelf(practice=practice, draft=draft)


@dataclass
class Audit:
    """A small framework, Prague's open round (the NGO's member invited) and a frozen earlier one."""

    framework: Any
    open_round: Any
    frozen_round: Any
    survey: Any = None
    link: Any = None


def add_audit(cast: Cast) -> Audit:
    from audit import frameworks, services
    from audit.testing import small_data

    framework = frameworks.import_framework(small_data())
    frozen = services.open_round(cast.city_team, cast.prague, framework, 2017, "Baseline 2017")
    services.freeze(cast.city_team, frozen)
    current = services.open_round(cast.city_team, cast.prague, framework, 2018, "Follow-up 2018")
    services.invite(cast.city_team, current, cast.org_member, cast.ngo)
    from audit.models import Challenge, StatIndicator, StatValue

    Challenge.objects.create(city=cast.prague, title="Signage only in Czech", source_round=frozen)
    employment = StatIndicator.objects.create(
        code="employment-rate-non-eu", names={"en": "Employment rate of non-EU citizens"}, unit="%"
    )
    for year, value in ((2017, 61.2), (2018, 63.0)):
        StatValue.objects.create(indicator=employment, country_id="CZ", year=year, value=value)
        StatValue.objects.create(indicator=employment, city=cast.prague, year=year, value=value + 4)
    from audit.models import CityWalk, FocusGroup, WalkPoint

    FocusGroup.objects.create(
        round=current,
        held=date(2018, 5, 14),
        theme="Access to services",
        participants={"tcn": 6, "ngo": 2},
        quotes="Forms only in Czech.",
    )
    walk = CityWalk.objects.create(round=current, held=date(2018, 6, 2), route="Station - city hall")
    WalkPoint.objects.create(walk=walk, place="Bus station", note="Signs only in Czech.")
    from surveys.models import Survey, SurveyLink, SurveyQuestion

    survey = Survey.objects.create(
        city=cast.prague,
        languages=["cs", "uk"],
        titles={"cs": "Jak se vám žije?", "uk": "Як вам живеться?"},
        status="open",
    )
    SurveyQuestion.objects.create(
        survey=survey,
        kind="single",
        texts={"cs": "Cítíte se vítáni?", "uk": "Чи почуваєтеся ви бажаними?"},
        options=[
            {"code": "o1", "labels": {"cs": "Ano", "uk": "Так"}},
            {"code": "o2", "labels": {"cs": "Ne", "uk": "Ні"}},
        ],
    )
    SurveyQuestion.objects.create(survey=survey, kind="scale", texts={"cs": "Jak bezpečně se cítíte?"})
    SurveyQuestion.objects.create(survey=survey, kind="text", texts={"cs": "Co změnit?"})
    link = SurveyLink.objects.create(survey=survey, label="Leták", token="test-link-token")  # noqa: S106 (a link token, not a secret)
    return Audit(framework=framework, open_round=current, frozen_round=frozen, survey=survey, link=link)


@dataclass
class Plans:
    """Prague's lab, its adopted agenda (a measure led by the NGO, with an indicator and an update) and a draft."""

    lab: Any
    scenario: Any
    agenda: Any
    measure: Any
    indicator: Any
    draft: Any
    draft_measure: Any


def add_agenda(cast: Cast) -> Plans:
    from agenda.models import (
        Agenda,
        AgendaStatus,
        Driver,
        Goal,
        Lab,
        LabGoal,
        Measure,
        MeasureIndicator,
        Proposal,
        Scenario,
        SwotItem,
    )
    from agenda.services import post_update
    from audit.models import Challenge

    lab = Lab.objects.create(
        city=cast.prague,
        title="Integration Lab 2019",
        start=date(2019, 3, 12),
        end=date(2019, 3, 13),
        place="Prague city hall",
        participants={"local_government": 6, "ngo": 8, "tcn": 4},
    )
    driver = Driver.objects.create(lab=lab, name="Labour shortage", impact=5, uncertainty=4)
    scenario = Scenario.objects.create(lab=lab, name="Open city", narrative="Arrivals grow and the city welcomes them.")
    scenario.states.create(driver=driver, state="Employers recruit abroad")
    SwotItem.objects.create(lab=lab, kind="S", text="Strong NGO network")
    challenge = Challenge.objects.create(city=cast.prague, title="Few interpreters in offices")
    lab_goal = LabGoal.objects.create(lab=lab, title="Offices speak newcomers' languages")
    lab_goal.challenges.add(challenge)
    Proposal.objects.create(goal=lab_goal, title="Interpreter pool", lead=cast.ngo, resources_needed="2 interpreters")
    agenda = Agenda.objects.create(
        city=cast.prague,
        title="Prague Integration Agenda 2020-2022",
        start_year=2020,
        end_year=2022,
        status=AgendaStatus.ADOPTED,
        adopted_on=date(2019, 12, 10),
        adopted_by="City council",
        lab=lab,
        first_report=date(2020, 6, 30),
    )
    goal = Goal.objects.create(agenda=agenda, title="Offices speak newcomers' languages")
    goal.challenges.add(challenge)
    measure = Measure.objects.create(
        agenda=agenda,
        goal=goal,
        title="Interpreter pool for city offices",
        description="Interpreters on call for Ukrainian, Vietnamese and Russian.",
        lead=cast.ngo,
        start=date(2020, 1, 1),
        end=date(2021, 12, 31),
        internal_notes="Budget line not yet confirmed.",
    )
    measure.partners.add(cast.partner)
    measure.challenges.add(challenge)
    measure.scenarios.add(scenario)
    indicator = MeasureIndicator.objects.create(
        measure=measure,
        name="Offices with an interpreter on call",
        value_type="count",
        baseline=0,
        baseline_year=2019,
        target=12,
        target_year=2021,
    )
    post_update(
        cast.city_team,
        measure,
        status="on_track",
        percent_done=40,
        narrative="Four offices joined.",
        internal_note="The NGO asks for more funds.",
    )
    draft = Agenda.objects.create(
        city=cast.prague, title="Prague agenda 2023-2027 (draft)", start_year=2023, end_year=2027
    )
    draft_measure = Measure.objects.create(
        agenda=draft, title="Welcome desk", start=date(2023, 1, 1), end=date(2024, 12, 31)
    )
    return Plans(
        lab=lab,
        scenario=scenario,
        agenda=agenda,
        measure=measure,
        indicator=indicator,
        draft=draft,
        draft_measure=draft_measure,
    )


@dataclass
class Events:
    """Prague's upcoming language café with two places, an event whose sign-up has closed, and a draft."""

    cafe: Any
    closed: Any
    draft: Any


def add_events(cast: Cast) -> Events:
    from datetime import timedelta

    from django.utils import timezone

    from participation.models import Event

    now = timezone.now()
    cafe = Event.objects.create(
        slug="language-cafe-prague",
        city=cast.prague,
        organiser=cast.ngo,
        kind="language_cafe",
        titles={"en": "Language café", "cs": "Jazyková kavárna", "uk": "Мовне кафе"},
        descriptions={"en": "Practise Czech over tea.", "uk": "Практикуйте чеську за чаєм."},
        starts=now + timedelta(days=10),
        ends=now + timedelta(days=10, hours=2),
        venue="Library Vlna",
        address="Vlnitá 1, Praha 4",
        accessibility="Step-free entrance; children welcome.",
        languages=["cs", "en"],
        interpreting=["uk", "ar"],
        capacity=2,
        status="published",
    )
    closed = Event.objects.create(
        slug="round-table-closed",
        city=cast.prague,
        organiser=cast.partner,
        kind="round_table",
        titles={"en": "Round table on housing"},
        starts=now + timedelta(days=3),
        ends=now + timedelta(days=3, hours=3),
        languages=["cs"],
        registration_closes=now - timedelta(days=1),
        status="published",
    )
    draft = Event.objects.create(
        slug="draft-walk",
        city=cast.prague,
        organiser=cast.ngo,
        kind="city_walk",
        titles={"en": "City walk (draft)"},
        starts=now + timedelta(days=20),
        ends=now + timedelta(days=20, hours=2),
        languages=["cs"],
    )
    from participation.models import Initiative, PhotovoiceCall

    cafe_club = Initiative.objects.create(
        slug="neighbours-help",
        city=cast.prague,
        kind="volunteering",
        titles={"en": "Neighbours help", "uk": "Сусіди допомагають"},
        descriptions={"en": "Residents help newcomers with forms."},
        how_to_join={"en": "Come on Tuesdays at 5 pm to Library Vlna.", "uk": "Приходьте щовівторка о 17:00."},
    )
    cafe_club.organisers.add(cast.ngo)
    from participation.models import Campaign

    campaign = Campaign.objects.create(
        slug="prague-speaks",
        city=cast.prague,
        organiser=cast.ngo,
        titles={"en": "Prague speaks many languages", "uk": "Прага говорить багатьма мовами"},
        goals={"en": "Show the languages of Prague's residents."},
        starts=now.date(),
        ends=(now + timedelta(days=60)).date(),
        channels=["posters", "events"],
        reached_otherwise=1200,
    )
    campaign.events.add(cafe)

    PhotovoiceCall.objects.create(
        slug="my-street",
        city=cast.prague,
        organiser=cast.ngo,
        titles={"en": "My street", "uk": "Моя вулиця"},
        prompts={"en": "Show us a place where you feel at home.", "uk": "Покажіть місце, де ви почуваєтеся як удома."},
        closes=now + timedelta(days=30),
    )
    return Events(cafe=cafe, closed=closed, draft=draft)
