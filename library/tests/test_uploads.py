"""Attachments are checked by their bytes, stored under random names and only ever served as sandboxed downloads."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from PIL.TiffImagePlugin import IFDRational

from integra.testing import Cast
from library.models import Attachment, Resource
from library.tests.conftest import make_resource
from library.uploads import check_upload, safe_name
from network.models import LogEntry

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png(**save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (30, 120, 200)).save(out, format="PNG", **save)
    return out.getvalue()


def png_with_text(key: str, value: str) -> bytes:
    info = PngInfo()
    info.add_text(key, value)
    return png(pnginfo=info)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    exif[0x8825] = {  # GPS: 50°5'N 14°25'E
        1: "N",
        2: (IFDRational(50), IFDRational(5), IFDRational(0)),
        3: "E",
        4: (IFDRational(14), IFDRational(25), IFDRational(0)),
    }
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(out, format="JPEG", exif=exif.tobytes())
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the fixture really carries a position
    return data


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX; fixed timestamps keep the bytes (and the test ids xdist compares) stable."""
    out = io.BytesIO()
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "word/document.xml": '<?xml version="1.0"?><w:document/>',
        **(extra or {}),
    }
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2019, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


# ---------------------------------------------------------------- check_upload


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", png(), "image/png"),
        ("plan.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_real_files_are_accepted(name: str, data: bytes, content_type: str) -> None:
    stored, safe, detected = check_upload(upload(name, data, "text/html"))
    assert safe == name
    assert detected == content_type
    stored.seek(0)
    if name.endswith(".PNG"):
        image = Image.open(io.BytesIO(stored.read()))
        assert (image.format, image.size) == ("PNG", (12, 8))
    else:
        assert stored.read() == data


def test_a_jpeg_loses_its_exif_and_gps_position() -> None:
    stored, name, content_type = check_upload(upload("holiday.jpg", jpeg_with_gps()))
    stored.seek(0)
    data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert (image.format, content_type, name) == ("JPEG", "image/jpeg", "holiday.jpg")
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"SpyCam" not in data


def test_a_png_loses_its_text_chunks() -> None:
    stored, _name, _type = check_upload(upload("map.png", png_with_text("Comment", "Taken at 50.08N 14.42E")))
    stored.seek(0)
    assert b"50.08N" not in stored.read()


def test_a_gif_loses_its_comment() -> None:
    """The module promises re-encoding drops metadata; a GIF comment is metadata too."""
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, format="GIF", comment=b"Home: Vinohradska 12, Praha, GPS 50.08N 14.42E")
    stored, _name, _type = check_upload(upload("map.gif", out.getvalue()))
    stored.seek(0)
    data = stored.read()
    assert Image.open(io.BytesIO(data)).format == "GIF"
    assert b"Vinohradska" not in data
    assert "comment" not in Image.open(io.BytesIO(data)).info


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "does not match its name"),
        ("photo.png", png() + b"<html><script>alert(1)</script></html>", "web page code"),
        ("photo.png", png_with_text("Comment", "<SCRIPT>alert(1)</SCRIPT>"), "web page code"),
        ("photo.jpg", png(), "does not match its name"),
        ("paper.pdf", PDF + b"<iframe src=//evil>", "web page code"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "does not match its name"),
        ("plan.docx", docx().replace(b"word/document.xml", b"word/documenX.xml"), "does not match its name"),
        ("plan.docx", docx({"../../evil.txt": b"x"}), "does not match its name"),
        ("tool.exe", b"MZ\x90\x00", "cannot be attached"),
        ("page.html", b"<p>hi</p>", "cannot be attached"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "cannot be attached"),
        ("noextension", PDF, "cannot be attached"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_dangerous_or_mislabelled_files_are_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, data))
    assert message in " ".join(refused.value.messages)


def test_an_oversized_file_is_refused(settings: Any) -> None:
    settings.LIBRARY_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("big.pdf", PDF + b"0" * 200))
    assert "larger than 100" in " ".join(refused.value.messages)
    assert check_upload(upload("small.pdf", PDF[:90]))[1] == "small.pdf"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
        ("/abs/path/My Report (final).pdf", "My_Report_final.pdf"),
        ("..", "attachment"),
        ("", "attachment"),
    ],
)
def test_names_lose_their_folders(given: str, expected: str) -> None:
    assert safe_name(given) == expected


