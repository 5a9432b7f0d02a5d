from django import forms
from django.utils.translation import gettext_lazy as _

from maksora.forms import DayField
from privacy.models import LegalGround, LegalHold


class DestroyForm(forms.Form):
    legal_ground = forms.ChoiceField(label=_("Legal ground"), choices=LegalGround.choices)
    confirm = forms.BooleanField(
        label=_("I have checked the list above: her data will be destroyed and cannot be restored."), required=True
    )


class LegalHoldForm(forms.ModelForm):
    until = DayField(label=_("until"), required=False, help_text=_("Empty: until lifted."))

    class Meta:
        model = LegalHold
        fields = ("person", "reason", "until")
