"""The web's input for a fellow's public profile on "Meet our fellows": opting in, what to show, a short
bio and a photo (checked by content against the model's PHOTO_RULE; the service re-encodes it)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms

from .models import PHOTO_RULE, Fellow

BIO_MAX = Fellow._meta.get_field("bio").max_length


class PublicProfileForm(forms.Form):
    public_opt_in = forms.BooleanField(
        label="Show me on “Meet our fellows”",
        required=False,
        help_text="Your name appears on the public page; tick below what else to show. Untick to disappear.",
    )
    show_school = forms.BooleanField(label="Show my school", required=False)
    show_photo = forms.BooleanField(label="Show my photo", required=False)
    show_bio = forms.BooleanField(label="Show my short bio", required=False)
    bio = forms.CharField(
        label="Short bio",
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {BIO_MAX} characters. Shown only if you tick “Show my short bio”.",
    )
    photo = forms.ImageField(
        label="New photo",
        required=False,
        validators=[PHOTO_RULE],
        # A plain file input: ClearableFileInput's "currently" link would point at the private file's
        # storage URL, which has none; removing a photo is its own checkbox.
        widget=forms.FileInput(attrs={"accept": PHOTO_RULE.accept}),
        help_text=f"{PHOTO_RULE.description}. We remove its metadata (such as where it was taken).",
    )
    remove_photo = forms.BooleanField(label="Remove my photo", required=False)

    def __init__(self, *args, fellow: Fellow, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "public_opt_in": fellow.public_opt_in,
                "show_school": fellow.show_school,
                "show_photo": fellow.show_photo,
                "show_bio": fellow.show_bio,
                "bio": fellow.bio,
            },
        )
        super().__init__(*args, **kwargs)
        self.fellow = fellow
        choices = [Div("show_school", "show_photo", "show_bio", css_class="ms-4")]
        photo = ["photo"]
        if fellow.photo:
            photo.append("remove_photo")
        else:
            del self.fields["remove_photo"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("What the public sees", "public_opt_in", *choices, css_class="mb-2"),
            "bio",
            Fieldset("Photo", *photo),
        )

    def clean(self):
        data = super().clean()
        if data.get("photo") and data.get("remove_photo"):
            self.add_error("remove_photo", "Either upload a new photo or remove the one you have, not both.")
        return data

    def profile_fields(self) -> dict:
        """The cleaned fields, as services.profile.update_public_profile takes them."""
        data = self.cleaned_data
        return {
            "public_opt_in": data["public_opt_in"],
            "show_school": data["show_school"],
            "show_photo": data["show_photo"],
            "show_bio": data["show_bio"],
            "bio": data["bio"],
            "photo": data.get("photo") or None,
            "remove_photo": data.get("remove_photo", False),
        }
