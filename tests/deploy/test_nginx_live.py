"""The nginx site in front of the app, for real: nginx with deploy/nginx/newsroom.conf
(ports, certificate and folders moved to the test's) proxying to gunicorn."""

import base64
import hashlib
import hmac
import http.client
import json
import ssl
import subprocess
import sys
import time

import pytest

from tests.articles.live_server import REPO, gunicorn, server_env
from tests.deploy import nginx_site
from tests.deploy.nginx_site import HOST, self_signed_certificate, site_for_test
from tests.deploy.test_nginx import need_nginx
from tests.parallel import free_ports, port_block

# One nginx and one gunicorn for the module, on one xdist worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nginx")]

PORTS = port_block(8700, 20)
WEBHOOK_AUTH = "mailgun:hook-password"
WEBHOOK_SIGNING_KEY = "test-signing-key"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(http port, https port) of nginx serving the site in front of gunicorn."""
    program = need_nginx()
    folder = tmp_path_factory.mktemp("nginx")
    self_signed_certificate(folder)
    static = folder / "static" / "css"
    static.mkdir(parents=True)
    (static / "site.css").write_text("body {}\n")
    (static / "site.0123456789ab.css").write_text("body {}\n")

    env = server_env(
        DEBUG="true",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        # Pages go stale in nginx's cache after a second, to see it ask again.
        PAGE_CACHE_SHARED_SECONDS="1",
        PAGE_CACHE_STALE_SECONDS="0",
        # An e-mail service's webhooks (Mailgun's), set up as in production.
        ANYMAIL_WEBHOOK_SECRET=WEBHOOK_AUTH,
        ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY=WEBHOOK_SIGNING_KEY,
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    http_port, https_port = free_ports(PORTS, 2)
    with gunicorn(env, folder / "gunicorn.log", workers=1, threads=4) as app_port:
        wrapper = site_for_test(
            folder,
            ports=(http_port, https_port),
            app_port=app_port,
            static_root=folder / "static",
        )
        with nginx_site.running(program, wrapper, port=https_port):
            yield http_port, https_port


def get(
    port: int,
    path: str,
    *,
    tls: bool = True,
    host: str = HOST,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
):
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=ssl._create_unverified_context()
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(
        method,
        path,
        body=body,
        headers={"Host": host, "Content-Length": str(len(body)), **(headers or {})},
    )
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_http_redirects_to_https(site):
    http_port, _ = site
    response = get(http_port, "/news/?page=2", tls=False)

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/news/?page=2"


def test_healthz_by_ip_reaches_the_app_under_the_site_name(site):
    """ALLOWED_HOSTS holds only the site's name, yet a balancer probing the IP gets ok."""
    http_port, _ = site
    response = get(http_port, "/healthz", tls=False, host="127.0.0.1")

    assert (response.status, response.body) == (200, b"ok\n")
    with pytest.raises(http.client.RemoteDisconnected):
        get(http_port, "/", tls=False, host="127.0.0.1")


def test_hashed_static_files_are_kept_for_a_year(site):
    _, https_port = site
    hashed = get(https_port, "/static/css/site.0123456789ab.css")
    plain = get(https_port, "/static/css/site.css")

    assert hashed.status == plain.status == 200
    assert hashed.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert plain.getheader("Cache-Control") == "max-age=3600"


def test_the_page_cache_keeps_what_the_app_allows_and_nothing_else(site):
    _, https_port = site
    # Suggestions say `public, max-age=60`; the healthz answer says no-store.
    assert get(https_port, "/search/suggest/?q=rain").getheader("X-Cache") == "MISS"
    assert get(https_port, "/search/suggest/?q=rain").getheader("X-Cache") == "HIT"
    for _ in range(2):
        response = get(https_port, "/healthz")
        assert response.status == 200
        assert response.getheader("X-Cache") is None


def kept_again(port: int, path: str, *, within: float = 5) -> bool:
    """Whether nginx serves its copy of `path` as fresh (HIT) again within `within`
    seconds: the background revalidation takes longer on a loaded machine."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if get(port, path).getheader("X-Cache") == "HIT":
            return True
        time.sleep(0.1)
    return False


def test_readers_pages_are_kept_by_nginx_and_checked_with_their_etag(site):
    _, https_port = site
    first = get(https_port, "/")
    assert first.status == 200 and first.getheader("X-Cache") == "MISS"
    assert first.getheader("Cache-Control") == (
        "public, max-age=0, s-maxage=1, stale-while-revalidate=0"
    )
    kept = get(https_port, "/")
    assert kept.getheader("X-Cache") == "HIT" and kept.body == first.body
    time.sleep(2.5)  # nginx counts whole seconds
    # Expired: nginx serves its copy once more while it asks the app in the background
    # with the ETag; the 304 makes the copy fresh again.
    again = get(https_port, "/")
    assert again.getheader("X-Cache") in {"STALE", "REVALIDATED"}
    assert again.body == first.body
    assert kept_again(https_port, "/"), "the revalidated copy was never served as fresh"
    mine = get(https_port, "/", headers={"If-None-Match": first.getheader("ETag")})
    assert mine.status == 304
    editor = get(https_port, "/", headers={"Cookie": "sessionid=abc"})
    assert editor.getheader("X-Cache") == "BYPASS"


def test_a_csrf_cookie_alone_gets_the_kept_page_and_a_session_goes_past_it(site):
    """A reader who opened the sign-in page holds a CSRF cookie and still reads kept
    pages; a signed-in reader (session cookie) always reaches the app."""
    _, https_port = site
    path = "/?reader=csrf-only"
    assert get(https_port, path).getheader("X-Cache") == "MISS"
    assert get(https_port, path, headers={"Cookie": "csrftoken=abc"}).getheader("X-Cache") == "HIT"
    signed_in = get(https_port, path, headers={"Cookie": "csrftoken=abc; sessionid=abc"})
    assert signed_in.getheader("X-Cache") == "BYPASS"


def test_signup_posts_are_rate_limited_but_reading_the_page_is_not(site):
    _, https_port = site
    reads = [get(https_port, "/newsletter/").status for _ in range(8)]
    posts = [get(https_port, "/newsletter/", method="POST").status for _ in range(6)]

    assert 429 not in reads
    # One, then a burst of three; the rest wait for the rate (6 a minute).
    assert 429 not in posts[:4]
    assert posts[4:] == [429, 429]
    # The Burmese edition's sign-up is the same door: it counts against the same limit.
    assert get(https_port, "/my/newsletter/", method="POST").status == 429
    assert get(https_port, "/my/newsletter/").status == 200


def test_e_mail_service_webhooks_reach_the_app_which_checks_their_signature(site):
    """Mailgun posts bounces and complaints to /anymail/mailgun/tracking/: nothing in
    nginx (rate limits, page cache) or the app's middleware (CSRF, editions) stands in
    the way, and the app refuses a post it cannot verify."""
    _, https_port = site
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(
        WEBHOOK_SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    event = {"event": "delivered", "timestamp": time.time(), "recipient": "nobody@example.org"}
    auth = base64.b64encode(WEBHOOK_AUTH.encode()).decode()

    def post_event(signature: str):
        body = {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": event,
        }
        return get(
            https_port,
            "/anymail/mailgun/tracking/",
            method="POST",
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {auth}"},
        )

    assert post_event(signature).status == 200
    assert post_event("0" * 64).status == 400