# ---------------------------------------------------------------- the pages


def _attach(client: Client, resource: Resource, name: str, data: bytes, **fields: Any) -> Any:
    return client.post(
        f"/en/library/{resource.slug}/attachments/new/", {"file": upload(name, data), "title": "", **fields}
    )


def test_attaching_through_the_page_stores_a_random_name_and_logs_it(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Guide with files", publish=True)
    client.force_login(cast.org_member)
    response = _attach(client, resource, "../../etc/passwd.pdf", PDF, language="en")
    assert response.status_code == 302
    attachment = Attachment.objects.get(resource=resource)
    assert attachment.name == "passwd.pdf"
    assert "/" not in attachment.name
    assert attachment.file.name.startswith("library/")
    assert attachment.file.name.endswith(".pdf")
    assert "passwd" not in attachment.file.name
    assert len(attachment.file.name) == len("library/") + 32 + len(".pdf")
    assert (attachment.content_type, attachment.size, attachment.uploaded_by) == (
        "application/pdf",
        len(PDF),
        cast.org_member,
    )
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert LogEntry.objects.get(action="library.attachment.added").changes == {"name": "passwd.pdf", "size": len(PDF)}

    client.logout()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="passwd.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Type"] == "application/pdf"


def test_a_stored_jpeg_has_no_exif(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Photo essay")
    client.force_login(cast.org_member)
    assert _attach(client, resource, "walk.jpg", jpeg_with_gps()).status_code == 302
    attachment = Attachment.objects.get(resource=resource)
    with attachment.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 60, "does not match its name"),
        ("photo.png", png() + b"<html><script>alert(1)</script>", "web page code"),
        ("run.exe", b"MZ\x90\x00", "cannot be attached"),
        ("page.html", b"<html></html>", "cannot be attached"),
        ("image.svg", b"<svg/>", "cannot be attached"),
    ],
)
def test_the_page_refuses_bad_files_with_a_message(
    client: Client, cast: Cast, name: str, data: bytes, message: str
) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Bad files")
    client.force_login(cast.org_member)
    response = _attach(client, resource, name, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_page_refuses_an_oversized_file(client: Client, cast: Cast, settings: Any) -> None:
    settings.LIBRARY_MAX_UPLOAD_BYTES = 64
    resource = make_resource(cast.org_member, cast.ngo, title="Big file")
    client.force_login(cast.org_member)
    response = _attach(client, resource, "big.pdf", PDF + b" " * 100)
    assert response.status_code == 200
    assert "larger than" in " ".join(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()


def test_only_editors_attach(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Guarded", publish=True)
    client.force_login(cast.outsider)
    assert _attach(client, resource, "a.pdf", PDF).status_code == 403
    client.logout()
    response = _attach(client, resource, "a.pdf", PDF)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Attachment.objects.exists()


def test_a_drafts_attachment_is_hidden_from_anonymous_readers(client: Client, cast: Cast) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Draft with a file")
    client.force_login(cast.org_member)
    assert _attach(client, resource, "plan.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    own = client.get(attachment.get_absolute_url())
    assert own.status_code == 200
    assert own["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    # Another resource's slug does not reach it either.
    other = make_resource(cast.org_member, cast.ngo, title="Public one", publish=True)
    assert client.get(f"/en/library/{other.slug}/attachments/{attachment.pk}/").status_code == 404


def test_removing_an_attachment_deletes_the_file(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    resource = make_resource(cast.org_member, cast.ngo, title="Remove a file")
    client.force_login(cast.org_member)
    _attach(client, resource, "old.pdf", PDF)
    attachment = Attachment.objects.get()
    storage, stored = attachment.file.storage, attachment.file.name
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/library/{resource.slug}/attachments/{attachment.pk}/remove/")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not storage.exists(stored)
    assert LogEntry.objects.filter(action="library.attachment.removed").count() == 1
