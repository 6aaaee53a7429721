"""The shipped nginx site (deploy/nginx/newsroom.conf) run outside /etc: a copy with
its ports, certificate, cache, log and file folders moved into one folder, included
the way Debian's /etc/nginx/nginx.conf includes it. The deploy tests check and run it;
`scripts/bench.py` puts it in front of gunicorn to measure it.
"""

import os
import pwd
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "deploy" / "nginx" / "newsroom.conf"
HOST = "news.example.org"


def self_signed_certificate(folder: Path) -> None:
    """fullchain.pem and privkey.pem for HOST in `folder`, where the copy looks."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}"]
        + ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True,
        capture_output=True,
    )


def site_for_test(
    folder: Path,
    site_text: str | None = None,
    *,
    ports: tuple[int, int] | None = None,
    app_port: int | None = None,
    static_root: Path | None = None,
    media_root: Path | None = None,
    worker_processes: int | str = 1,
) -> Path:
    """Write the site (`site_text`, default the shipped file) with its certificate,
    cache and log paths under `folder`, and the nginx.conf that includes it; return
    that nginx.conf. With `ports` (http, https) it listens on 127.0.0.1 there (IPv4
    only); with `app_port` it proxies to gunicorn on that port; `static_root` and
    `media_root` replace /srv/newsroom's folders."""
    moved = {
        "/etc/letsencrypt/live/news.example.org/": f"{folder}/",
        "/var/cache/nginx/newsroom": f"{folder}/cache",
        "/var/log/nginx/": f"{folder}/",
    }
    if ports is not None:
        http_port, https_port = ports
        moved |= {
            "listen [::]:80 default_server;": "",
            "listen [::]:80;": "",
            "listen [::]:443 ssl http2;": "",
            "listen 80": f"listen 127.0.0.1:{http_port}",
            "listen 443": f"listen 127.0.0.1:{https_port}",
        }
    if app_port is not None:
        moved["server 127.0.0.1:8000"] = f"server 127.0.0.1:{app_port}"
    if static_root is not None:
        moved["/srv/newsroom/staticfiles/"] = f"{static_root}/"
    if media_root is not None:
        moved["/srv/newsroom/media/"] = f"{media_root}/"
    text = SITE.read_text() if site_text is None else site_text
    for machine, test in moved.items():
        assert machine in text, f"{machine} is no longer in the site file"
        text = text.replace(machine, test)
    (folder / "newsroom.conf").write_text(text)
    wrapper = folder / "nginx.conf"
    wrapper.write_text(
        # Its workers read the folder, which only its owner may open.
        f"user {pwd.getpwuid(os.getuid()).pw_name};\n"
        f"worker_processes {worker_processes};\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        # As Debian's nginx.conf has them.
        "    sendfile on;\n"
        "    tcp_nopush on;\n"
        f"    include {folder}/newsroom.conf;\n"
        "}\n"
    )
    return wrapper


@contextmanager
def running(program: str, wrapper: Path, *, port: int) -> Iterator[subprocess.Popen]:
    """nginx with `wrapper` in the foreground until the block ends; `port` is where
    it is ready once it listens."""
    command = [program, "-p", str(wrapper.parent), "-c", str(wrapper), "-g", "daemon off;"]
    nginx = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, nginx)
        yield nginx
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not start listening")
