"""The library's pages: search, resources in the reader's language, editing, workflow and travels."""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.pagecache import generation
from lib.tabular import csv_response
from lib.text import unique_slug
from library import permissions, search, services
from library.forms import (
    AdaptationForm,
    AttachmentForm,
    QualityReviewForm,
    ResourceForm,
    SearchForm,
    TextForm,
    TransitionForm,
    TranslationRequestForm,
)
from library.models import (
    Adaptation,
    Attachment,
    Kind,
    QualityReview,
    Resource,
    ResourceQuerySet,
    ResourceText,
    Revision,
    Status,
    TargetGroup,
    TextStatus,
    label,
)
from library.translation import TranslationUnavailable
from library.translation import available as machine_translation_available
from network.models import Area, City, Country, Organisation, Provenance
from network.views.editing import saved_unless_stale

LANGUAGE_NAMES = dict(settings.LANGUAGES)
RESULT_LIMIT = 100


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _with_texts(queryset: ResourceQuerySet) -> ResourceQuerySet:
    return queryset.select_related("organisation", "city", "country").prefetch_related(
        Prefetch("texts", queryset=ResourceText.objects.order_by("language"))
    )


def _filtered(filters: dict[str, Any]) -> ResourceQuerySet:
    queryset = Resource.objects.published()
    lookups = {
        "kind": "kind",
        "area": "areas",
        "target": "target_groups",
        "country": "country",
        "city": "city",
        "organisation": "organisation",
        "year": "year",
    }
    for key, lookup in lookups.items():
        if key in filters:
            queryset = queryset.filter(**{lookup: filters[key]})
    if "language" in filters:
        queryset = queryset.filter(
            pk__in=ResourceText.objects.filter(language=filters["language"], status=TextStatus.PUBLISHED).values(
                "resource"
            )
        )
    return queryset


