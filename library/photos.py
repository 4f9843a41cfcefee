"""Photos people share (audit evidence, photovoice): checked like library attachments, location read only with consent.

Every photo is checked by content and re-encoded (``library.uploads``), which drops its EXIF data
and with it any GPS position. When a photovoice author agreed to keep where the photo was taken,
the position is read from the original first and kept as two numbers beside the entry; the
stored file never carries it.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from library.uploads import IMAGE_FORMATS, check_upload

GPS_IFD = 0x8825


def _degrees(value: Any, reference: str) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    return round(-decimal if reference in ("S", "W") else decimal, 6)


def gps_position(data: bytes) -> tuple[float | None, float | None]:
    """(latitude, longitude) from a photo's EXIF, or (None, None)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, None
    if not gps or 2 not in gps or 4 not in gps:
        return None, None
    return _degrees(gps[2], str(gps.get(1, "N"))), _degrees(gps[4], str(gps.get(3, "E")))


def clean_photo(upload: Any, keep_location: bool = False) -> tuple[Any, float | None, float | None]:
    """The photo to store (re-encoded, without EXIF) and, only with consent, where it was taken."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise ValidationError(_("Choose a photo: JPEG, PNG, GIF or WebP."))
    latitude = longitude = None
    if keep_location:
        upload.seek(0)
        latitude, longitude = gps_position(upload.read())
    stored, _name, _content_type = check_upload(upload)
    return stored, latitude, longitude
