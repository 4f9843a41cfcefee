"""Photovoice: photos sent with consent to a public call, the place removed unless kept, moderated, shown."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from integra.testing import Cast
from library.photos import gps_position
from network.models import LogEntry
from participation.models import PhotovoiceCall, PhotovoiceEntry


def _photo(name: str = "street.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "teal")
    exif = image.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 5.0, 24.0), 3: "E", 4: (14.0, 25.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


@pytest.fixture
def call(cast: Cast, tmp_path: object, settings: object) -> PhotovoiceCall:
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return PhotovoiceCall.objects.create(
        slug="my-street",
        city=cast.prague,
        organiser=cast.ngo,
        titles={"en": "My street", "uk": "Моя вулиця"},
        prompts={"en": "Show us a place where you feel at home.", "uk": "Покажіть місце, де ви почуваєтеся як удома."},
        closes=timezone.now() + timedelta(days=30),
    )


def _send(client: Client, call: PhotovoiceCall, **data: object) -> object:
    form = {
        "photo": _photo(),
        "caption": "Мій двір",
        "language": "uk",
        "licence": "cc-by-4.0",
        "consent": "on",
        **data,
    }
    return client.post(f"/uk/events/photovoice/{call.slug}/", form)


def _stored(entry: PhotovoiceEntry) -> bytes:
    with entry.photo.open("rb") as handle:
        return handle.read()


def test_a_photo_loses_its_place_unless_the_author_keeps_it(client: Client, call: PhotovoiceCall) -> None:
    assert _send(client, call).status_code == 200  # type: ignore[attr-defined]
    entry = PhotovoiceEntry.objects.get()
    assert entry.status == "pending" and entry.consent is not None
    assert (entry.latitude, entry.longitude) == (None, None) and gps_position(_stored(entry)) == (None, None)
    _send(client, call, keep_location="on")
    kept = PhotovoiceEntry.objects.exclude(pk=entry.pk).get()
    assert kept.latitude == pytest.approx(50.09, abs=0.01) and gps_position(_stored(kept)) == (None, None)


def test_it_refuses_what_is_not_a_photo_and_a_missing_consent(client: Client, call: PhotovoiceCall) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    assert _send(client, call, photo=fake).status_code == 400  # type: ignore[attr-defined]
    assert _send(client, call, consent="").status_code == 400  # type: ignore[attr-defined]
    assert not PhotovoiceEntry.objects.exists()
    call.closes = timezone.now() - timedelta(days=1)
    call.save()
    assert _send(client, call).status_code == 400  # type: ignore[attr-defined]
    assert not PhotovoiceEntry.objects.exists()


def test_only_approved_photos_are_shown(client: Client, cast: Cast, call: PhotovoiceCall) -> None:
    _send(client, call, caption="<script>alert(1)</script>")
    entry = PhotovoiceEntry.objects.get()
    photo_url = f"/en/events/photovoice/{call.slug}/photos/{entry.pk}/"
    assert client.get(photo_url).status_code == 404
    assert "&lt;script&gt;" not in client.get(f"/en/events/photovoice/{call.slug}/").content.decode()
    client.force_login(cast.outsider)
    assert client.get(f"/en/events/photovoice/{call.slug}/queue/").status_code == 403
    client.force_login(cast.org_member)
    queue = client.get(f"/en/events/photovoice/{call.slug}/queue/")
    assert queue.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in queue.content.decode()
    client.post(f"/en/events/photovoice/{call.slug}/queue/{entry.pk}/", {"decision": "approved"})
    entry.refresh_from_db()
    assert entry.status == "approved"
    assert LogEntry.objects.filter(action="participation.photovoice.approved").exists()
    client.logout()
    gallery = client.get(f"/en/events/photovoice/{call.slug}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in gallery and "<script>alert(1)" not in gallery
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
