"""Demo data of this app, called by `manage.py seed_demo` (idempotent)."""


def seed(*, rng, users) -> None:
    return None
