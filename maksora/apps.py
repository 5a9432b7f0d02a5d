from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from maksora.roles import ROLE_LABELS, sync_role_groups


def _sync_roles(sender, **kwargs):
    # post_migrate fires once per app; sync once, after the last app with models.
    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last_app:
        sync_role_groups()


class MaksoraConfig(AppConfig):
    name = "maksora"
    verbose_name = _("Maksora")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from maksora import checks  # noqa: F401  (registers the deploy checks)
        from maksora.display import staff_name

        # Staff appear wherever a user is printed (admin columns, choices, filters, history):
        # by the name colleagues know, not the login name, which is also a credential half.
        get_user_model().__str__ = staff_name
        # A role (a group) by its name in the reader's language, never its code ("social_worker").
        Group.__str__ = lambda group: str(ROLE_LABELS.get(group.name, group.name))

        # Groups follow ROLE_PERMISSIONS after every migrate, so new models get their grants.
        post_migrate.connect(_sync_roles, dispatch_uid="maksora_sync_roles")
