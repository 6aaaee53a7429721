"""gunicorn started with deploy/gunicorn.conf.py serves the app, and its access log
keeps no client address."""

import http.client
import subprocess
import sys

from tests.articles.live_server import GUNICORN, REPO, free_port, server_env, wait_until_serving

CONFIG = REPO / "deploy" / "gunicorn.conf.py"
READER = "203.0.113.77"


def test_serves_with_the_deploy_config_and_logs_no_address(tmp_path):
    env = server_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_WORKERS="1",
        GUNICORN_BIND=f"127.0.0.1:{free_port()}",
        GUNICORN_ACCESS_LOG=str(tmp_path / "access.log"),
    )
    # /healthz reads the shared cache, a database table without Redis.
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=REPO, env=env, check=True)
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    command = [str(GUNICORN), "-c", str(CONFIG), "newsroom.wsgi"]
    with open(tmp_path / "error.log", "wb") as errors:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=errors, stderr=errors)
        try:
            wait_until_serving(port, server)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/healthz", headers={"X-Forwarded-For": READER})
            response = connection.getresponse()
            body = response.read()
            connection.close()
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert (response.status, body) == (200, b"ok\n")
    access_log = (tmp_path / "access.log").read_text()
    assert '"GET /healthz HTTP/1.1" 200' in access_log
    assert READER not in access_log
    assert "127.0.0.1" not in access_log
