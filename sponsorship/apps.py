from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorshipConfig(AppConfig):
    name = "sponsorship"
    verbose_name = _("Distance Support Program")  # the unit's one name (maksora.units)

    def ready(self):
        from cases.signals import person_merge_preview, person_merging, person_unmerging
        from sponsorship.merging import move_enrolment, preview_enrolment, restore_enrolment

        person_merging.connect(move_enrolment, dispatch_uid="sponsorship_move_enrolment")
        person_unmerging.connect(restore_enrolment, dispatch_uid="sponsorship_restore_enrolment")
        person_merge_preview.connect(preview_enrolment, dispatch_uid="sponsorship_preview_enrolment")

    def seed_demo(self, *, rng, users) -> None:
        from sponsorship import demo

        demo.seed(rng=rng, users=users)
