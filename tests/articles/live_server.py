"""A real gunicorn serving the project, and a keep-alive HTTP client that hammers it.

Used by the load tests of view counting: the test starts gunicorn with its own
environment (database, Redis), sends beacons from many threads and then reads the
counts back from the database.
"""

import http.client
import itertools
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from tests.parallel import free_ports, port_block

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Each xdist worker probes its own ports, so two never pick the same one at once.
PORTS = port_block(8200, 50)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0"


def free_port() -> int:
    return free_ports(PORTS)[0]


def server_env(**overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }
    env.update(overrides)
    return env


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path, *, workers: int = 2, threads: int = 8):
    """Serve the project on a free port; yields the port. The log (stderr) goes to
    `log_path` so a test can look for errors such as "database is locked"."""
    port = free_port()
    command = [
        str(GUNICORN),
        "newsroom.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        "--keep-alive=30",
        "--backlog=512",
        "--no-control-socket",  # its default path is one for every gunicorn on the machine
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
        try:
            wait_until_serving(port, process)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/views/0/")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start serving in time")


def send_beacons(
    port: int,
    *,
    path: str,
    total: int,
    concurrency: int,
    first: int = 0,
    visitor=lambda n: f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
) -> Counter:
    """POST `total` beacons, numbered from `first`, to `path` from `concurrency`
    keep-alive clients; beacon n comes from address `visitor(n)`. Returns how many
    answers had each status (connection failures count under "error")."""
    numbers = itertools.count(first)
    statuses: Counter = Counter()
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        seen: Counter = Counter()
        while (n := next(numbers)) < first + total:
            headers = {"User-Agent": BROWSER, "X-Forwarded-For": visitor(n), "Content-Length": "0"}
            try:
                connection.request("POST", path, headers=headers)
                response = connection.getresponse()
                response.read()
                seen[response.status] += 1
            except (OSError, http.client.HTTPException):
                seen["error"] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()
        with lock:
            statuses.update(seen)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
