"""Backups: a dump with its checksum, retention, encryption, the check, and restores into empty databases only."""

import os
import shutil
import subprocess
from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from maksora import backups
from maksora.backups import BackupError, backup_create, backup_restore, backup_verify, backups_prune


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP = 2
    settings.BACKUP_AGE_RECIPIENTS = []
    return settings.BACKUP_DIR


@pytest.fixture
def age_key(tmp_path, settings):
    if not shutil.which("age"):
        if os.environ.get("CI"):
            pytest.fail("the age tool is missing: CI must install Debian's age package")
        pytest.skip("age is not installed (apt-get install age)")
    key = tmp_path / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    public = subprocess.run(["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True).stdout.strip()
    settings.BACKUP_AGE_RECIPIENTS = [public]
    return key


@pytest.fixture
def empty_database(db):
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = {**connection.settings_dict, "NAME": "postgres"}

    def run(sql):
        conn = psycopg2.connect(backups._libpq_url(admin))
        conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_writes_a_dump_with_its_checksum_and_the_check_passes(db, backup_dir):
    backup = backup_create()
    assert backup.path.exists() and backup.path.stat().st_size > 1000
    assert backup.checksum_path.read_text().startswith(backups._sha256(backup.path))
    assert oct(backup.path.stat().st_mode & 0o777) == "0o600"
    assert backup_verify() == (True, f"{backup.path.name} ({backup.path.stat().st_size} bytes) is intact")


def test_only_the_newest_dumps_are_kept(db, backup_dir):
    now = timezone.now()
    made = [backup_create(now=now - timedelta(days=days)) for days in (3, 2, 1)]
    assert [b.path for b in backups.backups()] == [made[2].path, made[1].path]
    assert not made[0].path.exists() and not made[0].checksum_path.exists()
    assert backups_prune(keep=1) == [made[1].path]


def test_the_check_fails_without_a_recent_or_intact_backup(db, backup_dir):
    assert backup_verify()[0] is False
    backup = backup_create()
    assert backup_verify(now=timezone.now() + timedelta(days=2))[0] is False
    with backup.path.open("ab") as handle:
        handle.write(b"tampered")
    ok, message = backup_verify()
    assert not ok and "does not match its checksum" in message


def test_encrypted_dump_restores_into_an_empty_database_with_the_key(db, backup_dir, age_key, empty_database):
    backup = backup_create()
    assert backup.path.name.endswith(".dump.age") and backup.encrypted
    assert b"cases_person" not in backup.path.read_bytes()  # no table name readable in the file
    backup_restore(backup.path, database_url=backups._libpq_url(empty_database), identity=str(age_key))
    assert backups._query_one(empty_database, "SELECT count(*) FROM cases_unit") == 4


def test_restore_refuses_a_database_that_is_not_empty(db, backup_dir):
    backup = backup_create()
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(backup.path)


def test_restore_refuses_a_dump_that_does_not_match_its_checksum(db, backup_dir, empty_database):
    backup = backup_create()
    backup.checksum_path.write_text("0" * 64 + f"  {backup.path.name}\n")
    with pytest.raises(BackupError, match="checksum"):
        backup_restore(backup.path, database_url=backups._libpq_url(empty_database))


def test_the_local_servers_socket_folder_is_kept_in_the_connection_address():
    # DATABASE_URL "postgresql://postgres:@/maksora?host=/srv/.pgdata" (maksora.devdb) puts the folder in OPTIONS.
    db = {"NAME": "maksora", "USER": "postgres", "HOST": "", "PORT": "", "OPTIONS": {"host": "/srv/.pgdata"}}
    assert backups._libpq_url(db) == "postgresql://postgres@/maksora?host=/srv/.pgdata"
    db = {"NAME": "maksora", "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432", "OPTIONS": {}}
    assert backups._libpq_url(db) == "postgresql://postgres@127.0.0.1:5432/maksora"