def _facets(ids: list[int] | None, filters: dict[str, Any]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per facet value over the result set (``ids``) or, without a query, the filtered catalogue."""
    if ids is not None:
        return _labelled(_counted_in_python(ids))
    chosen = repr(sorted((k, str(v)) for k, v in filters.items()))
    key = f"library:facets:{generation()}:{_language()}:{hashlib.blake2b(chosen.encode(), digest_size=12).hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    base = _filtered(filters)

    def counted(field: str) -> list[tuple[Any, int]]:
        rows = base.order_by().values(field).annotate(n=Count("pk", distinct=True)).filter(n__gt=0)
        return [(row[field], row["n"]) for row in rows if row[field] is not None]

    texts = ResourceText.objects.filter(status=TextStatus.PUBLISHED, resource__in=base)
    languages = texts.order_by().values("language").annotate(n=Count("resource", distinct=True))
    counts = {
        name: counted(field)
        for name, field in (
            ("kind", "kind"),
            ("area", "areas"),
            ("target", "target_groups"),
            ("country", "country"),
            ("city", "city"),
            ("organisation", "organisation"),
            ("year", "year"),
        )
    }
    counts["language"] = [(row["language"], row["n"]) for row in languages]
    result = _labelled(counts)
    cache.set(key, result, 300)
    return result


def _counted_in_python(ids: list[int]) -> dict[str, list[tuple[Any, int]]]:
    """Facet counts of a result list (at most ``RESULT_LIMIT`` resources): four narrow reads, counted here.

    Grouped counts in SQL cost a query per facet with a join each; over a hundred ids reading the
    columns and counting them is several times cheaper.
    """
    columns = ("kind", "country_id", "city_id", "organisation_id", "year")
    rows = list(Resource.objects.filter(pk__in=ids).order_by().values_list(*columns))
    counts: dict[str, Counter[Any]] = {name: Counter() for name in ("kind", "country", "city", "organisation", "year")}
    for row in rows:
        for name, value in zip(counts, row, strict=True):
            if value is not None:
                counts[name][value] += 1
    through = {
        "area": (Resource.areas.through, "area_id"),
        "target": (Resource.target_groups.through, "targetgroup_id"),
    }
    for name, (model, column) in through.items():
        counts[name] = Counter(model._default_manager.filter(resource_id__in=ids).values_list(column, flat=True))
    languages = (
        ResourceText.objects.filter(resource_id__in=ids, status=TextStatus.PUBLISHED)
        .order_by()
        .values_list("resource_id", "language")
        .distinct()
    )
    counts["language"] = Counter(language for _resource, language in languages)
    return {name: list(counter.items()) for name, counter in counts.items()}


def _labelled(counts: dict[str, list[tuple[Any, int]]]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet, in the order and with the labels the page shows."""
    kinds = dict(Kind.choices)
    areas = {a.pk: a for a in Area.objects.all()}
    groups = {g.pk: g for g in TargetGroup.objects.all()}
    countries = {c.pk: c for c in Country.objects.all()}
    cities = City.objects.in_bulk([value for value, _n in counts["city"]])
    organisation_counts = sorted(counts["organisation"], key=lambda item: -item[1])[:15]
    organisations = Organisation.objects.in_bulk([value for value, _n in organisation_counts])
    result = {
        "kind": [(value, str(kinds.get(value, value)), n) for value, n in counts["kind"]],
        "area": [(areas[v].code, areas[v].name, n) for v, n in counts["area"] if v in areas],
        "target": [(groups[v].code, groups[v].name, n) for v, n in counts["target"] if v in groups],
        "country": [(v, countries[v].name, n) for v, n in counts["country"] if v in countries],
        "city": [(cities[v].slug, str(cities[v]), n) for v, n in counts["city"] if v in cities],
        "language": [(code, LANGUAGE_NAMES.get(code, ""), n) for code, n in counts["language"]],
        "organisation": [(organisations[v].slug, organisations[v].name, n) for v, n in organisation_counts],
        "year": sorted(((str(v), str(v), n) for v, n in counts["year"]), reverse=True),
    }
    for name in ("kind", "area", "target", "country", "city", "language"):
        result[name].sort(key=lambda item: (-item[2], item[1]))
    return result


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = form.filters()
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    if query and search.tokens(query):
        # Unordered: the model's default ordering made SQLite walk the published-date index.
        allowed = list(_filtered(filters).order_by().values_list("pk", flat=True)) if filters else None
        ids = search.search(query, allowed=allowed, limit=RESULT_LIMIT)
        page: Any = Paginator(ids, 20).get_page(request.GET.get("page"))
        resources = _with_texts(Resource.objects.all()).prefetch_related("areas").published_among(page.object_list)
        facets = _facets(ids, {})
    else:
        page = Paginator(_with_texts(_filtered(filters)).prefetch_related("areas"), 20).get_page(
            request.GET.get("page")
        )
        resources = list(page.object_list)
        facets = _facets(None, filters)
        query = ""
    hits = [_hit(resource, query) for resource in resources]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "page": page,
            "hits": hits,
            "q": query,
            "facets": _facet_links(facets, params),
            "query": params.urlencode(),
            "can_create": permissions.can_create(request.user),
            "feed_language": _language(),
        },
    )


def _hit(resource: Resource, query: str) -> dict[str, Any]:
    text = resource.text_for(_language())
    return {
        "resource": resource,
        "text": text,
        "title": search.highlight(text.title, query, 200) if text and query else (text.title if text else ""),
        "snippet": search.highlight(text.summary if text else "", query),
        "translated": text is not None and text.language == _language(),
        "languages": [t.language for t in resource.published_texts()],
    }


def _facet_links(facets: dict[str, list[tuple[str, str, int]]], params: Any) -> list[dict[str, Any]]:
    labels = {
        "kind": _("Kind"),
        "area": _("Area"),
        "target": _("Target group"),
        "country": _("Country"),
        "city": _("City"),
        "language": _("Language"),
        "organisation": _("Organisation"),
        "year": _("Year"),
    }
    groups = []
    for name, values in facets.items():
        if not values:
            continue
        items = []
        for value, text, count in values:
            chosen = params.get(name) == str(value)
            link = params.copy()
            if chosen:
                link.pop(name, None)
            else:
                link[name] = value
            items.append({"label": text, "count": count, "chosen": chosen, "query": link.urlencode()})
        groups.append({"name": name, "label": labels[name], "items": items})
    return groups


def _resource(request: HttpRequest, slug: str) -> Resource:
    resource = get_object_or_404(
        _with_texts(Resource.objects.all()).prefetch_related("areas", "target_groups", "stakeholders"), slug=slug
    )
    if not permissions.can_read(request.user, resource):
        raise Http404
    return resource


