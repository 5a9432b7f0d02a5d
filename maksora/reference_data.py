"""Reference rows every installation has (units, role groups, and each app's own, e.g. houses).

Created by data migrations; this idempotent function restores them where a test
database was flushed (browser tests run in flushed, transactional databases). An app
adds its rows by defining `ensure_reference_data()` on its AppConfig.
"""

from django.apps import apps
from django.contrib.auth.models import Group

from maksora.models import Unit
from maksora.roles import ROLE_PERMISSIONS, sync_role_groups
from maksora.units import ALL_UNITS


def ensure_reference_data(*, only_if_missing: bool = False) -> None:
    present = Unit.objects.count() >= len(ALL_UNITS) and Group.objects.count() >= len(ROLE_PERMISSIONS)
    if not (only_if_missing and present):
        for code in ALL_UNITS:
            Unit.objects.get_or_create(code=code)
        sync_role_groups()
    # The apps' own rows are checked by their own (cheap, idempotent) functions.
    for config in apps.get_app_configs():
        if hasattr(config, "ensure_reference_data"):
            config.ensure_reference_data()
