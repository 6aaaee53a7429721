"""Programs some tests run (nginx, shellcheck, systemd-analyze): found, or the test
skips on a developer's machine and fails under `CI=true`, where `.ci/run` installs
them."""

import os
import shutil

import pytest

ON_CI = os.environ.get("CI", "").lower() == "true"


def need_program(name: str, *, package: str, path: str = "") -> str:
    """The path of program `name` (or of `path`, where it lives outside PATH)."""
    found = shutil.which(name) or (path if path and os.path.exists(path) else None)
    if found is None:
        if ON_CI:
            pytest.fail(f"CI=true but {name} is missing (.ci/run installs it)")
        pytest.skip(f"needs {name} (apt-get install {package})")
    return found
