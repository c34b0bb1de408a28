"""leaderdev.uploads: the upload rule (size, kind by content, extension), random stored names, the
private storage, serving a stored file and re-encoding images; then that every upload of the project
(models, forms, admin imports) carries a rule, and that each upload page refuses a file too large or a
program renamed to an allowed name, saying why."""

import importlib
import io
import pkgutil
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.http import Http404
from django.urls import reverse
from import_export.admin import ImportMixin
from PIL import Image

from leaderdev.permissions import Role
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


# --- CSV: text, not a program or a workbook renamed .csv ----------------------------------------------

CSV_RULE = UploadRule("csv", max_mb=1)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_csv_accepts_text_named_csv():
    CSV_RULE(upload("staff.csv", "employee_id,email\nE1,José@district.example\n".encode()))


def test_csv_leaves_the_encoding_to_the_importer():
    CSV_RULE(upload("schools.csv", "school_code\n4010,École\n".encode("latin-1")))


def test_csv_refuses_a_program_renamed_csv_and_says_what_it_looks_like():
    error = refusal(CSV_RULE, upload("staff.csv", EXE_BYTES))
    assert error.code == "file_type"
    assert "not one of the allowed kinds (CSV file); it looks like a .exe file" in error.messages[0]


def test_csv_refuses_binary_without_a_signature():
    assert refusal(CSV_RULE, upload("staff.csv", b"a,b\n\x00\x01\x02")).code == "file_type"


def test_csv_refuses_text_under_another_name():
    assert refusal(CSV_RULE, upload("staff.txt", b"a,b\n1,2\n")).code == "file_extension"


# --- Every upload in the project is checked --------------------------------------------------------------
# Walks every model's FileField/ImageField, every form class's FileField and every admin import form of
# the project's apps, so a new upload without an UploadRule fails the build.

PROJECT_APPS = (
    "leaderdev",
    "programs",
    "mentoring",
    "recruitment",
    "fellowships",
    "licensure",
    "competencies",
)
# Never imported by the walk: they configure or start the process rather than define forms.
NOT_WALKED = ("leaderdev.settings", "leaderdev.wsgi", "leaderdev.asgi")


