"""The scripts in deploy/ pass shellcheck (and so keep `set -euo pipefail` honest:
unquoted expansions and ignored failures are what it reports)."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.tools import need_program

SCRIPTS = sorted((Path(__file__).resolve().parents[2] / "deploy").glob("*.sh"))


def test_there_are_scripts():
    assert {path.name for path in SCRIPTS} >= {"backup.sh", "restore-drill.sh"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_is_strict_and_passes_shellcheck(script):
    assert "\nset -euo pipefail\n" in script.read_text()
    assert os.access(script, os.X_OK)
    shellcheck = need_program("shellcheck", package="shellcheck")
    result = subprocess.run([shellcheck, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
