"""The network: countries, cities, organisations, people, groups and their ties."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.text import fold

if TYPE_CHECKING:
    from accounts.models import User


def pick_language(names: dict[str, str], fallback: str = "") -> str:
    """The label in the active language, else English, else any."""
    language = (get_language() or "en").split("-")[0]
    return names.get(language) or names.get("en") or next(iter(names.values()), fallback)


def _with_search_text(kwargs: dict[str, Any]) -> None:
    """A partial save that touches the name also stores the folded search text."""
    fields = kwargs.get("update_fields")
    if fields is not None and {"name", "acronym", "names"} & set(fields):
        kwargs["update_fields"] = {*fields, "search_text"}


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    MUNICIPAL_DEPARTMENT = "municipal_department", _("Municipal department")
    COUNCIL = "council", _("City council")
    REGION = "region", _("Regional authority")
    STATE_BODY = "state_body", _("State body")
    MIGRATION_OFFICE = "migration_office", _("Migration office")
    FOREIGN_POLICE = "foreign_police", _("Foreign police")
    LABOUR_OFFICE = "labour_office", _("Labour office")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson")
    INTERNATIONAL = "international", _("International organisation")
    NGO = "ngo", _("NGO")
    CHARITY = "charity", _("Charity")
    RESEARCH = "research", _("Research or academia")
    MEDIA = "media", _("Media")
    FAITH = "faith", _("Faith group")
    MIGRANT_ASSOCIATION = "migrant_association", _("Migrant association")
    EMPLOYER = "employer", _("Employer")
    SCHOOL = "school", _("School")
    RECEPTION = "reception", _("Reception cooperative")
    OTHER = "other", _("Other")


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language code."))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class Area(models.Model):
    """An area of integration work (a controlled vocabulary, edited as data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("names"), default=dict)

    class Meta:
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names, self.code)


