"""`check --deploy` warns when personal data would be stored or sent outside the listed hosts."""

import pytest

from maksora.checks import check_data_residency, host_allowed


def test_local_and_listed_hosts_pass():
    assert host_allowed("", [])
    assert host_allowed("/var/run/postgresql", [])
    assert host_allowed("127.0.0.1", [])
    assert host_allowed("db.maksora.ru", [".maksora.ru"])
    assert host_allowed("pg1.example.org", ["pg1.example.org"])
    assert not host_allowed("db.maksora.ru.evil.com", [".maksora.ru"])
    assert not host_allowed("db.eu-west.example.com", [".maksora.ru"])


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_a_database_abroad_is_flagged(settings):
    default = {**settings.DATABASES["default"], "HOST": "db.eu.example.com"}
    settings.DATABASES = {**settings.DATABASES, "default": default}
    settings.DATA_RESIDENCY_HOSTS = [".maksora.ru"]
    warnings = check_data_residency()
    assert [w.id for w in warnings] == ["maksora.W001"]
    assert "db.eu.example.com" in warnings[0].msg


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_backups_and_error_reports_are_checked_too(settings):
    settings.DATABASES = {**settings.DATABASES, "default": {**settings.DATABASES["default"], "HOST": "127.0.0.1"}}
    settings.DATA_RESIDENCY_HOSTS = ["backup.maksora.ru"]
    settings.BACKUP_DIR = "s3://storage.example.com/maksora"
    settings.ADMINS = [("it", "it@example.org")]
    settings.EMAIL_HOST = "smtp.example.com"
    settings.ERROR_REPORTING_URL = "https://errors.maksora.ru/1"
    messages = [w.msg for w in check_data_residency()]
    assert len(messages) == 3
    assert any("storage.example.com" in m for m in messages)
    assert any("smtp.example.com" in m for m in messages)
    settings.DATA_RESIDENCY_HOSTS = ["storage.example.com", "smtp.example.com", "errors.maksora.ru"]
    assert check_data_residency() == []
