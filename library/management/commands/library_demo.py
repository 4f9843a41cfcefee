"""Load the demo library: resources modelled on INTEGRA's outputs in six languages.

Idempotent: resources that exist (by slug) are left alone. Run after ``demo_data``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from library import services
from library.models import (
    Adaptation,
    QualityReview,
    Resource,
    ResourceText,
    Stage,
    TargetGroup,
)
from network.models import Area, City, Organisation, Provenance

DEMO = Path(__file__).resolve().parents[2] / "demo"
TEXT_KEYS = set(ResourceText.TEXT_FIELDS)

ADAPTATIONS = [
    # practice, adapting city, organisation, stage, started, changes, partners, result
    (
        "it-italian-courses-mothers",
        "kosice",
        "mareena",
        Stage.ADAPT,
        date(2019, 3, 1),
        "Slovak lessons for mothers in the morning with a volunteer crèche in the same building; "
        "the first lesson is held in the family centre the mothers already know.",
        ["city-of-kosice-social-affairs-department"],
        "Two groups of 9 and 11 mothers; 14 finished the spring term.",
    ),
    (
        "it-italian-courses-mothers",
        "prague",
        "inbaze",
        Stage.UNDERSTAND,
        date(2019, 5, 15),
        "Study visit and an interview with the Rubano school team; a pilot is planned with a district library.",
        [],
        "",
    ),
    (
        "cs-one-stop-shop",
        "sofia",
        "sofia-municipality-social-activities-directorate",
        Stage.ADAPT,
        date(2019, 2, 1),
        "A weekly desk in the municipal social directorate instead of a separate centre; "
        "interpreting by phone for Arabic and Farsi.",
        ["sofia-development-association", "caritas-sofia"],
        "310 visits in the first six months; most questions on registration and schooling.",
    ),
    (
        "cs-one-stop-shop",
        "osijek",
        "city-of-osijek-department-of-social-welfare",
        Stage.REUSE,
        date(2019, 9, 1),
        "The Prague intake form and referral list were re-used as they were, translated into Croatian.",
        ["centre-for-peace-osijek"],
        "",
    ),
]

REVIEWED = ["cs-one-stop-shop", "it-italian-courses-mothers", "bg-refugee-women-groups", "sk-homework-club"]


def _saved(resource: Resource) -> Resource:
    resource.save()
    return resource


class Command(BaseCommand):
    help = "Load the demo library (resources, translations, reviews, adaptations)."

    def handle(self, *args: Any, **options: Any) -> None:
        files = sorted(DEMO.glob("*.json"))
        if not files:
            raise CommandError(f"No demo resources in {DEMO}")
        if not Organisation.objects.filter(slug="integration-centre-prague").exists():
            raise CommandError("Run `manage.py demo_data` first: the library needs the demo network.")
        reviewer = User.objects.filter(email="coordinator@integra.test").first()
        records = [record for path in files for record in json.loads(path.read_text(encoding="utf-8"))]
        created = 0
        now = timezone.now()
        for position, record in enumerate(sorted(records, key=lambda r: r["key"])):
            if Resource.objects.filter(slug=record["key"]).exists():
                continue
            with transaction.atomic():
                self._load(record, reviewer, now - timedelta(days=3 * position + 1))
            created += 1
        with transaction.atomic():
            self._extras(reviewer)
        computed = services.embed(
            list(ResourceText.objects.filter(embedding__isnull=True).values_list("pk", flat=True))
        )
        self.stdout.write(f"Library: {created} resources added, {computed} language versions embedded.")

    def _load(self, record: dict[str, Any], user: User | None, published: Any) -> Resource:
        organisation = Organisation.objects.get(slug=record["organisation"])
        city = City.objects.get(slug=record["city"])
        language = record.get("language") or record["key"][:2]
        resource = Resource(
            slug=record["key"],
            kind=record["kind"],
            document_type=record.get("document_type") or "",
            lesson=record.get("lesson") or "",
            original_language=language,
            organisation=organisation,
            city=city,
            country=city.country,
            year=record["year"],
            start=date.fromisoformat(record["start"]) if record.get("start") else None,
            duration_months=record.get("duration_months"),
            licence=record.get("licence") or "cc-by-4.0",
        )
        fields = {key: value for key, value in record["texts"][language].items() if key in TEXT_KEYS}
        original = ResourceText(**fields)

        def save() -> Resource:
            resource.save()
            resource.areas.set(Area.objects.filter(code__in=record.get("areas", [])))
            resource.target_groups.set(TargetGroup.objects.filter(code__in=record.get("target_groups", [])))
            resource.stakeholders.set([organisation])
            return resource

        services.create_resource(user, save, original)
        services.transition(user, resource, "publish")
        Resource.objects.filter(pk=resource.pk).update(published_at=published)
        for other, content in record["texts"].items():
            if other == language:
                continue
            text = ResourceText(
                resource=resource,
                language=other,
                provenance=Provenance.HUMAN,
                **{key: value for key, value in content.items() if key in TEXT_KEYS},
            )
            services.save_text(user, text, None, source_revision=original.revision)
            services.publish_text(user, text)
        return resource

    def _extras(self, reviewer: User | None) -> None:
        resources = {r.slug: r for r in Resource.objects.filter(slug__in=[a[0] for a in ADAPTATIONS] + REVIEWED)}
        for slug, city, organisation, stage, started, changes, partners, result in ADAPTATIONS:
            practice = resources.get(slug)
            if practice is None or Adaptation.objects.filter(practice=practice, city__slug=city).exists():
                continue
            adaptation = Adaptation(
                practice=practice,
                city=City.objects.get(slug=city),
                organisation=Organisation.objects.filter(slug=organisation).first(),
                stage=stage,
                started=started,
                changes=changes,
                result=result,
            )
            services.record_adaptation(reviewer, adaptation)
            adaptation.partners.set(Organisation.objects.filter(slug__in=partners))
        for position, slug in enumerate(REVIEWED):
            practice = resources.get(slug)
            if practice is None or QualityReview.objects.filter(resource=practice).exists():
                continue
            ratings = ["met", "met", "partly", "met", "partly"] if position % 2 else ["met"] * 4 + ["partly"]
            services.save_review(
                reviewer,
                QualityReview(
                    resource=practice,
                    **dict(zip(QualityReview.CRITERIA, ratings, strict=True)),
                    note="Runs for over a year with stable funding; materials exist in the local language and English.",
                ),
            )
        # An original that changed after its English translation: the translation shows as outdated.
        shop = ResourceText.objects.filter(resource__slug="cs-one-stop-shop", provenance=Provenance.ORIGINAL).first()
        if shop is not None and shop.revision == 1 and shop.resource.texts.filter(language="en").exists():
            shop.results += " V roce 2019 centrum zaznamenalo o pětinu více návštěv než v předchozím roce."
            services.save_text(reviewer, shop, shop.version, note="results for 2019")
        # Work in progress for the queue: a requested Ukrainian translation and a submitted resource.
        guide = Resource.objects.filter(slug="it-welcome-guide").first()
        if guide is not None:
            services.request_translation(reviewer, guide, "uk")
        team = User.objects.filter(email="prague.team@integra.test").first()
        if not Resource.objects.filter(slug="evening-hours-lessons").exists():
            centre = Organisation.objects.get(slug="integration-centre-prague")
            resource = Resource(
                slug="evening-hours-lessons",
                kind="lesson_learned",
                lesson="positive",
                original_language="en",
                organisation=centre,
                city=centre.city,
                country=centre.city.country,
                year=2019,
                created_by=team,
            )
            services.create_resource(
                team,
                lambda: _saved(resource),
                ResourceText(
                    title="Evening consultation hours: what the first months taught us",
                    summary="Opening the counselling desk on two evenings a week brought in working newcomers "
                    "who never came in office hours. Interpreters had to be booked a week ahead.",
                    body="<p>Draft for review: figures for the autumn are still being checked.</p>",
                ),
            )
            services.transition(team, resource, "submit")
