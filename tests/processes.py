"""Child processes of a test (`manage.py` commands, servers) that share its databases.

A test on PostgreSQL starts real processes — several `send_newsletter` or `flush_views`
runs at once, as every app server's timer would — and hands them the URL of the test
database its own connection uses.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

REPO = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The URL of this process's PostgreSQL test database, for a child process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_command(env: dict[str, str], *args: str) -> subprocess.Popen:
    """`manage.py <args>` in the background, its output kept for `finish`."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, *, timeout: float = 120) -> str:
    """Wait for a command from `start_command`; its output, or a failure naming its
    exit status and error output."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"{process.args} exited {process.returncode}: {err}"
    return out