@require_GET
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(request, slug)
    language = request.GET.get("lang") or _language()
    can_edit = request.user.is_authenticated and permissions.can_edit(request.user, resource)
    texts = resource._texts()
    visible = [t for t in texts if t.status == TextStatus.PUBLISHED or (can_edit and t.title)]
    text = next((t for t in visible if t.language == language), None) or resource.original_text()
    original = resource.original_text()
    if text is None:
        raise Http404
    similar_ids = search.similar_resources(resource.pk, 5)
    similar_sorted = _with_texts(Resource.objects.all()).published_among(similar_ids)
    missing = [code for code, _name in settings.LANGUAGES if code not in {t.language for t in texts}]
    return render(
        request,
        "library/resource.html",
        {
            "resource": resource,
            "text": text,
            "original": original,
            "is_fallback": not any(t.language == _language() for t in visible),
            "reader_language": LANGUAGE_NAMES.get(_language(), ""),
            "versions": [
                {"text": t, "name": LANGUAGE_NAMES.get(t.language, t.language), "outdated": t.is_outdated(original)}
                for t in visible
            ],
            "outdated": text.is_outdated(original),
            "quality": getattr(resource, "quality", None) if resource.is_practice else None,
            "attachments": resource.attachments.all(),
            "adaptations": resource.adaptations.select_related("city__country", "organisation").prefetch_related(
                "partners"
            ),
            "similar": [(r, r.text_for(_language())) for r in similar_sorted],
            "can_edit": can_edit,
            "can_review": request.user.is_authenticated and permissions.can_review(request.user, resource),
            "can_request": permissions.can_request_translation(request.user) and bool(missing),
            "can_adapt": resource.is_practice
            and resource.status == Status.PUBLISHED
            and permissions.adaptation_cities(request.user).exists(),
            "request_form": TranslationRequestForm(missing=missing),
            "steps": _steps(request.user, resource),
            "pending": [t for t in texts if t.status != TextStatus.PUBLISHED],
            "machine_translation": machine_translation_available(),
        },
    )


def _steps(user: Any, resource: Resource) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return []
    labels = {
        "submit": _("Submit for review"),
        "publish": _("Publish"),
        "return": _("Return to the author"),
        "archive": _("Archive"),
    }
    steps = []
    for step, (sources, _target) in services.TRANSITIONS.items():
        if resource.status not in sources:
            continue
        allowed = permissions.can_edit(user, resource) if step == "submit" else permissions.can_review(user, resource)
        if allowed:
            steps.append((step, labels[step]))
    return steps


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user):
        raise PermissionDenied
    organisations = permissions.owner_organisations(request.user)
    initial: dict[str, Any] = {"original_language": _language()}
    first = organisations.select_related("city").first()
    if first is not None:
        initial.update({"organisation": first, "city": first.city, "country": first.city.country_id})
    form = ResourceForm(request.POST or None, organisations=organisations, initial=initial)
    form.fields.pop("version")
    text_form = TextForm(request.POST or None, prefix="text")
    if request.method == "POST" and form.is_valid() and text_form.is_valid():
        resource = form.instance
        resource.slug = unique_slug(text_form.cleaned_data["title"], Resource, "resource")
        resource.created_by = request.user
        resource = services.create_resource(request.user, form.save, text_form.save(commit=False))
        messages.success(request, _("The resource was saved as a draft. Submit it for review when it is ready."))
        return redirect(resource)
    return render(
        request,
        "library/resource_form.html",
        {"form": form, "text_form": text_form, "title": _("New resource")},
    )


