"""Uploaded files: kept outside the web root, checked on the way in, served only through a view.

Every file people upload (licensure evidence, a fellow's photo) goes to ``private_storage``, a folder
set by ``PRIVATE_MEDIA_ROOT`` that no web server serves and whose storage has no public URL, so the
only way out is a view that first checks who may see the file and then calls ``serve``::

    evidence = get_visible_or_404(request.user, Evidence.objects.all(), pk=pk)
    return serve(evidence.file, filename=evidence.download_name)

On the way in, ``UploadRule`` checks the size and the *content*, not only the name: the first bytes
must be one of the allowed kinds (a PDF is ``%PDF``, a PNG ``\\x89PNG`` ...), told apart by the
``filetype`` library, and the extension must agree with them, so a script renamed ``transcript.pdf``
is refused with a message that says why. Images are opened with Pillow and written again
(``clean_image``): this drops EXIF metadata (a phone photo's GPS position), bounds the pixel size
and refuses "decompression bombs".
"""

import io
import os
import uuid
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.text import get_valid_filename

MEGABYTE = 1024 * 1024


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of files that have no URL: a view serves them after a permission check.

    FileSystemStorage falls back to MEDIA_URL when given no base_url, which would hand out
    "/media/<stored name>" addresses for private files (and tempt a template to link them); here asking
    for a URL is an error that says what to do instead.
    """

    def url(self, name):
        raise ValueError(
            "Private uploads have no URL: link to a view that checks who asks and calls "
            "leaderdev.uploads.serve()."
        )


class _PrivateStorage(LazyObject):
    """The private upload folder, resolved when first used (so tests may point it elsewhere)."""

    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    """Tests point PRIVATE_MEDIA_ROOT at a temporary folder: look the folder up again."""
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty


def get_private_storage():
    """For ``FileField(storage=get_private_storage)``: migrations record the callable, not the path."""
    return private_storage


@deconstructible
class RandomName:
    """An ``upload_to`` that keeps the extension and replaces the name by a random one.

    People name files after people ("Smith transcript.pdf"); the stored name must not repeat that, nor
    be guessable. The original name is kept in the model when it matters (``original_name``).
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


@dataclass(frozen=True)
class Kind:
    """An allowed kind of file: what people call it, its MIME type, and the extensions it may carry."""

    label: str
    mime: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", (".pdf",))
PNG = Kind("PNG image", "image/png", (".png",))
JPEG = Kind("JPEG image", "image/jpeg", (".jpg", ".jpeg"))
WEBP = Kind("WebP image", "image/webp", (".webp",))
DOCX = Kind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
# Text has no magic number: a CSV is a file with no NUL byte whose first bytes match no binary kind that
# filetype knows (so a program, an Excel workbook or a PDF renamed .csv is refused). Its encoding is the
# importer's to check, which says which byte on which line it cannot read.
CSV = Kind("CSV file", "text/csv", (".csv",))
KINDS = {"pdf": PDF, "png": PNG, "jpeg": JPEG, "webp": WEBP, "docx": DOCX, "csv": CSV}


class UploadRule:
    """A validator for a FileField/ImageField: at most `max_mb` megabytes, of one of `kinds` (KINDS keys).

    ``UploadRule("pdf", "png", max_mb=10)``; names rather than Kind objects, so migrations can record it.
    """

    def __init__(self, *kinds: str, max_mb: int):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {', '.join(sorted(unknown))}.")
        self.kind_names = kinds
        self.kinds = tuple(KINDS[name] for name in kinds)
        self.max_mb = max_mb

    def deconstruct(self):
        return ("leaderdev.uploads.UploadRule", self.kind_names, {"max_mb": self.max_mb})

    def __eq__(self, other):
        return isinstance(other, UploadRule) and (other.kind_names, other.max_mb) == (
            self.kind_names,
            self.max_mb,
        )

    @property
    def accept(self) -> str:
        """The ``accept`` attribute for a file input: the browser's picker then offers only these."""
        return ",".join(ext for kind in self.kinds for ext in kind.extensions)

    @property
    def description(self) -> str:
        return f"{', '.join(kind.label for kind in self.kinds)}; at most {self.max_mb} MB"

    def __call__(self, upload):
        if upload is None:
            return
        size = getattr(upload, "size", None)
        if size is not None and size > self.max_mb * MEGABYTE:
            raise ValidationError(
                f"This file is {size / MEGABYTE:.1f} MB; the limit is {self.max_mb} MB.",
                code="file_too_large",
            )
        if size == 0:
            raise ValidationError("This file is empty.", code="empty_file")
        # A file already stored (re-validating a saved model) was checked when it was uploaded.
        if getattr(upload, "_committed", False) and not hasattr(upload, "content_type"):
            return
        head = _head(upload)
        found = filetype.guess(head)
        kind = next((k for k in self.kinds if found is not None and found.mime == k.mime), None)
        if kind is None and found is None and b"\x00" not in head:
            kind = next((k for k in self.kinds if k.mime.startswith("text/")), None)
        allowed = ", ".join(k.label for k in self.kinds)
        if kind is None:
            seen = f"; it looks like a .{found.extension} file" if found is not None else ""
            raise ValidationError(
                f"This file's content is not one of the allowed kinds ({allowed}){seen}. "
                "Save it as one of those and upload it again.",
                code="file_type",
            )
        extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
        if extension not in kind.extensions:
            raise ValidationError(
                f"This file is a {kind.label} but is named “{extension or 'without an extension'}”; "
                f"name it {' or '.join(kind.extensions)}.",
                code="file_extension",
            )


def _head(upload, size: int = 8192) -> bytes:
    """The first bytes of an upload, leaving its position where it was."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head


def clean_image(upload, *, max_side: int = 800, name_stem: str = "photo") -> ContentFile:
    """Decode an uploaded image and write it again as a JPEG of at most `max_side` pixels a side.

    Re-encoding drops every piece of metadata (EXIF GPS positions, camera serials, embedded thumbnails)
    and anything smuggled after the image data. Raises ValidationError for what Pillow cannot decode or
    for a decompression bomb.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        # Pillow only *warns* about an image between MAX_IMAGE_PIXELS and twice that, then decodes it
        # anyway (hundreds of megabytes for a few kilobytes of PNG): make the warning a refusal too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image = ImageOps.exif_transpose(image)  # keep it upright once the orientation tag is gone
                image.thumbnail((max_side, max_side))
                image = image.convert("RGB")
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
    ) as error:
        raise ValidationError(
            "This image could not be read. Upload a PNG, JPEG or WebP photo.", code="bad_image"
        ) from error
    return ContentFile(out.getvalue(), name=f"{name_stem}.jpg")


def serve(field_file, *, filename: str | None = None, inline: bool = False) -> FileResponse:
    """Answer a stored private file. Call only after checking that the user may see it.

    Downloads are attachments unless `inline` (photos): a browser then never renders an uploaded
    document as a page of this site. ``nosniff`` stops it guessing another type, and the response is
    private to the user (never kept by a shared cache).
    """
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is missing from storage.") from None
    name = get_valid_filename(filename or os.path.basename(field_file.name))
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not inline else "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