class City(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country"))
    names = models.JSONField(_("local names"), default=dict, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    foreign_residents = models.PositiveIntegerField(_("foreign residents"), null=True, blank=True)
    context = models.TextField(_("context"), blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.name, *self.names.values()]))
        _with_search_text(kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:city", args=[self.slug])

    @property
    def display_name(self) -> str:
        """The city's name in the reader's language where one is recorded (Praha, Praga), else its name."""
        language = (get_language() or "en").split("-")[0]
        return self.names.get(language) or self.name

    def scope(self) -> dict[str, Any]:
        return {"city": self}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, query: str) -> OrganisationQuerySet:
        query = query.strip()
        if not query:
            return self
        # Accents and case are folded on both sides; the city part is a subquery, not a join.
        folded = fold(query)
        cities = City.objects.filter(search_text__contains=folded).values("pk")
        return self.filter(Q(search_text__contains=folded) | Q(city__in=cities))

    def editable_by(self, user: User) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(roles__user=user, roles__kind=RoleKind.ORG_ADMIN)
            | Q(city__roles__user=user, city__roles__kind=RoleKind.CITY_TEAM)
        ).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("city"))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(Area, blank=True, related_name="organisations", verbose_name=_("areas of work"))
    is_tcn_led = models.BooleanField(_("led by third-country nationals"), default=False)
    search_text = models.CharField(max_length=300, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["city", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.name} {self.acronym}")
        _with_search_text(kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "organisation": self}


class NetworkKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Cross-border partnership")
    SIG = "sig", _("Stakeholder Integration Group")
    OTHER = "other", _("Other network")


class NetworkQuerySet(models.QuerySet["Network"]):
    def managed_by(self, user: User) -> NetworkQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(roles__user=user, roles__kind=RoleKind.COORDINATOR)
            | Q(kind=NetworkKind.SIG, city__roles__user=user, city__roles__kind=RoleKind.CITY_TEAM)
        ).distinct()


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=NetworkKind.choices)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("city"),
        help_text=_("The city of a local group; empty for a cross-border network."),
    )
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",
        verbose_name=_("lead organisation"),
    )
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    grant_number = models.CharField(_("grant number"), max_length=60, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    members: models.ManyToManyField[Organisation, Membership] = models.ManyToManyField(
        Organisation, through="Membership", related_name="networks"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="network_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:network", args=[self.slug])

    def scope(self) -> dict[str, Any]:
        return {"city": self.city, "network": self}

    def description(self) -> NetworkText | None:
        """The description in the reader's language, else the original."""
        language = (get_language() or "en").split("-")[0]
        texts = list(self.texts.all())
        for text in texts:
            if text.language == language:
                return text
        return next((text for text in texts if text.is_original), texts[0] if texts else None)


class Provenance(models.TextChoices):
    ORIGINAL = "original", _("Original")
    HUMAN = "human", _("Human translation")
    MACHINE = "machine", _("Machine translation")


class NetworkText(models.Model):
    """A network's description in one language; one row per language."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    description = models.TextField(_("description"))
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "language"], name="network_text_one_per_language")]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.network} ({self.language})"

    @property
    def is_original(self) -> bool:
        return self.provenance == Provenance.ORIGINAL


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    ADVISOR = "advisor", _("Advisor")
    OBSERVER = "observer", _("Observer")


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    MEDIUM = 3, _("Medium")
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Level.choices, null=True, blank=True)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Level.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="membership_once"),
            models.CheckConstraint(
                condition=Q(influence__isnull=True) | Q(influence__gte=1, influence__lte=5),
                name="membership_influence_range",
            ),
            models.CheckConstraint(
                condition=Q(interest__isnull=True) | Q(interest__gte=1, interest__lte=5),
                name="membership_interest_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.network.city, "network": self.network, "organisation": self.organisation}


class Tie(models.Model):
    """A declared collaboration: organisation A works with B on an area since a date."""

    source = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ties_out", verbose_name=_("organisation")
    )
    target = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ties_in", verbose_name=_("works with")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area"))
    since = models.DateField(_("since"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["source__name", "target__name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "area"], name="tie_once_per_area"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="tie_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ↔ {self.target}"

    def scope(self) -> dict[str, Any]:
        return {"city": self.source.city, "organisation": self.source}


class MeetingKind(models.TextChoices):
    PARTNER_MEETING = "partner_meeting", _("Partner meeting")
    SIG_MEETING = "sig_meeting", _("SIG meeting")
    STUDY_VISIT = "study_visit", _("Study visit")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    ROUND_TABLE = "round_table", _("Round table")
    OTHER = "other", _("Other meeting")


class Meeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name=_("city")
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="meeting_end_after_start")]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> dict[str, Any]:
        return {"city": self.network.city, "network": self.network}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Signed-in members of the network")
    PRIVATE = "private", _("Only the organisation and the city team")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User | Any) -> PersonQuerySet:
        if user.is_authenticated and user.is_superuser:
            return self
        visible = Q(visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            visible |= Q(visibility=Visibility.NETWORK)
            visible |= Q(user=user)
            visible |= Q(organisation__roles__user=user)
            visible |= Q(organisation__city__roles__user=user, organisation__city__roles__kind=RoleKind.CITY_TEAM)
        return self.filter(visible).distinct()


class Person(models.Model):
    """A contact person who acts for an organisation.

    Personal fields are stored only with a recorded consent; nothing sensitive
    (nationality, residence status) is ever kept here.
    """

    PERSONAL_FIELDS = ("name", "email", "phone")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> dict[str, Any]:
        return {"city": self.organisation.city, "organisation": self.organisation}


class Consent(models.Model):
    """What a person agreed to, when, and in which wording."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=200)
    wording_version = models.CharField(_("wording version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.wording_version})"


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    CITY_TEAM = "city_team", _("City team")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    ORG_MEMBER = "org_member", _("Organisation member")


class Role(models.Model):
    """What a user may do, and where: in a network, a city or an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=RoleKind.COORDINATOR, network__isnull=False, city__isnull=True, organisation__isnull=True)
                    | Q(kind=RoleKind.CITY_TEAM, city__isnull=False, network__isnull=True, organisation__isnull=True)
                    | Q(
                        kind__in=[RoleKind.ORG_ADMIN, RoleKind.ORG_MEMBER],
                        organisation__isnull=False,
                        network__isnull=True,
                        city__isnull=True,
                    )
                ),
                name="role_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "network"], condition=Q(network__isnull=False), name="role_once_in_network"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "city"], condition=Q(city__isnull=False), name="role_once_in_city"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="role_once_in_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.network or self.city or self.organisation}"

    @property
    def needs_second_factor(self) -> bool:
        return self.kind in (RoleKind.COORDINATOR, RoleKind.CITY_TEAM)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    kind = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (RoleKind.ORG_ADMIN.value, RoleKind.ORG_ADMIN.label),
            (RoleKind.ORG_MEMBER.value, RoleKind.ORG_MEMBER.label),
        ],
        default=RoleKind.ORG_MEMBER,
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    language = models.CharField(max_length=8, default="en")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("network:invitation", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires > timezone.now()


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def visible_to(self, user: Any) -> LogEntryQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        coordinated = Network.objects.filter(roles__user=user, roles__kind=RoleKind.COORDINATOR)
        partner_cities = City.objects.filter(organisations__memberships__network__in=coordinated)
        team_cities = City.objects.filter(roles__user=user, roles__kind=RoleKind.CITY_TEAM)
        return self.filter(Q(network__in=coordinated) | Q(city__in=partner_cities) | Q(city__in=team_cities))


class LogEntry(models.Model):
    """Who changed what, when. Personal values are never copied in here."""

    created = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    city = models.ForeignKey(City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class PlatformFigures(models.Model):
    """Figures over the whole platform, computed in the background."""

    computed_at = models.DateTimeField(default=timezone.now)
    figures = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"Figures of {self.computed_at:%Y-%m-%d %H:%M}"
