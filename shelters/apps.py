from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "shelters"
    verbose_name = _("Shelters")

    def ready(self):
        from cases.signals import person_merge_preview, person_merging, person_unmerging
        from shelters.merging import move_stays, preview_stays, restore_stays

        person_merging.connect(move_stays, dispatch_uid="shelters_move_stays")
        person_unmerging.connect(restore_stays, dispatch_uid="shelters_restore_stays")
        person_merge_preview.connect(preview_stays, dispatch_uid="shelters_preview_stays")

    def ensure_reference_data(self) -> None:
        """The houses every installation has (also created by a data migration)."""
        from shelters.reference_data import ensure_houses

        ensure_houses()

    def seed_demo(self, *, rng, users) -> None:
        from shelters import demo

        demo.seed(rng=rng, users=users)
