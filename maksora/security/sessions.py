"""Session engine: Django's database sessions, stored with the id of the logged-in user."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from maksora.security.models import LoginSession

        return LoginSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


def sessions_end_for(user) -> int:
    """Delete every live session of `user`; returns how many there were."""
    from maksora.security.models import LoginSession

    deleted, _by_model = LoginSession.objects.filter(user_id=user.pk).delete()
    return deleted
