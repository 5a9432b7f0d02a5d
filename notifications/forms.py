from django import forms

from maksora.locking import VersionedFormMixin
from notifications.models import NotificationPreference


class PreferenceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_digest", "language"]
