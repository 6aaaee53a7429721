"""One demo login per role, in development only, printed with the admin's."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Author
from articles.workflow import roles

pytestmark = pytest.mark.django_db


def test_ensure_admin_makes_and_prints_a_login_per_role_in_development(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    printed = out.getvalue()
    assert printed.count("Editor login: editor / newsroom-dev-editor") == 2
    assert printed.count("Contributor login: contributor / newsroom-dev-contributor") == 2
    editor, contributor = (
        User.objects.get(username="editor"),
        User.objects.get(username="contributor"),
    )
    assert roles.can_publish(editor) and not editor.is_superuser
    assert not roles.can_publish(contributor)
    assert contributor.groups.get().name == roles.CONTRIBUTOR
    assert Author.objects.filter(user=contributor).exists()


def test_no_demo_accounts_in_production(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("ADMIN_PASSWORD", "a-real-secret")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("seed_demo", "--articles", "0", "--images", "0", stdout=out)
    assert not User.objects.filter(username__in=["editor", "contributor"]).exists()
    assert "newsroom-dev-" not in out.getvalue()


def test_seed_demo_prints_the_role_logins_in_development(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--articles", "0", "--images", "0", stdout=out)
    assert "Contributor login: contributor / newsroom-dev-contributor" in out.getvalue()


def test_the_demo_reader_signs_in_on_the_readers_pages_and_is_printed(settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    assert out.getvalue().count("Reader login: reader@example.org / newsroom-dev-reader") == 2
    answer = client.post(
        "/accounts/login/", {"login": "reader@example.org", "password": "newsroom-dev-reader"}
    )
    assert answer.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert not User.objects.get(username="reader@example.org").is_staff
