from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import LegalGround


class DestroyForm(forms.Form):
    legal_ground = forms.ChoiceField(label=_("Legal ground"), choices=LegalGround.choices)
    confirm = forms.BooleanField(
        label=_("I have checked the list above: her data will be destroyed and cannot be restored."), required=True
    )
