"""The units in deploy/systemd/ load in systemd (`systemd-analyze verify`, where it is
installed) and, everywhere, carry what each kind of unit needs."""

import subprocess
from pathlib import Path

import pytest

from tests.tools import need_program

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))
APP_DIR = "/srv/newsroom"


def unit_sections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """`[Section]` → its `Key=value` lines in order (a key may repeat, as ExecStart)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            key, _, value = line.partition("=")
            assert current is not None and _, f"{path.name}: {line!r} outside a section"
            current.append((key.strip(), value.strip()))
    return sections


def values(path: Path, section: str, key: str) -> list[str]:
    return [value for name, value in unit_sections(path).get(section, []) if name == key]


def test_every_scheduled_job_and_daemon_has_a_unit():
    names = {path.name for path in SERVICES + TIMERS}

    assert {
        "newsroom-web.service",
        "newsroom-worker.service",
        "newsroom-flush-views.service",
        "newsroom-flush-views.timer",
        "newsroom-newsletter.service",
        "newsroom-newsletter.timer",
        "newsroom-backup.service",
        "newsroom-backup.timer",
    } <= names


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_services_run_as_the_app_user_with_its_environment(service):
    assert values(service, "Unit", "Description")
    assert values(service, "Service", "User") == ["newsroom"]
    assert values(service, "Service", "WorkingDirectory") == [APP_DIR]
    assert values(service, "Service", "EnvironmentFile") == ["/etc/newsroom/env"]
    commands = values(service, "Service", "ExecStart")
    assert commands
    for command in commands:
        program = command.split()[0]
        assert program.startswith(APP_DIR + "/"), command
        # The repository holds every program the units start (the venv's are made by
        # `python -m venv .venv` in docs/deploy.md).
        relative = program.removeprefix(APP_DIR + "/")
        assert relative.startswith(".venv/bin/") or (REPO / relative).is_file(), command
    timed = service.with_suffix(".timer").exists()
    assert (values(service, "Service", "Type") == ["oneshot"]) == timed
    assert bool(values(service, "Install", "WantedBy")) != timed


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_timers_start_their_service(timer):
    assert timer.with_suffix(".service").exists()
    assert values(timer, "Timer", "OnCalendar")
    assert values(timer, "Timer", "Persistent") == ["true"]
    assert values(timer, "Install", "WantedBy") == ["timers.target"]


def test_units_pass_systemd_analyze_verify(tmp_path):
    """The units as systemd reads them, with the app's folder pointed at this checkout
    (verify insists that every ExecStart program exists)."""
    analyze = need_program("systemd-analyze", package="systemd")
    for unit in SERVICES + TIMERS:
        (tmp_path / unit.name).write_text(unit.read_text().replace(APP_DIR, str(REPO)))

    result = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(path) for path in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    # Unknown keys and unparsable values are only warnings to systemd.
    assert "Unknown" not in result.stderr and "ignoring" not in result.stderr, result.stderr
