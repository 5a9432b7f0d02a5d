from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from maksora.roles import sync_role_groups


def _sync_roles(sender, **kwargs):
    # post_migrate fires once per app; sync once, after the last app with models.
    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last_app:
        sync_role_groups()


class MaksoraConfig(AppConfig):
    name = "maksora"
    verbose_name = _("Maksora")

    def ready(self):
        from maksora import checks  # noqa: F401  (registers the deploy checks)

        # Groups follow ROLE_PERMISSIONS after every migrate, so new models get their grants.
        post_migrate.connect(_sync_roles, dispatch_uid="maksora_sync_roles")
