from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.forms import clean_phone_number
from network.models import AttendeeCategory
from participation.models import Event, Initiative, PhotoLicence, Registration


class SignUpForm(forms.Form):
    """The public sign-up: the least an organiser needs; ``website`` is a trap only robots fill in."""

    name = forms.CharField(label=_("Name or pseudonym"), max_length=120)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    category = forms.ChoiceField(
        label=_("You are (optional)"),
        choices=[("", _("I prefer not to say")), *AttendeeCategory.choices],
        required=False,
        help_text=_("Used only for anonymous figures of who took part; never shown with your name."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my answer to “You are” is stored for these figures."), required=False
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en").split("-")[0]
        self.fields["website"].is_trap = True  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            raise ValidationError(_("Give an email address or a phone number, so that we can reach you."))
        if cleaned.get("category") and not cleaned.get("consent"):
            self.add_error("consent", _("Tick the box to let us store your answer, or choose “I prefer not to say”."))
        if not cleaned.get("consent"):
            cleaned["category"] = ""
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ChangeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Registration
        fields = ["name", "phone", "language"]
        labels = {"language": _("Language for our messages")}

    def clean_phone(self) -> str:
        phone = clean_phone_number(self.cleaned_data["phone"])
        if not phone and not self.instance.email:
            raise ValidationError(_("Give an email address or a phone number, so that we can reach you."))
        return phone


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    """An event in one language to start with (the organiser's); more can be added the same way."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    text_language = forms.ChoiceField(label=_("Language of the title and description"), choices=settings.LANGUAGES)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    interpreting = forms.MultipleChoiceField(
        label=_("Interpreting offered into"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "organiser",
            "kind",
            "starts",
            "ends",
            "time_zone",
            "venue",
            "address",
            "accessibility",
            "online_url",
            "capacity",
            "registration_opens",
            "registration_closes",
            "status",
        ]
        widgets = {
            "starts": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organiser"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisers
        language = (get_language() or "en").split("-")[0]
        self.fields["text_language"].initial = language
        if self.instance.pk:
            self.initial["title"] = self.instance.titles.get(language) or self.instance.title
            self.initial["description"] = self.instance.descriptions.get(language, "")
            self.initial["languages"] = self.instance.languages
            self.initial["interpreting"] = self.instance.interpreting

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("An event cannot end before it starts."))
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Registration cannot close before it opens."))
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Give a venue, a link to join online, or both."))
        return cleaned

    def save(self, commit: bool = True) -> Event:
        event = super().save(commit=False)
        language = self.cleaned_data["text_language"]
        event.titles = {**(event.titles or {}), language: self.cleaned_data["title"]}
        event.descriptions = {**(event.descriptions or {}), language: self.cleaned_data["description"]}
        event.languages = self.cleaned_data["languages"]
        event.interpreting = self.cleaned_data["interpreting"]
        event.city = self.cleaned_data["organiser"].city
        if not event.slug:
            from lib.text import unique_slug

            event.slug = unique_slug(f"{self.cleaned_data['title']} {event.starts:%Y-%m-%d}", Event, "event", 110)
        if commit:
            event.save()
        return event


class PhotovoiceForm(forms.Form):
    photo = forms.ImageField(label=_("Your photo"), help_text=_("JPEG, PNG, GIF or WebP, up to 20 MB."))
    caption = forms.CharField(label=_("Caption"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000)
    language = forms.ChoiceField(label=_("Language of the caption"), choices=settings.LANGUAGES)
    author = forms.CharField(label=_("Name or pseudonym (optional)"), max_length=120, required=False)
    licence = forms.ChoiceField(label=_("Others may use the photo"), choices=PhotoLicence.choices)
    keep_location = forms.BooleanField(
        label=_("Show where the photo was taken"),
        required=False,
        help_text=_("Off: the place is removed from the photo before it is stored."),
    )
    consent = forms.BooleanField(
        label=_("I took this photo, and the people in it agreed to be shown. It may be shown in the gallery.")
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en").split("-")[0]
        self.fields["website"].is_trap = True  # type: ignore[attr-defined]

    def clean_photo(self) -> Any:
        from library.photos import clean_photo

        stored, latitude, longitude = clean_photo(self.cleaned_data["photo"], keep_location=True)
        self.position = (latitude, longitude)
        return stored

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class InitiativeForm(forms.ModelForm):  # type: ignore[type-arg]
    """An initiative told in one language at a time; saving another language adds it beside the others."""

    text_language = forms.ChoiceField(label=_("Language of the texts"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    how = forms.CharField(label=_("How to take part"), widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Initiative
        fields = ["kind", "organisers", "contact", "active"]
        widgets = {"organisers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisers
        language = (get_language() or "en").split("-")[0]
        self.fields["text_language"].initial = language
        if self.instance.pk:
            self.initial.update(
                title=self.instance.titles.get(language, ""),
                description=(self.instance.descriptions or {}).get(language, ""),
                how=(self.instance.how_to_join or {}).get(language, ""),
            )

    def clean_organisers(self) -> Any:
        organisers = self.cleaned_data["organisers"]
        if len({organisation.city_id for organisation in organisers}) > 1:
            raise ValidationError(_("Choose organisations of one city."))
        return organisers

    def save(self, commit: bool = True) -> Initiative:
        initiative = super().save(commit=False)
        language = self.cleaned_data["text_language"]
        initiative.titles = {**(initiative.titles or {}), language: self.cleaned_data["title"]}
        initiative.descriptions = {**(initiative.descriptions or {}), language: self.cleaned_data["description"]}
        initiative.how_to_join = {**(initiative.how_to_join or {}), language: self.cleaned_data["how"]}
        initiative.city = self.cleaned_data["organisers"][0].city
        if not initiative.slug:
            from lib.text import unique_slug

            initiative.slug = unique_slug(self.cleaned_data["title"], Initiative, "initiative", 110)
        initiative.save()
        self.save_m2m()
        return initiative


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Sent as plain text. Write it in the language most participants read; add other languages below."),
    )
