"""Photovoice: a public call, photos with captions sent with consent, a moderation queue, a gallery."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import ratelimit
from library.uploads import CONTENT_TYPES
from network.audit import log_action
from participation import permissions
from participation.forms import PhotovoiceForm
from participation.models import Moderation, PhotovoiceCall, PhotovoiceEntry

PHOTOS_PER_HOUR = 10


def _can_moderate(request: HttpRequest, call: PhotovoiceCall) -> bool:
    return permissions.organisers_for(request.user).filter(pk=call.organiser_id).exists()


@require_http_methods(["GET", "POST"])
def call_page(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(PhotovoiceCall.objects.select_related("city", "organiser"), slug=slug)
    form = PhotovoiceForm(request.POST or None, request.FILES or None)
    context = {
        "call": call,
        "form": form,
        "gallery": call.entries.filter(status=Moderation.APPROVED)[:60],
        "can_moderate": _can_moderate(request, call),
    }
    if request.method != "POST":
        return render(request, "participation/photovoice.html", context)
    if form.is_robot:
        return render(request, "participation/photo_sent.html", {"call": call})
    if not call.is_open:
        form.add_error(None, _("This call is closed: photos are no longer taken."))
    elif not ratelimit.allowed(request, "photovoice", PHOTOS_PER_HOUR, 3600):
        form.add_error(None, _("Too many photos from this connection. Try again in an hour."))
    elif form.is_valid():
        data = form.cleaned_data
        latitude, longitude = form.position if data["keep_location"] else (None, None)
        PhotovoiceEntry.objects.create(
            call=call,
            photo=data["photo"],
            caption=data["caption"].strip(),
            language=data["language"],
            author=data["author"].strip(),
            licence=data["licence"],
            consent=timezone.now(),
            latitude=latitude,
            longitude=longitude,
        )
        return render(request, "participation/photo_sent.html", {"call": call})
    return render(request, "participation/photovoice.html", context, status=400)


@require_GET
def photo(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A photo: anyone sees it once approved; the organisers also before."""
    entry = get_object_or_404(PhotovoiceEntry.objects.select_related("call"), pk=pk, call__slug=slug)
    if entry.status != Moderation.APPROVED and not _can_moderate(request, entry.call):
        raise Http404
    response = FileResponse(entry.photo.open("rb"))
    suffix = "." + entry.photo.name.rsplit(".", 1)[-1].lower()
    response["Content-Type"] = CONTENT_TYPES.get(suffix, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(PhotovoiceCall, slug=slug)
    if not _can_moderate(request, call):
        raise PermissionDenied
    return render(
        request,
        "participation/photovoice_queue.html",
        {"call": call, "entries": call.entries.filter(status=Moderation.PENDING)[:100]},
    )


@login_required
@require_POST
def moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = get_object_or_404(PhotovoiceCall, slug=slug)
    if not _can_moderate(request, call):
        raise PermissionDenied
    entry = get_object_or_404(PhotovoiceEntry, pk=pk, call=call)
    decision = request.POST.get("decision")
    if decision not in (Moderation.APPROVED, Moderation.REJECTED):
        raise Http404
    entry.status = decision
    entry.save(update_fields=["status"])
    log_action(request.user, f"participation.photovoice.{decision}", call, {"entry": entry.pk})
    messages.success(request, _("Saved."))
    return redirect("participation:photovoice-queue", slug=call.slug)
