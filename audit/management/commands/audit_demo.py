"""Load the demo audit: the shipped frameworks, and for each pilot city a 2018 baseline and a 2019
follow-up on the INTEGRA checklist, challenges, and Prague's open 2020 round for the demo stakeholder.

Idempotent: a city that has rounds on the checklist is left alone. Run after ``demo_data``.
The answers are made up, deterministically, from a profile per city modelled on what domain.md
says the cities found (Osijek: monolingual signage; Košice: newcomers could not find information
in their language until the city's web section and welcome kit).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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
                created += 1 + (followup is not None)
        self.stdout.write(f"Demo audit: {created} cities' rounds loaded." if created else "Demo audit already present.")

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
        services.freeze(admin, assessment)
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
