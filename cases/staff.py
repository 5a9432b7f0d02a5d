"""Staff who carry cases: the choices of every "assigned worker" field (site and admin)."""

from django.contrib.auth import get_user_model

from maksora import roles


def case_workers(unit_codes):
    """Active social workers and coordinators of `unit_codes`, by name."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, units__code__in=unit_codes, groups__name__in=(roles.SOCIAL_WORKER, roles.COORDINATOR)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
