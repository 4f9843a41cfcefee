"""Load the demo audit: the shipped frameworks, and for each pilot city a 2018 baseline and a 2019
follow-up on the INTEGRA checklist, challenges, and Prague's open 2020 round for the demo stakeholder.

Idempotent: a city that has rounds on the checklist is left alone. Run after ``demo_data``.
The answers are made up, deterministically, from a profile per city modelled on what domain.md
says the cities found (Osijek: monolingual signage; Košice: newcomers could not find information
in their language until the city's web section and welcome kit).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit import eurostat, frameworks, permissions, services
from audit.models import (
    Challenge,
    ChallengeStatus,
    Framework,
    Horizon,
    Indicator,
    QuestionKind,
    Round,
    Severity,
    Source,
)
from library.models import TargetGroup
from network.models import Area, City

CHECKLIST = "integra-checklist"
AREAS = ("vision-services", "participation-inclusion", "urban-environment", "safety-attitudes")
# City → area scores the 2018 answers aim at, and what changed by 2019.
PROFILES: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    "prague": (
        {"vision-services": 60, "participation-inclusion": 40, "urban-environment": 50, "safety-attitudes": 55},
        {"participation-inclusion": 15, "vision-services": 5},
    ),
    "sofia": (
        {"vision-services": 35, "participation-inclusion": 30, "urban-environment": 40, "safety-attitudes": 35},
        {"vision-services": 15},
    ),
    "kosice": (
        {"vision-services": 30, "participation-inclusion": 35, "urban-environment": 45, "safety-attitudes": 50},
        {"vision-services": 25, "participation-inclusion": 5},
    ),
    "osijek": (
        {"vision-services": 25, "participation-inclusion": 30, "urban-environment": 20, "safety-attitudes": 45},
        {"urban-environment": 20},
    ),
    "rubano": (
        {"vision-services": 45, "participation-inclusion": 40, "urban-environment": 55, "safety-attitudes": 60},
        {"participation-inclusion": 10, "safety-attitudes": -5},
    ),
}
CHALLENGES: dict[str, list[dict[str, Any]]] = {
    "prague": [
        {
            "title": "Few third-country nationals in the city's consultative bodies",
            "description": "Migrants are consulted through NGOs rather than directly; the council's committees "
            "have no member of a migrant association.",
            "area": "participation",
            "severity": Severity.SERIOUS,
            "groups": ["newcomers"],
        },
        {
            "title": "Housing costs push newcomers to the outskirts",
            "description": "Rents in the centre rose by a fifth in two years; families from Ukraine and Vietnam "
            "concentrate in a few housing estates.",
            "area": "housing",
            "severity": Severity.MODERATE,
            "horizon": Horizon.FUTURE,
            "groups": ["families"],
        },
    ],
    "sofia": [
        {
            "title": "Municipal services in Bulgarian only",
            "description": "Front desks have no interpreting and forms exist only in Bulgarian.",
            "area": "services",
            "severity": Severity.CRITICAL,
            "groups": ["refugees", "newcomers"],
        },
    ],
    "kosice": [
        {
            "title": "Newcomers cannot find information in a language they read",
            "description": "Answered by a newcomer web section and a welcome kit in English, Ukrainian and Russian.",
            "area": "services",
            "severity": Severity.SERIOUS,
            "status": ChallengeStatus.ADDRESSED,
            "groups": ["newcomers"],
        },
    ],
    "osijek": [
        {
            "title": "Signage and forms only in Croatian",
            "description": "The city walk found monolingual signage at the bus station, the health centre and "
            "the city hall: the main barrier participants named.",
            "area": "services",
            "severity": Severity.SERIOUS,
            "groups": ["refugees"],
        },
    ],
    "rubano": [
        {
            "title": "Migrant mothers isolated at home",
            "description": "Mothers with young children cannot attend language courses held in the evening.",
            "area": "education",
            "severity": Severity.MODERATE,
            "groups": ["women"],
        },
    ],
}


EVIDENCE = [
    "Desk research: the city's integration strategy and its annual implementation report.",
    "First focus group (NGOs and migrant associations): participants agreed with this answer.",
    "City walk with residents and newcomers: observations along the route.",
    "Photovoice exhibition: photos and captions on this theme.",
    "Questionnaire to stakeholder group members.",
]


FOCUS_GROUPS = [
    (
        "Access to municipal services",
        {"tcn": 7, "ngo": 3, "local_government": 2},
        "Nobody at the desk could explain the form in English.\nI brought my daughter to translate for me.",
    ),
    (
        "Neighbourhood life and safety",
        {"tcn": 5, "residents": 4, "ngo": 2, "media": 1},
        "In the evening the underpass feels unsafe.\nThe language café is where I met my neighbours.",
    ),
]
WALK_POINTS = [
    ("Railway station", "Timetables and signs only in the national language."),
    ("Health centre", "No information on how to register with a doctor in any other language."),
    ("City hall", "The one-stop shop has no sign outside; the entrance is hard to find."),
]
PHOTOVOICE = [
    ("The only sign I could read was the picture of a bus.", "What helps or hinders you in the city?", "uk"),
    ("Our children play together after school.", "Where do you feel at home?", "vi"),
    ("Waiting three hours in the corridor of the foreign police.", "What helps or hinders you in the city?", "ar"),
]


def _drawn_photo(n: int) -> Any:
    """A simple picture drawn here (the demo ships no photos of people)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    colours = [("#d9e6f2", "#1f5f8b"), ("#f2e6d9", "#8a6d1f"), ("#e0f0e3", "#2e7d32")]
    background, ink = colours[n % len(colours)]
    image = Image.new("RGB", (480, 320), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 200, 440, 290), fill=ink)
    draw.ellipse((300, 40, 400, 140), fill=ink)
    draw.polygon([(60, 200), (160, 90), (260, 200)], fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def _jitter(*parts: str) -> int:
    """A deterministic offset in [-20, 20] per city and question."""
    digest = hashlib.blake2b("/".join(parts).encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % 41 - 20


class Command(BaseCommand):
    help = "Load the demo audit (idempotent). Run after demo_data."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = frameworks.load_shipped()
        if loaded:
            self.stdout.write("Frameworks loaded: " + ", ".join(str(f) for f in loaded))
        if eurostat.load_mappings():
            for result in eurostat.import_samples():
                self.stdout.write(f"Statistics: {result.dataset}, {result.stored} figures from the sample file")
        checklist = Framework.objects.filter(code=CHECKLIST, is_current=True).first()
        if checklist is None:
            raise CommandError("The INTEGRA checklist framework is missing (audit/frameworks/).")
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if admin is None:
            raise CommandError("Run demo_data first: it creates the admin the demo acts as.")
        created = 0
        with transaction.atomic():
            for slug, (base, change) in PROFILES.items():
                city = City.objects.filter(slug=slug).first()
                if city is None or Round.objects.filter(city=city, framework__code=CHECKLIST).exists():
                    continue
                baseline = self._round(admin, city, checklist, 2018, "Baseline 2018", base, skip_every=9)
                follow = {area: base[area] + change.get(area, 0) for area in AREAS}
                followup = self._round(admin, city, checklist, 2019, "Follow-up 2019", follow, skip_every=0)
                self._challenges(admin, city, baseline)
                if slug == "prague":
                    self._open_round(admin, city, checklist, follow)
                    followup.questionnaires.add(self._questionnaire(admin, city))
                created += 1 + (followup is not None)
        self.stdout.write(f"Demo audit: {created} rounds loaded." if created else "Demo audit already present.")

    def _round(
        self, admin: Any, city: City, framework: Framework, year: int, title: str, aims: dict[str, int], skip_every: int
    ) -> Round:
        assessment = services.open_round(admin, city, framework, year, title)
        self._invite_and_answer(admin, assessment, aims)
        for n, question in enumerate(assessment.questions()):
            if skip_every and n % skip_every == skip_every - 1:
                continue  # left unanswered: the baseline shows coverage below 100 %
            evidence = EVIDENCE[n % len(EVIDENCE)] if n % 6 == 0 else ""
            self._agree(admin, assessment, question, aims, city.slug, evidence)
        if year == 2018:
            self._evidence(admin, assessment)
        services.freeze(admin, assessment)
        # Submitted when the real rounds were: late in their year.
        Round.objects.filter(pk=assessment.pk).update(
            frozen_at=timezone.make_aware(datetime(year, 11, 28, 12, 0)),
            created=timezone.make_aware(datetime(year, 3, 1)),
        )
        assessment.refresh_from_db()
        return assessment

    def _target(self, question: Any, aims: dict[str, int], salt: str) -> int:
        aim = aims.get(question.indicator.area.code, 50)
        return max(0, min(100, aim + _jitter(salt, question.code)))

    def _values(self, question: Any, target: int) -> dict[str, Any]:
        if question.kind == QuestionKind.NUMBER:
            value = question.worst + (question.best - question.worst) * target / 100
            return {"number": round(value)}
        options = list(question.options.all())
        return {"option": min(options, key=lambda option: (abs(option.score - target), option.score))}

    def _agree(
        self, admin: Any, assessment: Round, question: Any, aims: dict[str, int], salt: str, evidence: str = ""
    ) -> None:
        values = self._values(question, self._target(question, aims, salt))
        services.save_agreed(admin, assessment, question, **values, evidence=evidence)

    def _invite_and_answer(self, admin: Any, assessment: Round, aims: dict[str, int]) -> None:
        """Invite the stakeholder group's members with accounts; they answer a few questions each."""
        for user, organisation in permissions.invitable(assessment.city)[:3]:
            services.invite(admin, assessment, user, organisation)
            for question in list(assessment.questions())[:8]:
                target = self._target(question, aims, f"{user.pk}-{assessment.year}")
                services.save_answer(user, assessment, question, **self._values(question, target))

    def _open_round(self, admin: Any, city: City, framework: Framework, aims: dict[str, int]) -> None:
        """Prague's 2020 round stays open: the demo stakeholder is invited and can answer it."""
        assessment = services.open_round(admin, city, framework, 2020, "Follow-up 2020")
        self._invite_and_answer(admin, assessment, aims)
        for question in list(assessment.questions())[:5]:
            self._agree(admin, assessment, question, aims, "prague-2020")

    def _evidence(self, admin: Any, assessment: Round) -> None:
        """Focus groups, a city walk, photovoice entries (with images drawn here) and desk research."""
        from datetime import date

        from audit.models import CityWalk, FocusGroup, Photovoice, WalkPoint
        from library.models import Resource

        city = assessment.city
        for n, (theme, counts, quote) in enumerate(FOCUS_GROUPS):
            FocusGroup.objects.create(
                round=assessment,
                held=date(2018, 4 + n, 10 + n),
                theme=theme,
                participants=counts,
                notes=f"Held with the stakeholder group in {city}.",
                quotes=quote,
                created_by=admin,
            )
        walk = CityWalk.objects.create(
            round=assessment,
            kind="safety" if city.slug in ("osijek", "sofia") else "walk",
            held=date(2018, 6, 2),
            route="Railway station – bus station – health centre – city hall",
            participants={"tcn": 6, "residents": 5, "local_government": 2},
            created_by=admin,
        )
        for position, (place, note) in enumerate(WALK_POINTS):
            WalkPoint.objects.create(walk=walk, place=place, note=note, position=position)
        for n, (caption, prompt, language) in enumerate(PHOTOVOICE):
            entry = Photovoice(
                round=assessment,
                caption=caption,
                prompt=prompt,
                language=language,
                author=("Olena", "Minh", "Samir")[n % 3],
                consented_at=timezone.now(),
                visibility="public",
                created_by=admin,
            )
            entry.photo.save(f"photovoice-{city.slug}-{n}.png", _drawn_photo(n), save=False)
            entry.save()
        assessment.desk_research.set(Resource.objects.published().filter(city=city)[:2])
        self.stdout.write(f"  evidence for {assessment}")

    def _questionnaire(self, admin: Any, city: City) -> Any:
        """Prague's questionnaire to residents in four languages, with 24 made-up anonymous answers."""
        import random

        from surveys import services as survey_services
        from surveys.models import Survey, SurveyLink, SurveyQuestion

        survey = Survey.objects.create(
            city=city,
            languages=["cs", "en", "uk", "vi"],
            titles={
                "cs": "Jak se vám žije v Praze?",
                "en": "How is life in Prague?",
                "uk": "Як вам живеться в Празі?",
                "vi": "Cuộc sống của bạn ở Praha thế nào?",
            },
            intros={
                "cs": "Deset minut, anonymně. Vaše odpovědi pomohou městu plánovat služby.",
                "en": "Ten minutes, anonymous. Your answers help the city plan its services.",
                "uk": "Десять хвилин, анонімно. Ваші відповіді допоможуть місту планувати послуги.",
                "vi": "Mười phút, ẩn danh. Câu trả lời của bạn giúp thành phố lên kế hoạch dịch vụ.",
            },
            created_by=admin,
        )
        questions = [
            SurveyQuestion.objects.create(
                survey=survey,
                kind="single",
                texts={
                    "cs": "Jak dlouho žijete v Praze?",
                    "en": "How long have you lived in Prague?",
                    "uk": "Як довго ви живете в Празі?",
                    "vi": "Bạn đã sống ở Praha bao lâu?",
                },
                options=[
                    {
                        "code": "o1",
                        "labels": {
                            "cs": "Méně než rok",
                            "en": "Less than a year",
                            "uk": "Менше року",
                            "vi": "Dưới một năm",
                        },
                    },
                    {"code": "o2", "labels": {"cs": "1–5 let", "en": "1–5 years", "uk": "1–5 років", "vi": "1–5 năm"}},
                    {"code": "o3", "labels": {"cs": "Déle", "en": "Longer", "uk": "Довше", "vi": "Lâu hơn"}},
                ],
                required=True,
                position=0,
            ),
            SurveyQuestion.objects.create(
                survey=survey,
                kind="scale",
                texts={
                    "cs": "Jak vítaně se v Praze cítíte? (1 = vůbec, 5 = velmi)",
                    "en": "How welcome do you feel in Prague? (1 = not at all, 5 = very)",
                    "uk": "Наскільки бажаним ви почуваєтеся в Празі? (1 = зовсім ні, 5 = дуже)",
                    "vi": "Bạn cảm thấy được chào đón ở Praha đến mức nào? (1 = hoàn toàn không, 5 = rất nhiều)",
                },
                position=1,
            ),
            SurveyQuestion.objects.create(
                survey=survey,
                kind="text",
                texts={
                    "cs": "Co by město mělo změnit?",
                    "en": "What should the city change?",
                    "uk": "Що місту варто змінити?",
                    "vi": "Thành phố nên thay đổi điều gì?",
                },
                position=2,
            ),
        ]
        survey_services.set_status(admin, survey, "open")
        link = SurveyLink.objects.create(survey=survey, label="Leaflet at the integration centre")
        rng = random.Random(2019)
        remarks = ["More information in Ukrainian at the city hall.", "Longer opening hours at the foreign police.", ""]
        for n in range(24):
            language = ["uk", "uk", "cs", "vi", "en"][n % 5]
            survey_services.submit(
                link,
                language,
                {
                    questions[0].pk: {"choices": [rng.choice(["o1", "o2", "o2", "o3"])]},
                    questions[1].pk: {"number": rng.choice([2, 3, 3, 4, 4, 5])},
                    questions[2].pk: {"text": remarks[n % 3]},
                },
            )
        survey_services.set_status(admin, survey, "closed")
        return survey

    def _challenges(self, admin: Any, city: City, baseline: Round) -> None:
        areas = {area.code: area for area in Area.objects.all()}
        groups = {group.code: group for group in TargetGroup.objects.all()}
        for item in CHALLENGES.get(city.slug, []):
            challenge = Challenge.objects.create(
                city=city,
                title=item["title"],
                description=item["description"],
                horizon=item.get("horizon", Horizon.CURRENT),
                area=areas.get(item["area"]),
                severity=item["severity"],
                source=Source.AUDIT,
                source_round=baseline,
                status=item.get("status", ChallengeStatus.OPEN),
                created_by=admin,
            )
            challenge.affected_groups.set([groups[g] for g in item["groups"] if g in groups])
        weakest = services.suggested_challenges(baseline, limit=1)
        for suggestion in weakest:
            indicator: Indicator = suggestion["indicator"]
            Challenge.objects.create(
                city=city,
                title=indicator.name,
                description="",
                indicator=indicator,
                severity=Severity.MODERATE,
                source=Source.AUDIT,
                source_round=baseline,
                evidence=f"{baseline.title}: {suggestion['score']:.0f} / 100",
                created_by=admin,
            )
