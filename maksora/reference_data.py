"""Reference rows every installation has (units, role groups, houses).

Created by data migrations; this idempotent function restores them where a test
database was flushed (browser tests run in flushed, transactional databases).
"""

from maksora.access import ALL_UNITS

HOUSE_NAMES = {"golubka": "Дом «Голубка»", "margarita": "Дом «Маргарита»"}


def ensure_reference_data(*, only_if_missing: bool = False) -> None:
    from django.contrib.auth.models import Group

    from cases.models import Unit
    from maksora.roles import ROLE_PERMISSIONS, sync_role_groups
    from shelters.models import House

    if only_if_missing and (
        Unit.objects.count() >= len(ALL_UNITS)
        and House.objects.count() >= len(HOUSE_NAMES)
        and Group.objects.count() >= len(ROLE_PERMISSIONS)
    ):
        return

    for code in ALL_UNITS:
        Unit.objects.get_or_create(code=code)
    for code, name in HOUSE_NAMES.items():
        House.objects.get_or_create(unit=Unit.objects.get(code=code), defaults={"name": name})
    sync_role_groups()
