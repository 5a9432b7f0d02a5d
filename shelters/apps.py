from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "shelters"
    verbose_name = _("Shelters")

    def ready(self):
        from cases.signals import person_merging
        from shelters.merging import move_stays

        person_merging.connect(move_stays, dispatch_uid="shelters_move_stays")

    def ensure_reference_data(self) -> None:
        """The houses every installation has (also created by a data migration)."""
        from shelters.reference_data import ensure_houses

        ensure_houses()

    def seed_demo(self, *, rng, users) -> None:
        from shelters import demo

        demo.seed(rng=rng, users=users)
