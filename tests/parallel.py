"""What each pytest-xdist worker (`pytest -n auto`) must have to itself.

Workers are separate processes running at once. pytest-django gives each its own test
database (suffixed `_gw0`, `_gw1`, …) and every test its own media folder (`tmp_path`),
but a Redis database is flushed whole by `cache.clear()` and by the `redis_url`
fixture, and a probed-then-bound port can be taken by another worker in between. So
worker N adds N to the Redis database numbers and takes its own block of ports.
"""

import os
import socket
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis's default `databases` setting


def worker_index() -> int:
    """0 for the first worker (`gw0`) and for a run without xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw"))


def worker_count() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def redis_database(url: str) -> int:
    return int(urlsplit(url).path.strip("/") or 0)


def worker_redis_url(url: str) -> str:
    """`url` with this worker's database: the given number plus the worker's index."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{redis_database(url) + worker_index()}"))


def redis_clashes(*urls: str) -> list[str]:
    """Why these base URLs cannot serve every worker of this run (empty if they can):
    each takes `worker_count()` consecutive databases, which must exist and not overlap."""
    count = worker_count()
    problems = []
    taken: dict[tuple[str | None, int | None, int], str] = {}
    for url in urls:
        parts = urlsplit(url)
        first = redis_database(url)
        if first + count > REDIS_DATABASES:
            problems.append(f"{url}: {count} workers need databases {first}–{first + count - 1}")
        for number in range(first, first + count):
            other = taken.setdefault((parts.hostname, parts.port, number), url)
            if other != url:
                problems.append(f"{url} and {other} both use database {number}")
                break
    return problems


def port_block(first: int, size: int) -> range:
    """This worker's own `size` ports, counted from `first`."""
    start = first + worker_index() * size
    return range(start, start + size)


def free_ports(ports: range, count: int = 1) -> list[int]:
    """The first `count` of `ports` that nothing listens on now."""
    found = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"no {count} free ports in {ports}")
