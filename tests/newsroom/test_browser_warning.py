import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_says_loudly_when_the_browser_tests_did_not_run():
    # SQLite in memory: a run on PostgreSQL would share (and drop) this run's test database.
    unset = {"CI", "PYTEST_XDIST_WORKER", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "tests/e2e/test_view_beacon.py",
        ],
        cwd=ROOT,
        env={**env, "NEWSROOM_CHROMIUM": "/nonexistent/chromium"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "BROWSER TESTS DID NOT RUN" in result.stdout
    assert "/nonexistent/chromium is missing" in result.stdout
