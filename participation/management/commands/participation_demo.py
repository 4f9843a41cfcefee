"""Load the demo events: the INTEGRA events of domain.md with their attendance by category (their
registrations long anonymised, as the platform does after an event), and upcoming events in each
city with sign-ups, one of them full with a waiting list.

Idempotent: nothing is loaded when any demo event exists. Run after ``demo_data``. Attendance counts
are illustrative; the meetings, places and dates are those of the project.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from network.models import City, Organisation
from participation import services
from participation.models import Event, Registration, RegistrationStatus

# slug, city, organiser, kind, title, start (local), days, attendance by category
PAST: list[tuple[str, str, str, str, str, str, int, dict[str, int]]] = [
    (
        "integra-kick-off-sofia-2018",
        "sofia",
        "sofia-development-association",
        "partner_meeting",
        "INTEGRA kick-off meeting",
        "2018-02-21 09:30",
        3,
        {"local_government": 6, "ngo": 11, "academia": 4},
    ),
    (
        "integra-partner-meeting-rubano-2018",
        "rubano",
        "municipality-of-rubano-social-services",
        "partner_meeting",
        "INTEGRA partner meeting in Rubano",
        "2018-05-30 09:30",
        3,
        {"local_government": 7, "ngo": 9, "academia": 3},
    ),
    (
        "integra-partner-meeting-sofia-2019",
        "sofia",
        "sofia-development-association",
        "partner_meeting",
        "INTEGRA partner meeting in Sofia",
        "2019-02-13 09:30",
        3,
        {"local_government": 6, "ngo": 10, "tcn": 2},
    ),
    (
        "prague-sig-meeting-2018",
        "prague",
        "integration-centre-prague",
        "sig_meeting",
        "Stakeholder group meeting",
        "2018-04-12 14:00",
        1,
        {"local_government": 5, "state": 2, "ngo": 6, "tcn": 3},
    ),
    (
        "prague-city-walk-2018",
        "prague",
        "inbaze",
        "city_walk",
        "City walk: Prague 3 through newcomers' eyes",
        "2018-06-09 10:00",
        1,
        {"tcn": 9, "residents": 6, "ngo": 3},
    ),
    (
        "osijek-focus-group-2018",
        "osijek",
        "centre-for-peace-osijek",
        "focus_group",
        "Focus group with third-country nationals",
        "2018-05-17 17:00",
        1,
        {"tcn": 8, "ngo": 2},
    ),
    (
        "osijek-campaign-day-2019",
        "osijek",
        "centre-for-peace-osijek",
        "campaign_day",
        "Campaign day: Osijek speaks many languages",
        "2019-05-25 10:00",
        1,
        {"residents": 64, "tcn": 17, "media": 3},
    ),
    (
        "kosice-photovoice-workshop-2018",
        "kosice",
        "etp-slovakia",
        "photovoice_workshop",
        "Photovoice workshop: my Košice",
        "2018-09-22 10:00",
        1,
        {"tcn": 11, "residents": 4},
    ),
    (
        "kosice-integration-lab-2018",
        "kosice",
        "etp-slovakia",
        "integration_lab",
        "City Integration Lab",
        "2018-11-08 09:00",
        2,
        {"local_government": 7, "ngo": 8, "academia": 3, "tcn": 3},
    ),
    (
        "sofia-round-table-2019",
        "sofia",
        "sofia-development-association",
        "round_table",
        "Round table on the city integration agenda",
        "2019-04-03 10:00",
        1,
        {"local_government": 9, "state": 4, "ngo": 8, "media": 2},
    ),
    (
        "rubano-exhibition-2019",
        "rubano",
        "municipality-of-rubano-social-services",
        "exhibition",
        "Photo exhibition: Rubano, our town",
        "2019-05-11 16:00",
        2,
        {"residents": 120, "tcn": 31},
    ),
]

# slug, city, organiser, kind, title, days from now, hours, capacity, languages, interpreting, sign-ups
UPCOMING: list[tuple[str, str, str, str, dict[str, str], int, int, int | None, list[str], list[str], int]] = [
    (
        "prague-language-cafe",
        "prague",
        "inbaze",
        "language_cafe",
        {"en": "Czech language café", "cs": "Jazyková kavárna", "uk": "Мовне кафе чеської", "vi": "Cà phê tiếng Séc"},
        9,
        2,
        12,
        ["cs", "en"],
        ["uk", "vi"],
        8,
    ),
    (
        "sofia-round-table-housing",
        "sofia",
        "sofia-development-association",
        "round_table",
        {"en": "Round table: housing for newcomers", "bg": "Кръгла маса: жилища за новодошлите"},
        16,
        3,
        40,
        ["bg"],
        ["en", "ar"],
        6,
    ),
    (
        "kosice-photovoice-2",
        "kosice",
        "etp-slovakia",
        "photovoice_workshop",
        {"en": "Photovoice workshop: home", "sk": "Workshop photovoice: domov", "uk": "Фотоголос: дім"},
        21,
        4,
        10,
        ["sk", "en"],
        ["uk", "ru"],
        5,
    ),
    (
        "osijek-city-walk-signs",
        "osijek",
        "centre-for-peace-osijek",
        "city_walk",
        {"en": "City walk: signs and languages", "hr": "Šetnja gradom: natpisi i jezici"},
        12,
        2,
        20,
        ["hr"],
        ["en", "fa"],
        7,
    ),
    (
        "rubano-italian-course",
        "rubano",
        "associazione-donne-migranti-padova",
        "training",
        {
            "en": "Italian for mothers, with a crèche",
            "it": "Italiano per mamme, con baby-sitting",
            "ar": "الإيطالية للأمهات",
        },
        7,
        2,
        8,
        ["it"],
        ["ar", "tr"],
        11,
    ),
]

NAMES = ["Olena", "Minh", "Aisha", "Dmytro", "Farid", "Leyla", "Ana", "Marco", "Svetla", "Tomáš", "Zeynep", "Hoa"]
CATEGORIES = ["tcn", "tcn", "tcn", "residents", "ngo", ""]


def _local(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


class Command(BaseCommand):
    help = "Load the demo events (INTEGRA's past events with attendance, upcoming ones with sign-ups). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if Event.objects.filter(slug__in=[row[0] for row in PAST + UPCOMING]).exists():  # type: ignore[operator]
            self.stdout.write("Demo events already present.")
            return
        cities = {city.slug: city for city in City.objects.all()}
        organisations = {o.slug: o for o in Organisation.objects.all()}
        rng = random.Random(2018)
        with transaction.atomic():
            past = sum(self._past(row, cities, organisations) for row in PAST if row[1] in cities)
            upcoming = sum(self._upcoming(row, cities, organisations, rng) for row in UPCOMING if row[1] in cities)
            self._photovoice(cities, organisations)
            self._campaign(cities, organisations)
        self.stdout.write(
            f"Demo events: {past} past events with attendance, {upcoming} upcoming with sign-ups; one photovoice call."
        )

    def _campaign(self, cities: dict[str, City], organisations: dict[str, Organisation]) -> None:
        """Osijek's 2019 campaign against monolingual signage, with its campaign day."""
        from datetime import date

        from library.models import Resource
        from participation.models import Campaign

        if "osijek" not in cities or "centre-for-peace-osijek" not in organisations:
            return
        campaign = Campaign.objects.create(
            slug="osijek-speaks-many-languages",
            city=cities["osijek"],
            organiser=organisations["centre-for-peace-osijek"],
            titles={"en": "Osijek speaks many languages", "hr": "Osijek govori mnogim jezicima"},
            goals={
                "en": "Make the city's offices and streets readable for newcomers: bilingual signs, "
                "a multilingual map, and residents who meet the people behind the languages.",
                "hr": "Učiniti gradske urede i ulice čitljivima za novopridošle.",
            },
            starts=date(2019, 4, 1),
            ends=date(2019, 6, 30),
            channels=["posters", "social_media", "events", "press"],
            reached_otherwise=3500,
        )
        campaign.events.set(Event.objects.filter(slug="osijek-campaign-day-2019"))
        campaign.materials.set(Resource.objects.published().filter(city=cities["osijek"])[:3])

    def _photovoice(self, cities: dict[str, City], organisations: dict[str, Organisation]) -> None:
        """Košice's open call, with two photos already in the gallery (drawn here, not downloaded)."""
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image, ImageDraw

        from participation.models import PhotovoiceCall, PhotovoiceEntry

        if "kosice" not in cities or "etp-slovakia" not in organisations:
            return
        call = PhotovoiceCall.objects.create(
            slug="home-in-kosice",
            city=cities["kosice"],
            organiser=organisations["etp-slovakia"],
            titles={"en": "Home in Košice", "sk": "Doma v Košiciach", "uk": "Дім у Кошицях"},
            prompts={
                "en": "Show us a place in Košice where you feel at home, or one where you do not.",
                "sk": "Ukážte nám miesto v Košiciach, kde sa cítite doma, alebo také, kde nie.",
                "uk": "Покажіть нам місце в Кошицях, де ви почуваєтеся як удома, або де – ні.",
            },
            closes=timezone.now() + timedelta(days=30),
        )
        for colour, caption, language in (
            ("#2f6f8f", "Бібліотека на Главній: тут я вперше заговорила словацькою.", "uk"),
            ("#8f6a2f", "The tram stop where nobody could tell me which ticket to buy.", "en"),
        ):
            image = Image.new("RGB", (480, 320), colour)
            ImageDraw.Draw(image).rectangle((40, 200, 440, 280), fill="#f4f1ea")
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            PhotovoiceEntry.objects.create(
                call=call,
                photo=SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png"),
                caption=caption,
                language=language,
                licence="cc-by-4.0",
                consent=timezone.now(),
                status="approved",
            )

    def _past(self, row: Any, cities: dict[str, City], organisations: dict[str, Organisation]) -> int:
        slug, city, organiser, kind, title, start, days, attendance = row
        starts = _local(start)
        event = Event.objects.create(
            slug=slug,
            city=cities[city],
            organiser=organisations[organiser],
            kind=kind,
            titles={"en": title},
            starts=starts,
            ends=starts + timedelta(days=days - 1, hours=8),
            venue=cities[city].name,
            languages=["en"],
            status="published",
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name="",
                language="en",
                category=category,
                category_consent=starts,
                status=RegistrationStatus.REGISTERED,
                token=f"anonymised-{secrets.token_hex(16)}",
                confirmed=starts,
                checked_in=starts,
                created=starts - timedelta(days=7),
                anonymised=True,
            )
            for category, count in attendance.items()
            for n in range(count)
        )
        return 1

    def _upcoming(
        self, row: Any, cities: dict[str, City], organisations: dict[str, Organisation], rng: random.Random
    ) -> int:
        slug, city, organiser, kind, titles, days, hours, capacity, languages, interpreting, sign_ups = row
        starts = (timezone.localtime() + timedelta(days=days)).replace(hour=17, minute=0, second=0, microsecond=0)
        event = Event.objects.create(
            slug=slug,
            city=cities[city],
            organiser=organisations[organiser],
            kind=kind,
            titles=titles,
            descriptions={"en": "Open to everyone; no account needed. Interpreting as listed."},
            starts=starts,
            ends=starts + timedelta(hours=hours),
            venue=organisations[organiser].name,
            address=cities[city].name,
            accessibility="Step-free entrance. Children welcome.",
            languages=languages,
            interpreting=interpreting,
            capacity=capacity,
            status="published",
        )
        for number in range(sign_ups):
            name = NAMES[number % len(NAMES)]
            sign_up = services.SignUp(
                f"{name} {number + 1}",
                f"{slug}-{number + 1}@example.org",
                "",
                rng.choice(languages + interpreting),
                rng.choice(CATEGORIES),
            )
            registration = services.register(event, sign_up)
            if number % 3 != 2:
                services.confirm(registration)
        return 1
