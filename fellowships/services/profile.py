"""The fellow's public profile for "Meet our fellows": what they publish is their choice alone."""

from django.db import transaction

from leaderdev.uploads import clean_image

from ..models import Fellow


def update_public_profile(
    fellow: Fellow,
    *,
    public_opt_in: bool,
    show_photo: bool,
    show_school: bool,
    show_bio: bool,
    bio: str,
    photo=None,
    remove_photo: bool = False,
) -> Fellow:
    """Save the fellow's choices. A new photo is re-encoded (no metadata, at most 800 px) before storing.

    Raises ValidationError, before anything changes, when the new photo cannot be decoded. The photo it
    replaces or removes leaves storage once the change is committed, so a failed save never leaves the
    fellow pointing at a deleted file.
    """
    cleaned = clean_image(photo) if photo is not None else None
    old_photo = fellow.photo.name if fellow.photo and (cleaned is not None or remove_photo) else ""
    fellow.public_opt_in = public_opt_in
    fellow.show_photo = show_photo and public_opt_in
    fellow.show_school = show_school and public_opt_in
    fellow.show_bio = show_bio and public_opt_in
    fellow.bio = bio.strip()
    if cleaned is not None:
        fellow.photo.save("photo.jpg", cleaned, save=False)
    elif remove_photo:
        fellow.photo = ""
    fellow.save()
    if old_photo:
        storage = fellow.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return fellow