def project_modules():
    """Import every module of the project's apps that names a file field (importing the rest could
    start things: load-test scripts, alternative settings)."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name in NOT_WALKED or info.ispkg:
                continue
            source = Path(info.module_finder.path, info.name.rsplit(".", 1)[-1] + ".py")
            if source.is_file() and re.search(r"FileField|ImageField", source.read_text()):
                importlib.import_module(info.name)


def all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_subclasses(subclass)


def is_checked(validators) -> bool:
    return any(isinstance(validator, UploadRule) for validator in validators)


def unchecked_model_fields(model_classes) -> list[str]:
    return [
        f"{model._meta.label}.{field.name}"
        for model in model_classes
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not is_checked(field.validators)
    ]


def unchecked_form_fields(form_classes) -> list[str]:
    unchecked = []
    for form_class in form_classes:
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.FileField) or is_checked(field.validators):
                continue
            # A ModelForm's file field is checked by its model field's validators (in _post_clean).
            model_field = model and next((f for f in model._meta.fields if f.name == name), None)
            if model_field is not None and is_checked(model_field.validators):
                continue
            unchecked.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    return unchecked


def project_form_classes():
    project_modules()
    return [
        form_class
        for form_class in set(all_subclasses(forms.BaseForm))
        if form_class.__module__.split(".")[0] in PROJECT_APPS
    ]


def test_every_model_upload_has_an_upload_rule():
    project_models = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    file_fields = [
        f"{m._meta.label}.{f.name}"
        for m in project_models
        for f in m._meta.get_fields()
        if isinstance(f, models.FileField)
    ]
    assert {"fellowships.Fellow.photo", "licensure.Evidence.file"} <= set(file_fields)  # the walk finds them
    assert unchecked_model_fields(project_models) == []


def test_every_form_upload_has_an_upload_rule():
    form_classes = project_form_classes()
    names = {f"{c.__module__}.{c.__qualname__}" for c in form_classes}
    assert {
        "fellowships.forms_profile.PublicProfileForm",
        "licensure.forms_pursuits.EvidenceForm",
        "recruitment.views.imports.CandidateImportForm",
        "leaderdev.admin.HRImportForm",
    } <= names
    assert unchecked_form_fields(form_classes) == []


def test_every_admin_import_form_has_an_upload_rule():
    importing = [ma for ma in admin.site._registry.values() if isinstance(ma, ImportMixin)]
    assert importing  # the HR imports of schools and staff
    for model_admin in importing:
        import_file = model_admin.get_import_form_class(None).base_fields["import_file"]
        assert is_checked(import_file.validators), model_admin


def test_the_walk_catches_an_unchecked_upload():
    class CVForm(forms.Form):
        cv = forms.FileField()

    class CheckedForm(forms.Form):
        cv = forms.FileField(validators=[UploadRule("pdf", max_mb=1)])

    assert unchecked_form_fields([CVForm, CheckedForm]) == [f"{__name__}.{CVForm.__qualname__}.cv"]


# --- On each upload page: an oversized file and a program renamed to an allowed name are refused --------


def post_evidence(client, file):
    from tests.licensure.pursuit_data import make_pursuit, requirement

    pursuit = make_pursuit()
    coursework = requirement(pursuit, "Coursework")
    client.force_login(pursuit.person.user)
    prefix = f"evidence-{coursework.pk}"
    url = reverse("licensure:evidence_add", args=[pursuit.pk, coursework.pk])
    return client.post(url, {f"{prefix}-file": file, f"{prefix}-description": "Transcript"})


def post_photo(client, file):
    from tests.fellowships.plan_helpers import make_plan

    plan = make_plan()
    client.force_login(plan.fellow_user)
    return client.post(reverse("fellowships:my_profile"), {"public_opt_in": "on", "photo": file})


def post_candidates(client, file):
    from tests.factories.recruitment import HiringCycleFactory, SourceFactory

    data = {"cycle": HiringCycleFactory().pk, "source": SourceFactory().pk, "role": "principal"}
    return client.post(reverse("recruitment:candidate_import"), {**data, "file": file, "check": "1"})


def post_hr_file(client, file):
    return client.post(
        reverse("admin:leaderdev_person_import"), {"resource": "0", "format": "0", "import_file": file}
    )


RENAMED_PROGRAM = "content is not one of the allowed kinds"
UPLOAD_PAGES = {
    # page: (how to post a file to it, the role that may, the allowed name, a valid head, its limit in MB,
    #        what it says about a program renamed to the allowed name)
    "licensure evidence": (post_evidence, None, "transcript.pdf", PDF_BYTES, 10, RENAMED_PROGRAM),
    # Django's ImageField opens the file with Pillow before the rule runs, and says so first.
    "fellow's photo": (post_photo, None, "me.jpg", image_bytes("JPEG"), 5, "Upload a valid image."),
    "candidate import": (
        post_candidates,
        Role.RECRUITMENT_STAFF,
        "nominees.csv",
        b"first_name\n",
        2,
        RENAMED_PROGRAM,
    ),
    "HR staff import": (post_hr_file, Role.PROGRAM_STAFF, "staff.csv", b"employee_id\n", 5, RENAMED_PROGRAM),
}


def upload_page(request_page, client, make_user, file):
    post, role, *_ = UPLOAD_PAGES[request_page]
    if role is not None:
        client.force_login(make_user(role, is_staff=True))
    response = post(client, file)
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.django_db
@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_each_upload_page_refuses_an_oversized_file(page, client, make_user, school_year):
    _, _, name, head, limit, _ = UPLOAD_PAGES[page]
    big = SimpleUploadedFile(name, head + b"0" * (limit * MEGABYTE))
    text = upload_page(page, client, make_user, big)
    assert f"the limit is {limit} MB" in text


@pytest.mark.django_db
@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_each_upload_page_refuses_a_program_renamed_to_an_allowed_name(page, client, make_user, school_year):
    _, _, name, _, _, refusal_text = UPLOAD_PAGES[page]
    text = upload_page(page, client, make_user, SimpleUploadedFile(name, EXE_BYTES))
    assert refusal_text in text
    if refusal_text == RENAMED_PROGRAM:
        assert "it looks like a .exe file" in text
