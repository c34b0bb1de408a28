"""The fellow's public profile for "Meet our fellows": what they publish is their choice alone."""

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
    """Save the fellow's choices. A new photo is re-encoded (no metadata, at most 800 px) before storing."""
    fellow.public_opt_in = public_opt_in
    fellow.show_photo = show_photo and public_opt_in
    fellow.show_school = show_school and public_opt_in
    fellow.show_bio = show_bio and public_opt_in
    fellow.bio = bio.strip()
    if remove_photo and fellow.photo:
        fellow.photo.delete(save=False)
        fellow.photo = ""
    if photo is not None:
        if fellow.photo:
            fellow.photo.delete(save=False)
        fellow.photo.save("photo.jpg", clean_image(photo), save=False)
    fellow.save()
    return fellow
