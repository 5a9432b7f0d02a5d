from django.db import models
from django.utils.translation import gettext_lazy as _


class LivingSituation(models.TextChoices):
    FAMILY = "family", _("Own family")
    FOSTER = "foster", _("Foster family")
    ORPHANAGE = "orphanage", _("Orphanage")


class ChildExitReason(models.TextChoices):
    FINISHED_SCHOOL = "finished_school", _("Finished school")
    MOVED_AWAY = "moved_away", _("Moved away")
    FAMILY_LEFT = "family_left", _("Family left the program")
    NO_LONGER_NEEDED = "no_longer_needed", _("Support no longer needed")
    OTHER = "other", _("Other")


class SponsorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    FAMILY = "family", _("Family")
    GROUP = "group", _("Group")


class Language(models.TextChoices):
    IT = "it", _("Italian")
    RU = "ru", _("Russian")
    EN = "en", _("English")


class SponsorshipEndReason(models.TextChoices):
    SPONSOR_WITHDREW = "sponsor_withdrew", _("Sponsor withdrew")
    CHILD_EXITED = "child_exited", _("Child left the program")
    REASSIGNED = "reassigned", _("Child reassigned to another sponsor")
    OTHER = "other", _("Other")


class CorrespondenceKind(models.TextChoices):
    YEARLY_UPDATE = "yearly_update", _("Yearly update")
    LETTER_TO_CHILD = "letter_to_child", _("Letter from sponsor to child")
    LETTER_TO_SPONSOR = "letter_to_sponsor", _("Letter from child to sponsor")


class TranslationStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("To translate")
    DONE = "done", _("Translated")
