"""Security headers on every kind of response, and the CSP report endpoint."""

import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings

from articles.previews import preview_url
from newsletter import tokens
from newsletter.models import Subscriber
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

REPORT = settings.CSP_REPORT_PATH


@pytest.fixture
def story():
    section = SectionFactory(name="News", slug="news")
    return ArticleFactory(primary_section=section, headline="Rice prices climb", slug="rice")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def response_kinds(client, story):
    """One response of each kind a browser can receive from us."""
    pending = SubscriberFactory(status=Subscriber.Status.PENDING)
    confirm = f"/newsletter/confirm/{tokens.make_confirm_token(pending.pk)}/"
    return {
        "page": client.get(story.get_absolute_url()),
        "home": client.get("/"),
        "404": client.get("/no-such-section/"),
        "rss": client.get("/feed/"),
        "atom": client.get("/feed/atom/"),
        "sitemap": client.get("/sitemap.xml"),
        "robots": client.get("/robots.txt"),
        "admin login": client.get("/admin/login/"),
        "preview": client.get(preview_url(story)),
        "newsletter page": client.get("/newsletter/"),
        "newsletter confirm": client.get(confirm),
        "view beacon": client.post(f"/views/{story.pk}/"),
        "suggest (JSON)": client.get("/search/suggest/", {"q": "rice"}),
        "report endpoint": client.get(REPORT),
    }


def test_every_kind_of_response_carries_the_security_headers(client, story):
    for kind, response in response_kinds(client, story).items():
        assert response.status_code < 500, kind
        csp = directives(response)
        assert csp["script-src"] == ["'self'"], kind
        assert csp["default-src"] == ["'self'"], kind
        assert csp["object-src"] == ["'none'"], kind
        assert csp["frame-ancestors"] == ["'none'"], kind
        assert csp["report-uri"] == [REPORT], kind
        assert response["X-Frame-Options"] == "DENY", kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", kind
        assert "camera=()" in response["Permissions-Policy"], kind
        assert "geolocation=()" in response["Permissions-Policy"], kind


def test_the_policy_allows_nothing_inline_and_only_our_own_files(client):
    csp = directives(client.get("/"))
    assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_uploads_served_from_another_host_may_be_shown():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'; "
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"MEDIA_URL": "https://media.example.net/uploads/", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "https://media.example.net'" in result.stdout


def test_cookies_are_httponly_and_same_site_lax(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-password")
    login = client.get("/admin/login/")
    csrf = login.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    token = csrf.value
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-long-password", "csrfmiddlewaretoken": token},
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


def report(**fields) -> bytes:
    return json.dumps({"csp-report": fields}).encode()


def test_a_violation_report_is_logged_without_urls_tokens_or_addresses(client, story, caplog):
    document = f"http://testserver{preview_url(story)}?utm=x"
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        response = client.post(
            REPORT,
            report(
                **{
                    "document-uri": document,
                    "violated-directive": "script-src-elem",
                    "effective-directive": "script-src-elem",
                    "blocked-uri": "https://evil.example/x.js?secret=1",
                }
            ),
            content_type="application/csp-report",
            REMOTE_ADDR="198.51.100.7",
        )
    assert response.status_code == 204
    [line] = caplog.messages
    assert "'https://evil.example'" in line
    assert "script-src-elem" in line
    assert "articles:preview" in line
    token = preview_url(story).split("/")[-2]
    for secret in (token, "secret=1", "utm", "198.51.100.7"):
        assert secret not in line


def test_oversized_malformed_and_flooding_reports_are_refused(client, settings, caplog):
    big = report(**{"violated-directive": "img-src", "blocked-uri": "x" * 9000})
    assert client.post(REPORT, big, content_type="application/csp-report").status_code == 413
    for junk in (b"not json", b"[]", b'{"csp-report": 1}', b'{"other": {}}'):
        answer = client.post(REPORT, junk, content_type="application/csp-report")
        assert answer.status_code == 400, junk
    assert client.get(REPORT).status_code == 405
    settings.CSP_REPORT_RATE = "2/h"
    valid = report(**{"violated-directive": "img-src", "blocked-uri": "data"})
    answers = [
        client.post(REPORT, valid, content_type="application/csp-report").status_code
        for _ in range(4)
    ]
    assert answers[-1] == 429
    assert answers.count(204) <= 2


def test_admin_pages_alone_allow_inline_style_attributes_for_ckeditor(client, story):
    admin = directives(client.get("/admin/login/"))
    reader = directives(client.get(story.get_absolute_url()))
    assert admin["style-src-attr"] == ["'unsafe-inline'"]
    assert admin["style-src"] == admin["script-src"] == ["'self'"]
    assert "style-src-attr" not in reader