def _editable(request: HttpRequest, slug: str) -> Resource:
    resource = _resource(request, slug)
    if not permissions.can_edit(request.user, resource):
        raise PermissionDenied
    return resource


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _editable(request, slug)
    organisations = permissions.owner_organisations(request.user) | Organisation.objects.filter(
        pk=resource.organisation_id
    )
    form = ResourceForm(request.POST or None, instance=resource, organisations=organisations.distinct())
    form.fields["original_language"].disabled = True
    if saved_unless_stale(
        request, form, lambda version: services.update_resource(request.user, resource, version, form.save)
    ):
        messages.success(request, _("The resource was saved."))
        return redirect(resource)
    return render(
        request, "library/resource_form.html", {"form": form, "title": _("Edit %(name)s") % {"name": resource}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def text_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = _resource(request, slug)
    if language not in LANGUAGE_NAMES:
        raise Http404
    if not permissions.can_translate(request.user, resource, language):
        raise PermissionDenied
    original = resource.original_text()
    text = ResourceText.objects.filter(resource=resource, language=language).first()
    if text is None:
        text = ResourceText(resource=resource, language=language, provenance=Provenance.HUMAN)
    if text.is_original and not permissions.can_edit(request.user, resource):
        raise PermissionDenied
    form = TextForm(request.POST or None, instance=text, practice=resource.is_practice)
    if not request.POST and original is not None and not text.is_original:
        form.initial["source_revision"] = original.revision
    if request.method == "POST" and text.pk and not request.POST.get("version"):
        # The version did not exist when this form was opened; someone else started it meanwhile.
        form.is_valid()
        form.add_error(None, services.StaleEdit.message)
    elif request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if edited.provenance == Provenance.MACHINE:
            # A person edited the machine's draft: it is now a human translation.
            edited.provenance = Provenance.HUMAN
        try:
            services.save_text(
                request.user,
                edited,
                form.cleaned_data.get("version"),
                source_revision=form.cleaned_data.get("source_revision"),
            )
        except services.StaleEdit as stale:
            form.add_error(None, stale.message)
        else:
            if edited.is_outdated():
                messages.warning(
                    request,
                    _("Saved. The original changed while you were translating; the translation is marked outdated."),
                )
            else:
                messages.success(request, _("The text was saved."))
            return redirect(f"{resource.get_absolute_url()}?lang={language}")
    return render(
        request,
        "library/text_form.html",
        {
            "form": form,
            "resource": resource,
            "original": original if not text.is_original else None,
            "language_name": LANGUAGE_NAMES[language],
            "title": _("%(language)s version of %(name)s") % {"language": LANGUAGE_NAMES[language], "name": resource},
        },
    )


@login_required
@require_POST
def translation_request(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(request, slug)
    if not permissions.can_request_translation(request.user):
        raise PermissionDenied
    existing = set(resource.texts.values_list("language", flat=True))
    form = TranslationRequestForm(request.POST, missing=[c for c, _n in settings.LANGUAGES if c not in existing])
    if form.is_valid():
        services.request_translation(request.user, resource, form.cleaned_data["language"])
        messages.success(request, _("The translation was requested. Translators and editors see it in their queue."))
    else:
        messages.error(request, _("Choose a language this resource is not yet available in."))
    return redirect(resource)


@login_required
@require_POST
def machine_translation(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = _resource(request, slug)
    if language not in LANGUAGE_NAMES or language == resource.original_language:
        raise Http404
    if not permissions.can_translate(request.user, resource, language):
        raise PermissionDenied
    try:
        services.machine_translate(request.user, resource, language)
    except TranslationUnavailable as error:
        messages.error(request, error.message)
        return redirect(resource)
    except services.WorkflowError:
        messages.error(request, _("A human translation exists already; it is not replaced by a machine one."))
        return redirect(resource)
    messages.success(request, _("A machine translation was drafted. It is labelled as such until a person edits it."))
    return redirect(f"{resource.get_absolute_url()}?lang={language}")


@login_required
@require_POST
def text_publish(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = _resource(request, slug)
    if not permissions.can_review(request.user, resource):
        raise PermissionDenied
    text = get_object_or_404(ResourceText, resource=resource, language=language)
    try:
        services.publish_text(request.user, text)
    except services.WorkflowError:
        messages.error(request, _("A translation without a title cannot be published."))
    else:
        messages.success(request, _("The translation was published."))
    return redirect(f"{resource.get_absolute_url()}?lang={language}")


@login_required
@require_POST
def transition(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(request, slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    step = form.cleaned_data["step"]
    allowed = (
        permissions.can_edit(request.user, resource)
        if step == "submit"
        else permissions.can_review(request.user, resource)
    )
    if not allowed:
        raise PermissionDenied
    try:
        services.transition(request.user, resource, step, form.cleaned_data["comment"])
    except services.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The resource is now: %(status)s.") % {"status": resource.get_status_display()})
    return redirect(resource)


@login_required
@require_GET
def history(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = _editable(request, slug)
    text = get_object_or_404(ResourceText, resource=resource, language=language)
    revisions = list(Revision.objects.filter(text=text).select_related("user").order_by("-number")[:50])
    entries = []
    for newer, older in zip(revisions, [*revisions[1:], None], strict=False):
        entries.append({"revision": newer, "changes": _diff(older.data if older else {}, newer.data)})
    return render(
        request,
        "library/history.html",
        {"resource": resource, "text": text, "entries": entries, "language_name": LANGUAGE_NAMES[language]},
    )


def _diff(before: dict[str, str], after: dict[str, str]) -> list[dict[str, Any]]:
    """Word-level changes per field, as escaped HTML with <ins> and <del>."""
    labels = {name: label(ResourceText, name) for name in ResourceText.TEXT_FIELDS}
    changes = []
    for name in ResourceText.TEXT_FIELDS:
        readable = search.plain_text if name in services.RICH_FIELDS else str
        old = readable(before.get(name, "")).split()
        new = readable(after.get(name, "")).split()
        if old == new:
            continue
        parts: list[str] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "equal":
                parts.append(escape(" ".join(old[i1:i2])))
            if tag in ("delete", "replace"):
                parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
            if tag in ("insert", "replace"):
                parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
        changes.append({"field": labels[name], "html": mark_safe(" ".join(parts))})
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def quality_review(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(request, slug)
    if not resource.is_practice:
        raise Http404
    if not permissions.can_review(request.user, resource):
        raise PermissionDenied
    review = QualityReview.objects.filter(resource=resource).first() or QualityReview(resource=resource)
    form = QualityReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.save_review(request.user, form.save(commit=False))
        messages.success(request, _("The quality checklist was saved."))
        return redirect(resource)
    return render(
        request,
        "library/form.html",
        {"form": form, "resource": resource, "title": _("Quality checklist: %(name)s") % {"name": resource}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _editable(request, slug)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.resource = resource
        services.add_attachment(request.user, attachment)
        messages.success(request, _("The file was attached."))
        return redirect(resource)
    return render(
        request,
        "library/form.html",
        {"form": form, "resource": resource, "multipart": True, "title": _("Attach a file")},
    )


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    resource = _resource(request, slug)
    attachment = get_object_or_404(Attachment, resource=resource, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    # Never rendered in the site's origin: a download, no sniffing, and a sandbox if opened anyway.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store" if resource.status != Status.PUBLISHED else "public, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    resource = _editable(request, slug)
    attachment = get_object_or_404(Attachment, resource=resource, pk=pk)
    if request.method == "POST":
        services.remove_attachment(request.user, attachment)
        messages.success(request, _("The file was removed."))
        return redirect(resource)
    return render(
        request, "network/confirm.html", {"title": _("Remove %(name)s") % {"name": attachment}, "object": attachment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def adaptation_add(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _resource(request, slug)
    cities = permissions.adaptation_cities(request.user)
    if not resource.is_practice or resource.status != Status.PUBLISHED:
        raise Http404
    if not cities.exists():
        raise PermissionDenied
    form = AdaptationForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        adaptation = form.instance
        adaptation.practice = resource
        if not permissions.can_record_adaptation(request.user, adaptation.city):
            raise PermissionDenied
        services.record_adaptation(request.user, adaptation, form.save)
        messages.success(request, _("The adaptation was recorded on the practice."))
        return redirect(resource)
    return render(
        request,
        "library/form.html",
        {"form": form, "resource": resource, "title": _("Record that your city adapted %(name)s") % {"name": resource}},
    )


def practice_flows(network_slug: str | None = None, city: City | None = None) -> dict[str, Any]:
    """Adaptations as flows from the practice's city to the adapting city, and between countries."""
    adaptations = Adaptation.objects.select_related("city__country", "practice__city", "practice__country")
    if city is not None:
        adaptations = adaptations.filter(Q(city=city) | Q(practice__city=city))
    if network_slug:
        members = Organisation.objects.filter(memberships__network__slug=network_slug).values("city")
        adaptations = adaptations.filter(Q(city__in=members) | Q(practice__city__in=members))
    cities: Counter[tuple[Any, Any]] = Counter()
    countries: Counter[tuple[Any, Any]] = Counter()
    for adaptation in adaptations:
        source_city = adaptation.practice.city
        cities[(source_city, adaptation.city)] += 1
        countries[(adaptation.practice.country, adaptation.city.country)] += 1
    return {
        "city_flows": [
            {"source": s, "target": t, "count": n} for (s, t), n in sorted(cities.items(), key=lambda i: -i[1])
        ],
        "country_flows": [
            {"source": s, "target": t, "count": n} for (s, t), n in sorted(countries.items(), key=lambda i: -i[1])
        ],
    }


@require_GET
def flows(request: HttpRequest) -> HttpResponse:
    network = request.GET.get("network") or None
    city = City.objects.filter(slug=request.GET.get("city") or "").first()
    return render(request, "library/flows.html", {**practice_flows(network, city), "network": network, "city": city})


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Work waiting for this user: resources to review, translations to draft or publish."""
    candidates = _with_texts(Resource.objects.exclude(status=Status.ARCHIVED))
    to_review = [r for r in candidates.filter(status=Status.SUBMITTED) if permissions.can_review(request.user, r)]
    pending = ResourceText.objects.exclude(status=TextStatus.PUBLISHED).select_related(
        "resource__organisation__city", "resource__country"
    )
    translations = [
        t
        for t in pending.order_by("-updated")[:200]
        if permissions.can_translate(request.user, t.resource, t.language)
        or permissions.can_review(request.user, t.resource)
    ]
    mine = _with_texts(
        Resource.objects.filter(organisation__in=permissions.owner_organisations(request.user)).exclude(
            status=Status.PUBLISHED
        )
    )[:100]
    return render(
        request,
        "library/queue.html",
        {"to_review": to_review, "translations": translations, "mine": mine, "names": LANGUAGE_NAMES},
    )


EXPORT_COLUMNS = [
    ("resource", "The resource's identifier (slug); one row per published language version."),
    ("kind", "Kind of resource: " + ", ".join(value for value, _label in Kind.choices) + "."),
    ("language", "Language code of this version (ISO 639-1)."),
    ("provenance", "original, human (human translation) or machine (machine translation, not reviewed for meaning)."),
    ("outdated", "yes when the original changed after this translation was made."),
    ("title", "Title in this language."),
    ("summary", "Summary in this language, plain text."),
    ("organisation", "Owner organisation (slug in /api/v1/organisations/)."),
    ("city", "City (slug in /api/v1/cities/), may be empty."),
    ("country", "Country code (ISO 3166-1 alpha-2)."),
    ("areas", "Areas of integration work, codes separated by |."),
    ("target_groups", "Target groups, codes separated by |."),
    ("year", "Year the resource refers to."),
    ("licence", "Licence of the resource."),
    ("published", "Date the resource was published in Integra (ISO 8601)."),
    ("url", "Address of the resource's page."),
]


@require_GET
def export_catalogue(request: HttpRequest) -> HttpResponse:
    resources = (
        Resource.objects.published()
        .select_related("organisation", "city", "country")
        .prefetch_related(
            "areas", "target_groups", Prefetch("texts", queryset=ResourceText.objects.order_by("language"))
        )
        .order_by("pk")
    )

    def rows() -> Any:
        for resource in resources.iterator(chunk_size=500):
            original = resource.original_text()
            for text in resource.published_texts():
                yield [
                    resource.slug,
                    resource.kind,
                    text.language,
                    text.provenance,
                    "yes" if text.is_outdated(original) else "no",
                    text.title,
                    text.summary,
                    resource.organisation.slug,
                    resource.city.slug if resource.city else "",
                    resource.country_id,
                    "|".join(a.code for a in resource.areas.all()),
                    "|".join(g.code for g in resource.target_groups.all()),
                    resource.year,
                    resource.licence,
                    resource.published_at.date().isoformat() if resource.published_at else "",
                    settings.SITE_URL + resource.get_absolute_url(),
                ]

    return csv_response("integra-library.csv", [name for name, _d in EXPORT_COLUMNS], rows())


@require_GET
def export_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "library/dictionary.html", {"columns": EXPORT_COLUMNS})
