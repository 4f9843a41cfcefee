"""Load the INTEGRA partnership as demo data. Safe to run again: it never duplicates."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from network.graphs import store_platform_figures
from network.models import (
    Area,
    City,
    Consent,
    Country,
    Meeting,
    MeetingKind,
    MemberRole,
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
    Visibility,
)
from network.services import CONSENT_WORDING_VERSION, CONTACT_PURPOSE

VOCABULARIES = Path(__file__).resolve().parents[2] / "fixtures" / "vocabularies.json"
DEMO_PASSWORD = "integra-demo-2026"

CITIES = [
    # slug, name, country, local names, population, foreign residents, context
    (
        "sofia",
        "Sofia",
        "BG",
        {"bg": "София"},
        1_236_000,
        None,
        "Capital of Bulgaria. The country counted 70,920 non-EU citizens on 1 January 2018.",
    ),
    (
        "prague",
        "Prague",
        "CZ",
        {"cs": "Praha", "it": "Praga", "hr": "Prag", "bg": "Прага", "sk": "Praha"},
        1_309_000,
        190_000,
        "About one resident in seven is of foreign origin; Ukrainians (over 51,000) and Vietnamese (over 13,000) are the largest groups (end of 2018).",
    ),
    (
        "kosice",
        "Košice",
        "SK",
        {"bg": "Кошице"},
        238_000,
        4_800,
        "Second city of Slovakia; third-country nationals make up about 2 % of residents.",
    ),
    (
        "osijek",
        "Osijek",
        "HR",
        {"bg": "Осиек"},
        96_000,
        700,
        "Foreigners are under 1 % of residents in Croatia; monolingual signage was the main barrier found by the audit.",
    ),
    (
        "rubano",
        "Rubano",
        "IT",
        {},
        16_700,
        1_300,
        "A town near Padua; Italy had 3,714,934 non-EU citizens with a permit on 1 January 2018.",
    ),
    (
        "brussels",
        "Brussels",
        "BE",
        {"it": "Bruxelles", "cs": "Brusel", "sk": "Brusel", "hr": "Bruxelles", "bg": "Брюксел"},
        1_220_000,
        None,
        "",
    ),
]

PARTNERS = [
    # slug, name, acronym, city, kind, role, website, areas
    (
        "sofia-development-association",
        "Sofia Development Association",
        "SDA",
        "sofia",
        "ngo",
        MemberRole.COORDINATOR,
        "https://sofiaplatform.eu",
        ["services", "participation"],
    ),
    (
        "riskmonitor-foundation",
        "RiskMonitor Foundation",
        "RM",
        "sofia",
        "research",
        MemberRole.PARTNER,
        "https://riskmonitor.bg",
        ["research", "safety"],
    ),
    (
        "integration-centre-prague",
        "Integration Centre Prague",
        "ICP",
        "prague",
        "ngo",
        MemberRole.PARTNER,
        "https://icpraha.com",
        ["language", "legal-advice", "services"],
    ),
    (
        "rissc",
        "RISSC – Centre for Research and Studies on Security and Crime",
        "RISSC",
        "rubano",
        "research",
        MemberRole.PARTNER,
        "https://www.rissc.it",
        ["research", "safety"],
    ),
    (
        "centre-for-peace-osijek",
        "Centre for Peace, Non-violence and Human Rights Osijek",
        "CPO",
        "osijek",
        "ngo",
        MemberRole.PARTNER,
        "https://www.centar-za-mir.hr",
        ["anti-discrimination", "participation"],
    ),
    (
        "etp-slovakia",
        "ETP Slovakia – Centre for Sustainable Development",
        "ETP",
        "kosice",
        "ngo",
        MemberRole.PARTNER,
        "https://www.etp.sk",
        ["inclusion", "education"],
    ),
]

# Each city's Stakeholder Integration Group: invented member organisations of the usual types.
SIG_MEMBERS: dict[str, list[tuple[str, str, list[str]]]] = {
    "sofia": [
        ("Sofia Municipality – Social Activities Directorate", "municipal_department", ["services", "inclusion"]),
        ("State Agency for Refugees – Sofia Office", "state_body", ["legal-advice", "housing"]),
        ("Migration Directorate Sofia", "migration_office", ["legal-advice"]),
        ("Sofia Labour Office Directorate", "labour_office", ["employment"]),
        ("Council of Refugee Women in Bulgaria", "migrant_association", ["participation", "inclusion"]),
        ("Caritas Sofia", "charity", ["housing", "health"]),
        ("Multi Kulti Collective", "ngo", ["culture", "language"]),
        ("Sofia University – Migration Research Group", "research", ["research"]),
    ],
    "prague": [
        ("Prague City Hall – Department of Social Affairs", "municipal_department", ["services", "inclusion"]),
        ("Prague 3 Municipal District", "municipality", ["services"]),
        ("Ministry of the Interior – Foreigners' Office Prague", "migration_office", ["legal-advice"]),
        ("Ukrainian Initiative in Prague", "migrant_association", ["participation", "culture"]),
        ("Vietnamese Community Club Prague", "migrant_association", ["language", "participation"]),
        ("InBáze", "ngo", ["participation", "education"]),
        ("Primary School Vlna", "school", ["education", "language"]),
        ("Prague Employers' Forum", "employer", ["employment"]),
        ("Czech Radio – Multicultural Desk", "media", ["culture"]),
    ],
    "kosice": [
        ("City of Košice – Social Affairs Department", "municipal_department", ["services"]),
        ("Košice Self-governing Region", "region", ["services", "education"]),
        ("Foreign Police Department Košice", "foreign_police", ["legal-advice"]),
        ("Labour Office Košice", "labour_office", ["employment"]),
        ("Technical University of Košice – International Office", "research", ["education"]),
        ("Mareena", "ngo", ["participation", "language"]),
        ("Košice Welcome Club", "migrant_association", ["inclusion"]),
    ],
    "osijek": [
        ("City of Osijek – Department of Social Welfare", "municipal_department", ["services", "inclusion"]),
        ("Osijek-Baranja County", "region", ["services"]),
        ("Police Administration Osijek-Baranja – Foreigners' Unit", "foreign_police", ["legal-advice", "safety"]),
        ("Croatian Employment Service – Osijek", "labour_office", ["employment"]),
        ("Josip Juraj Strossmayer University of Osijek", "research", ["research", "education"]),
        ("Red Cross Osijek", "charity", ["health", "housing"]),
        ("Osijek Intercultural Association", "migrant_association", ["participation", "culture"]),
    ],
    "rubano": [
        ("Municipality of Rubano – Social Services", "municipality", ["services", "inclusion"]),
        ("Padua Prefecture – Territorial Council for Immigration", "state_body", ["legal-advice"]),
        ("Rubano Parish Listening Centre", "faith", ["inclusion"]),
        ("Cooperativa Accoglienza Veneta", "reception", ["housing", "employment"]),
        ("Istituto Comprensivo Rubano", "school", ["education", "language"]),
        ("Associazione Donne Migranti Padova", "migrant_association", ["participation"]),
    ],
}

MEETINGS = [
    (
        "Kick-off meeting",
        MeetingKind.PARTNER_MEETING,
        date(2018, 2, 21),
        date(2018, 2, 23),
        "sofia",
        "The partners met, agreed the first deliverables and planned the next steps.",
    ),
    (
        "Partner meeting in Rubano",
        MeetingKind.PARTNER_MEETING,
        date(2018, 5, 30),
        date(2018, 6, 1),
        "rubano",
        "Audit methods compared; photovoice and city walks planned.",
    ),
    (
        "Partner meeting in Sofia",
        MeetingKind.PARTNER_MEETING,
        date(2019, 2, 13),
        date(2019, 2, 15),
        "sofia",
        "Audit findings and Integration Lab results compared across the five cities.",
    ),
    (
        "Policy briefing in Brussels",
        MeetingKind.POLICY_BRIEFING,
        date(2019, 6, 11),
        date(2019, 6, 11),
        "brussels",
        "City Integration Agendas and policy recommendations presented to EU institutions.",
    ),
]

DESCRIPTION_EN = (
    "INTEGRA – Integration of Third Country Nationals through Urban Partnerships – seeks to improve the "
    "long-term integration of third-country nationals in five EU states (Bulgaria, Croatia, Czechia, Italy, "
    "Slovakia) through city-to-city knowledge and experience sharing. Partners identify current and future "
    "challenges and develop concrete local actions; the main outputs are local and cross-border networks, "
    "methodologies and tools that local stakeholders can use to involve third-country nationals in civic "
    "initiatives."
)
DESCRIPTION_CS = (
    "Projekt INTEGRA má za cíl vylepšit proces integrace cizinců z třetích zemí v pěti zemích EU (Bulharsko, "
    "Chorvatsko, Česká republika, Itálie, Slovensko) pomocí sdílených zkušeností a znalostí na úrovni měst. "
    "Partneři identifikují stávající a budoucí výzvy v oblasti integrace a vytvářejí konkrétní opatření na "
    "lokální úrovni. Hlavními výstupy jsou mezinárodní síť, metodiky a nástroje k zapojení cizinců z třetích "
    "zemí do iniciativ na lokální úrovni."
)

# Invented people; none is a real private person.
PEOPLE = [
    ("sofia-development-association", "Mira Dobreva", "Project coordinator", "mira.dobreva@example.org"),
    ("integration-centre-prague", "Tomáš Novotný", "Project manager", "tomas.novotny@example.org"),
    ("etp-slovakia", "Zuzana Kováčová", "Integration officer", "zuzana.kovacova@example.org"),
    ("centre-for-peace-osijek", "Ivana Horvat", "Programme lead", "ivana.horvat@example.org"),
    ("rissc", "Giulia Bianchi", "Researcher", "giulia.bianchi@example.org"),
]

USERS = [
    # email, name, description, roles as (kind, slug)
    ("admin@integra.test", "Platform Admin", "platform admin", [], True),
    (
        "coordinator@integra.test",
        "Nadia Coordinator",
        "network coordinator of INTEGRA",
        [(RoleKind.COORDINATOR, "integra")],
        False,
    ),
    (
        "prague.team@integra.test",
        "Petra City-Team",
        "city team member in Prague",
        [(RoleKind.CITY_TEAM, "prague")],
        False,
    ),
    (
        "stakeholder@integra.test",
        "Oleh Stakeholder",
        "admin of the Ukrainian Initiative in Prague",
        [(RoleKind.ORG_ADMIN, "ukrainian-initiative-in-prague")],
        False,
    ),
]


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)[:200]


class Command(BaseCommand):
    help = "Load the INTEGRA partnership as demo data (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = self._load()
        if created:
            store_platform_figures()
        self.stdout.write("Demo data " + ("loaded." if created else "already present; nothing changed."))
        if not options["quiet_logins"]:
            self._print_logins()

    def _load(self) -> bool:
        if Network.objects.filter(slug="integra").exists():
            return False
        vocab = json.loads(VOCABULARIES.read_text(encoding="utf-8"))
        for code, names in vocab["countries"].items():
            Country.objects.update_or_create(code=code, defaults={"names": names})
        for code, names in vocab["areas"].items():
            Area.objects.update_or_create(code=code, defaults={"names": names})
        areas = {a.code: a for a in Area.objects.all()}
        cities = {}
        for slug, name, country, names, population, foreign, context in CITIES:
            cities[slug], _ = City.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "country_id": country,
                    "names": names,
                    "population": population,
                    "foreign_residents": foreign,
                    "context": context,
                },
            )
        partnership = self._partnership(cities, areas)
        self._sigs(cities, areas, partnership)
        self._ties(areas)
        self._people()
        self._users()
        return True

    def _organisation(
        self, slug: str, name: str, city: City, kind: str, area_codes: list[str], areas: dict[str, Area], **extra: Any
    ) -> Organisation:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "city": city, "kind": kind, **extra}
        )
        organisation.areas.set([areas[code] for code in area_codes])
        return organisation

    def _partnership(self, cities: dict[str, City], areas: dict[str, Area]) -> Network:
        partnership = Network.objects.create(
            slug="integra",
            name="INTEGRA – Integration of Third Country Nationals through Urban Partnerships",
            acronym="INTEGRA",
            kind=NetworkKind.PARTNERSHIP,
            funding="EU Asylum, Migration and Integration Fund (AMIF)",
            grant_number="776047",
            start=date(2018, 1, 1),
            end=date(2019, 12, 31),
        )
        NetworkText.objects.create(
            network=partnership, language="en", description=DESCRIPTION_EN, provenance=Provenance.ORIGINAL
        )
        NetworkText.objects.create(
            network=partnership, language="cs", description=DESCRIPTION_CS, provenance=Provenance.HUMAN
        )
        for slug, name, acronym, city, kind, role, website, area_codes in PARTNERS:
            organisation = self._organisation(
                slug, name, cities[city], kind, area_codes, areas, acronym=acronym, website=website
            )
            Membership.objects.create(
                network=partnership,
                organisation=organisation,
                role=role,
                joined=date(2018, 1, 1),
                influence=4 if role == MemberRole.COORDINATOR else 3,
                interest=5,
            )
            if role == MemberRole.COORDINATOR:
                partnership.lead = organisation
                partnership.save(update_fields=["lead"])
        for title, kind, start, end, city, summary in MEETINGS:
            Meeting.objects.create(
                network=partnership,
                title=title,
                kind=kind,
                start=start,
                end=end,
                city=cities[city],
                place=cities[city].name,
                summary=summary,
            )
        return partnership

    def _sigs(self, cities: dict[str, City], areas: dict[str, Area], partnership: Network) -> None:
        partner_in = {city: slug for slug, _n, _a, city, *_rest in PARTNERS}
        for city_slug, members in SIG_MEMBERS.items():
            city = cities[city_slug]
            sig = Network.objects.create(
                slug=f"sig-{city_slug}",
                name=f"Stakeholder Integration Group {city.name}",
                acronym=f"SIG {city.name}",
                kind=NetworkKind.SIG,
                city=city,
                start=date(2018, 3, 1),
            )
            NetworkText.objects.create(
                network=sig,
                language="en",
                provenance=Provenance.ORIGINAL,
                description=f"The local group of organisations that steers integration work in {city.name}: it checks "
                "audit findings, takes part in the Integration Lab and carries the City Integration Agenda.",
            )
            lead = Organisation.objects.get(slug=partner_in[city_slug])
            sig.lead = lead
            sig.save(update_fields=["lead"])
            Membership.objects.create(
                network=sig, organisation=lead, role=MemberRole.CHAIR, joined=date(2018, 3, 1), influence=3, interest=5
            )
            for index, (name, kind, area_codes) in enumerate(members):
                organisation = self._organisation(
                    _slug(name), name, city, kind, area_codes, areas, is_tcn_led=kind == "migrant_association"
                )
                Membership.objects.create(
                    network=sig,
                    organisation=organisation,
                    role=MemberRole.OBSERVER if kind in ("migration_office", "foreign_police") else MemberRole.MEMBER,
                    joined=date(2018, 3, 1),
                    influence=5 - index % 5,
                    interest=1 + (index * 2) % 5,
                )
            for number, day in enumerate((date(2018, 4, 12), date(2018, 11, 8), date(2019, 5, 16)), start=1):
                Meeting.objects.create(
                    network=sig,
                    title=f"SIG meeting {number}",
                    kind=MeetingKind.SIG_MEETING,
                    start=day,
                    end=day,
                    city=city,
                    place=city.name,
                )

    def _ties(self, areas: dict[str, Area]) -> None:
        pairs = [
            ("sofia-development-association", "riskmonitor-foundation", "research", date(2017, 6, 1)),
            ("integration-centre-prague", "etp-slovakia", "language", date(2018, 2, 23)),
            ("centre-for-peace-osijek", "rissc", "safety", date(2018, 6, 1)),
            ("sofia-development-association", "integration-centre-prague", "services", date(2018, 2, 23)),
            ("integration-centre-prague", "ukrainian-initiative-in-prague", "participation", date(2016, 9, 1)),
            ("integration-centre-prague", "inbaze", "education", date(2015, 1, 1)),
            ("mareena", "etp-slovakia", "participation", date(2018, 4, 1)),
            ("red-cross-osijek", "centre-for-peace-osijek", "inclusion", date(2017, 1, 1)),
            ("cooperativa-accoglienza-veneta", "municipality-of-rubano-social-services", "housing", date(2016, 5, 1)),
            ("caritas-sofia", "council-of-refugee-women-in-bulgaria", "inclusion", date(2017, 3, 1)),
        ]
        for source, target, area, since in pairs:
            Tie.objects.get_or_create(
                source=Organisation.objects.get(slug=source),
                target=Organisation.objects.get(slug=target),
                area=areas[area],
                defaults={"since": since},
            )

    def _people(self) -> None:
        for org_slug, name, position, email in PEOPLE:
            person = Person.objects.create(
                organisation=Organisation.objects.get(slug=org_slug),
                name=name,
                position=position,
                email=email,
                visibility=Visibility.NETWORK,
            )
            Consent.objects.create(person=person, purpose=CONTACT_PURPOSE, wording_version=CONSENT_WORDING_VERSION)

    def _users(self) -> None:
        for email, name, _description, roles, is_admin in USERS:
            if User.objects.filter(email=email).exists():
                continue
            if is_admin:
                user = User.objects.create_superuser(email, DEMO_PASSWORD, name=name)
            else:
                user = User.objects.create_user(email, DEMO_PASSWORD, name=name)
            for kind, slug in roles:
                scope: dict[str, Any] = {}
                if kind == RoleKind.COORDINATOR:
                    scope["network"] = Network.objects.get(slug=slug)
                elif kind == RoleKind.CITY_TEAM:
                    scope["city"] = City.objects.get(slug=slug)
                else:
                    scope["organisation"] = Organisation.objects.get(slug=slug)
                Role.objects.create(user=user, kind=kind, **scope)

    def _print_logins(self) -> None:
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nSign in at http://127.0.0.1:{port}/en/accounts/login/ with password {DEMO_PASSWORD}")
        for email, _name, description, _roles, _admin in USERS:
            self.stdout.write(f"  {email:28} {description}")
        self.stdout.write(
            "Coordinators, city teams and platform admins set up a TOTP authenticator app at first sign-in."
        )
