"""deploy/nginx/newsroom.conf passes `nginx -t` as Debian's nginx.conf would load it
(inside `http {}`), with the machine paths pointed at a temporary folder."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.deploy.nginx_site import SITE, self_signed_certificate, site_for_test
from tests.tools import need_program


def need_nginx() -> str:
    return need_program("nginx", package="nginx-light", path="/usr/sbin/nginx")


@pytest.fixture
def nginx():
    return need_nginx()


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


def test_only_a_session_or_a_message_takes_a_request_past_the_page_cache():
    """Signed-in readers and editors bypass nginx's copies; a CSRF cookie alone (the
    sign-in page was opened) does not, since kept pages carry no token."""
    site = SITE.read_text()
    for directive in ("proxy_cache_bypass", "proxy_no_cache"):
        cookies = re.search(rf"^\s*{directive} (.*);$", site, re.M)[1].split()
        assert cookies == ["$cookie_sessionid", "$cookie_messages"], directive
