"""Checking attachments by what they contain, not by what they are called.

An upload must have an allowed extension, be within the size limit, and its bytes must be what the
extension claims: a PDF starts like one, an office file is a zip with the parts of its format, an
image decodes. Anything that also looks like a web page (an HTML/PNG polyglot, say) is refused.
Images are re-encoded, which drops their metadata (camera, GPS position).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
# Markers a browser would take as a web page or script, in any case.
WEB_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg", b"<object", b"javascript:")


def safe_name(name: str) -> str:
    """The uploader's file name without any folder part, for display and the download header."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = get_valid_filename(base) if base.strip(". ") else ""
    return cleaned[:150] or "attachment"


def check_upload(upload: Any) -> tuple[Any, str, str]:
    """Validate an uploaded file; returns (file to store, safe name, content type) or raises ValidationError."""
    name = safe_name(upload.name or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(types)s.")
            % {"types": ", ".join(sorted({s.lstrip(".").upper() for s in CONTENT_TYPES}))}
        )
    limit = settings.LIBRARY_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
    upload.seek(0)
    data = upload.read()
    if not data:
        raise ValidationError(_("The file is empty."))
    lowered = data.lower()
    # Images and PDFs are scanned whole (a polyglot hides its page anywhere); zips only at the start.
    scan = lowered if suffix in IMAGE_FORMATS or suffix == ".pdf" else lowered[:1024]
    if any(marker in scan for marker in WEB_MARKERS):
        raise ValidationError(_("The file contains web page code and cannot be attached."))
    checker = _CHECKS[suffix]
    stored = checker(data, suffix)
    return SimpleUploadedFile(name, stored, CONTENT_TYPES[suffix]), name, CONTENT_TYPES[suffix]


def _mismatch() -> ValidationError:
    return ValidationError(_("The file's content does not match its name. Save it in the right format and try again."))


def _pdf(data: bytes, suffix: str) -> bytes:
    if not data.startswith(b"%PDF-"):
        raise _mismatch()
    return data


OFFICE_PARTS = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}


def _office(data: bytes, suffix: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if suffix == ".odt":
            ok = archive.read("mimetype").strip() == CONTENT_TYPES[".odt"].encode()
        else:
            ok = all(part in names for part in OFFICE_PARTS[suffix])
        if any(name.startswith("/") or ".." in name.split("/") for name in names):
            ok = False
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        ok = False
    if not ok:
        raise _mismatch()
    return data


def _image(data: bytes, suffix: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 50_000_000
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != IMAGE_FORMATS[suffix] and not (suffix in (".jpg", ".jpeg") and image.format == "MPO"):
                raise _mismatch()
            image.load()
            clean = image.copy()
            # Pillow writes ``info`` back (a GIF comment, a PNG text chunk); keep only transparency.
            clean.info = {key: value for key, value in image.info.items() if key == "transparency"}
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _mismatch() from None
    out = io.BytesIO()
    target = IMAGE_FORMATS[suffix]
    if target == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    # Saved without the original's info: EXIF (with any GPS position) and comments are gone.
    clean.save(out, format=target)
    return out.getvalue()


_CHECKS = {
    ".pdf": _pdf,
    ".docx": _office,
    ".xlsx": _office,
    ".odt": _office,
    **{suffix: _image for suffix in IMAGE_FORMATS},
}
