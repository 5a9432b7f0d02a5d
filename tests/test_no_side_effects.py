"""Importing the settings (any manage.py command, `make lint`) starts no database server."""

import os
import subprocess
import sys

import psutil
from django.conf import settings

from maksora import devdb


def _local_servers() -> int:
    """Processes of the project's own local PostgreSQL (their command line names its data folder)."""
    count = 0
    for process in psutil.process_iter(attrs=["cmdline"]):
        if str(devdb.PGDATA) in " ".join(process.info["cmdline"] or ()):
            count += 1
    return count


def test_commands_without_a_database_url_start_no_postgresql():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    had_server = (devdb.PGDATA / "postmaster.pid").exists()
    before = _local_servers()
    for command in (["check"], ["compiletranslations"], ["diffsettings", "--all"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert _local_servers() <= before
    assert (devdb.PGDATA / "postmaster.pid").exists() == had_server


def test_without_a_running_server_the_settings_name_the_local_socket_folder():
    if (devdb.PGDATA / "postmaster.pid").exists():
        return  # a developer's running server: its real address is used instead
    assert devdb.database_url() == devdb.NOT_STARTED_URL
