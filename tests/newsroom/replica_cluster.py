"""A real PostgreSQL streaming replica of the test server, for the routing tests.

`pg_basebackup -R` copies the whole primary cluster (the test database included) into
a temporary directory and writes the standby settings; `pg_ctl` starts it on a port of
this worker's own. The programs run as the `postgres` user when the tests run as root
(PostgreSQL refuses to run as root), and come from the primary's major version
(Debian keeps them in /usr/lib/postgresql/<version>/bin). The primary must accept
replication connections from 127.0.0.1 (`.ci/run` adds that line to pg_hba.conf).
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.parallel import free_ports, port_block

PORTS = port_block(8900, 5)


class ReplicaSetupError(Exception):
    """The replica could not be made or started (the message says why)."""


def postgres_program(name: str, major_version: int) -> str:
    debian = Path(f"/usr/lib/postgresql/{major_version}/bin/{name}")
    found = str(debian) if debian.exists() else shutil.which(name)
    if found is None:
        raise ReplicaSetupError(f"{name} for PostgreSQL {major_version} is not installed")
    return found


class StreamingReplica:
    """Make it with `start()`; `remove()` stops it and deletes its files, whatever
    state it is in."""

    # A hot standby must allow at least as much as its primary, or it refuses to start.
    MATCH_PRIMARY = (
        "max_connections",
        "max_worker_processes",
        "max_wal_senders",
        "max_prepared_transactions",
        "max_locks_per_transaction",
    )

    def __init__(self, *, primary: dict, major_version: int, primary_settings: dict[str, str]):
        self.primary = primary
        self.major_version = major_version
        self.primary_settings = primary_settings
        self.port = free_ports(PORTS)[0]
        self.directory = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
        self.data = self.directory / "data"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.directory, "postgres", "postgres")

    def start(self) -> None:
        self._copy_primary()
        # Debian keeps the primary's configuration in /etc, outside the copied data.
        self._write("postgresql.conf", self._configuration())
        self._write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self._write("pg_ident.conf", "")
        self._run(
            "pg_ctl",
            "--pgdata",
            str(self.data),
            "--log",
            str(self.directory / "server.log"),
            "--wait",
            "--timeout=60",
            "start",
        )

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "--pgdata", str(self.data), "--mode=immediate", "--wait", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        log = self.directory / "server.log"
        return "\n".join(log.read_text().splitlines()[-lines:]) if log.exists() else ""

    def _copy_primary(self, attempts: int = 3) -> None:
        """`pg_basebackup`, tried again if it fails: on a server where other test runs
        create and drop databases, a checkpoint they force can end a backup midway
        ("terminating process … to release replication slot")."""
        for attempt in range(1, attempts + 1):
            try:
                self._basebackup()
                return
            except ReplicaSetupError:
                shutil.rmtree(self.data, ignore_errors=True)
                if attempt == attempts:
                    raise

    def _basebackup(self) -> None:
        self._run(
            "pg_basebackup",
            "--host",
            self.primary["HOST"] or "127.0.0.1",
            "--port",
            str(self.primary["PORT"] or 5432),
            "--username",
            self.primary["USER"] or "postgres",
            "--pgdata",
            str(self.data),
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
        )

    def _configuration(self) -> str:
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.directory}'",
            "hot_standby": "on",
            "shared_buffers": "16MB",
            **self.primary_settings,
        }
        return "".join(f"{name} = {value}\n" for name, value in settings.items())

    def _write(self, name: str, text: str) -> None:
        path = self.data / name
        path.write_text(text)
        if self.as_owner:
            shutil.chown(path, "postgres", "postgres")

    def _run(self, program: str, *arguments: str) -> None:
        command = [*self.as_owner, postgres_program(program, self.major_version), *arguments]
        password = self.primary.get("PASSWORD")
        env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
        result = subprocess.run(
            command, cwd=self.directory, env=env, capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise ReplicaSetupError(
                f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}"
                f"\n{self.log_tail()}"
            )


def wait_for(condition, *, seconds: float = 30, what: str) -> None:
    """Poll `condition()` until it is true, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)
