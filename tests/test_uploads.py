"""leaderdev.uploads on its own: the upload rule (size, kind by content, extension), random stored
names, the private storage, serving a stored file, and re-encoding images."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from leaderdev.uploads import MEGABYTE, RandomName, UploadRule, clean_image, private_storage, serve

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
RULE = UploadRule("pdf", "png", "jpeg", "docx", max_mb=10)


def image_bytes(fmt: str, size=(8, 6), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format=fmt, **save)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(rule, file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        rule(file)
    return caught.value


# --- UploadRule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("transcript.pdf", PDF_BYTES),
        ("TRANSCRIPT.PDF", PDF_BYTES),
        ("scan.png", image_bytes("PNG")),
        ("scan.jpg", image_bytes("JPEG")),
        ("scan.jpeg", image_bytes("JPEG")),
        ("letter.docx", docx_bytes()),
    ],
)
def test_it_accepts_the_allowed_kinds_under_their_own_names(name, content):
    RULE(upload(name, content))


def test_it_refuses_a_file_over_the_limit_and_says_the_sizes():
    big = upload("big.pdf", PDF_BYTES + b"0" * (10 * MEGABYTE))
    error = refusal(RULE, big)
    assert error.code == "file_too_large"
    assert "the limit is 10 MB" in error.messages[0]


def test_it_accepts_a_file_of_exactly_the_limit():
    RULE(upload("exact.pdf", PDF_BYTES + b"0" * (10 * MEGABYTE - len(PDF_BYTES))))


def test_it_refuses_an_empty_file():
    assert refusal(RULE, upload("empty.pdf", b"")).code == "empty_file"


def test_it_refuses_a_text_file_renamed_pdf():
    error = refusal(RULE, upload("transcript.pdf", b"#!/bin/sh\necho this is not a transcript\n"))
    assert error.code == "file_type"
    assert "not one of the allowed kinds (PDF, PNG image, JPEG image, Word document)" in error.messages[0]


def test_it_refuses_a_real_png_named_pdf():
    error = refusal(RULE, upload("transcript.pdf", image_bytes("PNG")))
    assert error.code == "file_extension"
    assert "is a PNG image" in error.messages[0] and ".png" in error.messages[0]


def test_it_refuses_a_file_without_an_extension():
    assert refusal(RULE, upload("transcript", PDF_BYTES)).code == "file_extension"


def test_it_refuses_a_kind_it_does_not_allow():
    photos_only = UploadRule("jpeg", max_mb=1)
    assert refusal(photos_only, upload("transcript.pdf", PDF_BYTES)).code == "file_type"


def test_it_leaves_the_file_where_it_was_read_from():
    file = upload("transcript.pdf", PDF_BYTES)
    file.seek(5)
    RULE(file)
    assert file.tell() == 5


def test_it_skips_a_file_already_stored():
    stored = private_storage.save("rule-test/kept.pdf", ContentFile(b"not checked again"))
    field_file = type("Stored", (), {"_committed": True, "size": 17, "name": stored})()
    RULE(field_file)  # no ValidationError: it was checked when it was uploaded


def test_it_describes_itself_for_forms_and_migrations():
    assert RULE.accept == ".pdf,.png,.jpg,.jpeg,.docx"
    assert RULE.description == "PDF, PNG image, JPEG image, Word document; at most 10 MB"
    path, args, kwargs = RULE.deconstruct()
    assert (path, args, kwargs) == (
        "leaderdev.uploads.UploadRule",
        ("pdf", "png", "jpeg", "docx"),
        {"max_mb": 10},
    )
    assert UploadRule(*args, **kwargs) == RULE
    assert UploadRule("pdf", max_mb=10) != RULE


def test_it_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="exe"):
        UploadRule("pdf", "exe", max_mb=1)


# --- Stored names and the private storage ------------------------------------------------------------


def test_random_name_keeps_only_the_extension():
    name = RandomName("licensure-evidence")(None, "Jane Smith transcript.PDF")
    folder, _, file = name.partition("/")
    assert folder == "licensure-evidence"
    assert file.endswith(".pdf") and len(file) == 32 + 4
    assert "Smith" not in name


def test_random_names_differ():
    make = RandomName("x")
    assert make(None, "a.pdf") != make(None, "a.pdf")
    assert make == RandomName("x") and make != RandomName("y")


def test_private_storage_lives_outside_the_web_root():
    location = private_storage.location
    assert str(location) == str(settings.PRIVATE_MEDIA_ROOT)
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not str(location).startswith(str(public))


def test_private_files_have_no_url():
    name = private_storage.save("rule-test/secret.pdf", ContentFile(PDF_BYTES))
    with pytest.raises(ValueError, match="no URL"):
        private_storage.url(name)


# --- serve --------------------------------------------------------------------------------------------


class _Holder:
    """Stands for a model's FieldFile: a name in the private storage that opens."""

    def __init__(self, name):
        self.name = name

    def __bool__(self):
        return bool(self.name)

    def open(self, mode="rb"):
        return private_storage.open(self.name, mode)


def test_serve_answers_an_attachment_that_browsers_may_not_sniff_or_cache():
    name = private_storage.save("rule-test/abc.pdf", ContentFile(PDF_BYTES))
    response = serve(_Holder(name), filename="Jane Smith transcript.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="Jane_Smith_transcript.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    response.file_to_stream.close()


def test_serve_inline_for_photos():
    name = private_storage.save("rule-test/face.jpg", ContentFile(image_bytes("JPEG")))
    response = serve(_Holder(name), inline=True)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, max-age=300"
    response.file_to_stream.close()


def test_serve_answers_404_for_a_missing_file():
    with pytest.raises(Http404):
        serve(_Holder("rule-test/gone.pdf"))
    with pytest.raises(Http404):
        serve(_Holder(""))


# --- clean_image ---------------------------------------------------------------------------------------


def test_clean_image_drops_exif_and_bounds_the_size():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; GPS tags travel the same way
    photo = upload("me.jpg", image_bytes("JPEG", size=(1600, 1200), exif=exif.tobytes()))
    cleaned = clean_image(photo, max_side=800, name_stem="fellow")
    with Image.open(io.BytesIO(cleaned.read())) as result:
        assert result.size == (800, 600)
        assert not result.getexif()
    assert cleaned.name == "fellow.jpg"


def test_clean_image_refuses_what_is_not_an_image():
    with pytest.raises(ValidationError, match="could not be read"):
        clean_image(upload("me.jpg", b"GIF89a but not really"))


def test_clean_image_refuses_an_image_pillow_only_warns_about(monkeypatch):
    """Between MAX_IMAGE_PIXELS and twice that Pillow only warns, then decodes: a bomb all the same."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="could not be read"):
        clean_image(upload("big.png", image_bytes("PNG", size=(40, 40))))  # 1,600 pixels


def test_clean_image_refuses_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="could not be read"):
        clean_image(upload("bomb.png", image_bytes("PNG", size=(100, 100))))  # 10,000 pixels
