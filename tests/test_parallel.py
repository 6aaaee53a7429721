"""Parallel test runs (pytest-xdist): every worker gets Redis databases and ports of
its own, and a run that cannot give them is refused rather than left to flake."""

from tests.parallel import port_block, redis_clashes, worker_redis_url


def as_worker(monkeypatch, index: int, count: int) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", f"gw{index}")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(count))


def test_each_worker_adds_its_index_to_the_redis_database(monkeypatch):
    as_worker(monkeypatch, 3, 4)
    assert worker_redis_url("redis://127.0.0.1:6379/4") == "redis://127.0.0.1:6379/7"
    assert worker_redis_url("redis://:secret@cache:6380") == "redis://:secret@cache:6380/3"


def test_a_serial_run_keeps_the_given_databases(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    assert worker_redis_url("redis://127.0.0.1:6379/9") == "redis://127.0.0.1:6379/9"
    assert redis_clashes("redis://127.0.0.1:6379/9", "redis://127.0.0.1:6379/10") == []


def test_workers_whose_databases_would_overlap_are_refused(monkeypatch):
    as_worker(monkeypatch, 0, 4)
    assert redis_clashes("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/8") == []
    assert redis_clashes("redis://127.0.0.1:6379/4", "redis://127.0.0.1:6379/6")
    assert redis_clashes("redis://127.0.0.1:6379/14")  # 14–17: Redis has 0–15
    assert redis_clashes("redis://a:6379/4", "redis://b:6379/4") == []  # two servers


def test_workers_probe_separate_ports(monkeypatch):
    as_worker(monkeypatch, 0, 2)
    first = set(port_block(8200, 50))
    as_worker(monkeypatch, 1, 2)
    assert not first & set(port_block(8200, 50))
