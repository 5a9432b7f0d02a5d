"""Deploy checks of where personal data goes: the database, the backups, error reports.

Data of Russian citizens must be kept in databases located in Russia (152-FZ, art. 18
part 5). `DATA_RESIDENCY_HOSTS` lists the hosts (or domain suffixes, e.g.
`.example.ru`) operated in Russia; `manage.py check --deploy` warns when the database,
the backup target or the error-reporting mail server is configured elsewhere. Local
sockets, localhost and unset values always pass.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = (host or "").strip().lower().strip("[]")
    if host in LOCAL_HOSTS or host.startswith("/"):
        return True
    for entry in allowed:
        entry = entry.strip().lower()
        if entry.startswith(".") and (host.endswith(entry) or host == entry[1:]):
            return True
        if host == entry:
            return True
    return False


def _places() -> list[tuple[str, str]]:
    """(what, host) for every place personal data is sent to by configuration."""
    places = [(f"database {alias}", db.get("HOST") or "") for alias, db in settings.DATABASES.items()]
    backup_dir = str(settings.BACKUP_DIR)
    if "://" in backup_dir:
        places.append(("backup target BACKUP_DIR", urlparse(backup_dir).hostname or ""))
    if settings.ADMINS:
        places.append(("error reports (EMAIL_HOST)", settings.EMAIL_HOST))
    for name in ("ERROR_REPORTING_URL",):
        value = getattr(settings, name, "")
        if value:
            places.append((f"error reporting {name}", urlparse(value).hostname or ""))
    return places


@register(Tags.security, deploy=True)
def check_data_residency(app_configs=None, **kwargs):
    allowed = list(settings.DATA_RESIDENCY_HOSTS)
    return [
        Warning(
            f"The {what} is on {host!r}, which is not listed in DATA_RESIDENCY_HOSTS.",
            hint="Personal data of Russian citizens must stay in databases located in Russia: list the host "
            "in DATA_RESIDENCY_HOSTS once you have checked where it is.",
            id="maksora.W001",
        )
        for what, host in _places()
        if not host_allowed(host, allowed)
    ]
