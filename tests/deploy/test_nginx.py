"""deploy/nginx/newsroom.conf passes `nginx -t` as Debian's nginx.conf would load it
(inside `http {}`), with the machine paths pointed at a temporary folder."""

import subprocess
from pathlib import Path

import pytest

from tests.tools import need_program

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "deploy" / "nginx" / "newsroom.conf"


def need_nginx() -> str:
    return need_program("nginx", package="nginx-light", path="/usr/sbin/nginx")


@pytest.fixture
def nginx():
    return need_nginx()


def self_signed_certificate(folder: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org"]
        + ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True,
        capture_output=True,
    )


def site_for_test(folder: Path, site_text: str) -> Path:
    """The site file with its certificate, cache and log paths under `folder`, wrapped
    the way /etc/nginx/nginx.conf includes it."""
    moved = {
        "/etc/letsencrypt/live/news.example.org/": f"{folder}/",
        "/var/cache/nginx/newsroom": f"{folder}/cache",
        "/var/log/nginx/": f"{folder}/",
    }
    for machine_path, test_path in moved.items():
        assert machine_path in site_text, f"{machine_path} is no longer in the site file"
        site_text = site_text.replace(machine_path, test_path)
    (folder / "newsroom.conf").write_text(site_text)
    wrapper = folder / "nginx.conf"
    wrapper.write_text(
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    include {folder}/newsroom.conf;\n"
        "}\n"
    )
    return wrapper


def nginx_test(nginx: str, wrapper: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx, "-t", "-p", str(wrapper.parent), "-c", str(wrapper)],
        capture_output=True,
        text=True,
    )


def test_site_config_is_valid(nginx, tmp_path):
    self_signed_certificate(tmp_path)
    result = nginx_test(nginx, site_for_test(tmp_path, SITE.read_text()))

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_a_broken_site_config_is_caught(nginx, tmp_path):
    """The check above can fail: a directive nginx does not know is refused."""
    self_signed_certificate(tmp_path)
    broken = SITE.read_text().replace(
        "gzip_vary on;", "gzip_vary on; newsroom_no_such_directive on;"
    )
    result = nginx_test(nginx, site_for_test(tmp_path, broken))

    assert result.returncode != 0
    assert 'unknown directive "newsroom_no_such_directive"' in result.stderr


def test_access_log_keeps_no_reader_address():
    site = SITE.read_text()
    log_formats = site.split("log_format newsroom", 1)[1].split(";", 1)[0]

    assert "remote_addr" not in log_formats
    assert "forwarded_for" not in log_formats
    for line in site.splitlines():
        if line.strip().startswith("access_log ") and "off" not in line:
            assert line.strip().endswith(" newsroom;"), line
