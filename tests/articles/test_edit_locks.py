"""Two people, one story: the notice that someone else has it open (the soft lock), and
the version check that refuses a save from an out-of-date form, forged POSTs included."""

import threading
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.admin import ArticleAdmin
from articles.models import Article
from articles.workflow import locks
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

# 04:12 UTC is 10:42 in Yangon (settings.TIME_ZONE).
TEN_FORTY_TWO = datetime(2026, 3, 2, 4, 12, tzinfo=UTC)


def signed_in(username: str, first_name: str = "", last_name: str = "") -> Client:
    user = get_user_model().objects.create_superuser(
        username, f"{username}@example.org", "pw", first_name=first_name, last_name=last_name
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ma_thida():
    return signed_in("mathida", "Ma", "Thida")


@pytest.fixture
def ko_zaw():
    return signed_in("kozaw")


@pytest.fixture
def story():
    return ArticleFactory(headline="Rice prices climb", primary_section=SectionFactory(slug="news"))


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def heartbeat_url(article) -> str:
    return reverse("articles:editing-heartbeat", args=[article.pk])


def open_story(client, article):
    """GET the change page; returns the page and the version its form was opened on."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    page = parse(response.content.decode())
    return page, page.one("input[name=edit_version]")["value"]


def save_story(client, article, version, **changes):
    data = article_form_data(article.primary_section, **{"headline": article.headline, **changes})
    if version is not None:
        data["edit_version"] = version
    return client.post(change_url(article), data)


def refusal(response) -> str:
    assert response.status_code == 200, "the save went through"
    return " ".join(response.context["adminform"].form.non_field_errors())


# --- The version ---------------------------------------------------------------------


def test_every_save_and_bulk_change_moves_the_version_on(story):
    assert story.edit_version == 1
    story.save()
    assert story.edit_version == 2
    stale_copy = Article.objects.get(pk=story.pk)
    story.save()
    stale_copy.save()  # from a copy loaded before the last save: still moves past it
    assert stale_copy.edit_version == 4
    publishing.unpublish(Article.objects.filter(pk=story.pk))
    publishing.mark_pick(Article.objects.filter(pk=story.pk))
    assert Article.objects.get(pk=story.pk).edit_version == 6


def test_an_editor_saves_twice_in_a_row(ma_thida, story):
    _, version = open_story(ma_thida, story)
    response = save_story(ma_thida, story, version, headline="Rice prices climb again")
    assert response.status_code == 302
    _, version = open_story(ma_thida, story)
    assert save_story(ma_thida, story, version, headline="Rice, again").status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Rice, again"


def test_the_second_of_two_editors_on_one_version_is_refused_with_a_link(ma_thida, ko_zaw, story):
    _, thidas_version = open_story(ma_thida, story)
    _, zaws_version = open_story(ko_zaw, story)
    assert (
        save_story(ma_thida, story, thidas_version, headline="Thida's headline").status_code == 302
    )

    message = refusal(save_story(ko_zaw, story, zaws_version, headline="Zaw's headline"))
    assert "after you opened it, so your changes were not saved" in message
    history = reverse("admin:articles_article_history", args=[story.pk])
    assert f'<a href="{history}"' in message
    assert Article.objects.get(pk=story.pk).headline == "Thida's headline"


def test_a_bulk_action_makes_forms_opened_before_it_unsaveable(ma_thida, ko_zaw, story):
    _, version = open_story(ko_zaw, story)
    response = ma_thida.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    # Ko Zaw's form still says "published": saving it would put the story back online.
    refusal(save_story(ko_zaw, story, version, status=Article.Status.PUBLISHED))
    assert Article.objects.get(pk=story.pk).status == Article.Status.UNPUBLISHED


@pytest.mark.parametrize(
    ("forged", "says"),
    [
        (None, "did not say which version"),
        ("", "did not say which version"),
        ("seven", "did not say which version"),
        ("1e3", "did not say which version"),
        ("999", "after you opened it"),
        ("-1", "after you opened it"),
    ],
    ids=["missing", "empty", "word", "float", "future", "negative"],
)
def test_a_forged_version_is_refused_with_a_message(ma_thida, story, forged, says):
    message = refusal(save_story(ma_thida, story, forged, headline="Forged"))
    assert says in message
    assert Article.objects.get(pk=story.pk).headline == "Rice prices climb"


def test_adding_a_story_needs_no_version(ma_thida):
    response = ma_thida.post(
        reverse("admin:articles_article_add"), article_form_data(SectionFactory())
    )
    assert response.status_code == 302
    assert Article.objects.get().edit_version == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_one_version_cannot_both_win(postgres_only, ma_thida, ko_zaw):
    """Ma Thida's save waits (up to a second) between its check and its write for Ko Zaw's
    check to pass too: it can only if the check does not hold the row until commit."""
    story = ArticleFactory(primary_section=SectionFactory(slug="news"))
    _, version = open_story(ma_thida, story)
    zaw_passed_check = threading.Event()
    check = locks.check_edit_version
    save_model = ArticleAdmin.save_model

    def checking(article, opened):
        check(article, opened)
        if threading.current_thread().name == "zaw":
            zaw_passed_check.set()

    def slow_save_model(self, request, obj, form, change):
        if threading.current_thread().name == "thida":
            zaw_passed_check.wait(timeout=1)
        save_model(self, request, obj, form, change)

    responses = {}

    def save(name, client):
        responses[name] = save_story(client, story, version, headline=f"{name}'s headline")
        connection.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(locks, "check_edit_version", checking)
        patch.setattr(ArticleAdmin, "save_model", slow_save_model)
        thida = threading.Thread(target=save, args=("thida", ma_thida), name="thida")
        thida.start()
        zaw = threading.Thread(target=save, args=("zaw", ko_zaw), name="zaw")
        zaw.start()
        thida.join()
        zaw.join()

    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    assert Article.objects.get(pk=story.pk).edit_version == 2


# --- The soft lock -------------------------------------------------------------------


def notices(page) -> list[str]:
    return [item.text for item in page.all(".edit-lock li")]


def test_the_second_editor_is_told_who_has_the_story_open_and_since_when(
    monkeypatch, ma_thida, ko_zaw, story
):
    monkeypatch.setattr(timezone, "now", lambda: TEN_FORTY_TWO)
    page, _ = open_story(ma_thida, story)
    assert notices(page) == []  # nobody else, and not herself

    page, _ = open_story(ko_zaw, story)
    assert notices(page) == ["Ma Thida has been editing this since 10:42."]
    lock = page.one(".edit-lock")
    assert lock["data-edit-lock-url"] == heartbeat_url(story)
    assert lock["data-edit-lock-seconds"] == str(locks.HEARTBEAT_SECONDS)
    # The script is a file with its data in attributes: nothing inline for a strict CSP.
    [script] = [s for s in page.all("script") if "edit_lock" in s.get("src", "")]
    assert script["type"] == "module" and not script.text


def test_the_notice_names_a_user_without_a_full_name_by_username(ma_thida, ko_zaw, story):
    open_story(ko_zaw, story)
    page, _ = open_story(ma_thida, story)
    assert notices(page)[0].startswith("kozaw has been editing this since ")


def test_the_heartbeat_keeps_an_editor_listed_and_reports_others(ma_thida, ko_zaw, story):
    _, version = open_story(ma_thida, story)
    response = ko_zaw.post(heartbeat_url(story), {"edit_version": version})
    assert response.status_code == 200
    [notice] = response.json()["notices"]
    assert notice.startswith("Ma Thida has been editing this since ")
    notices_for_thida = ma_thida.post(heartbeat_url(story), {"edit_version": version}).json()
    assert notices_for_thida["notices"][0].startswith("kozaw has been editing")


def test_the_heartbeat_warns_that_the_story_was_saved_since_the_page_opened(ma_thida, story):
    _, version = open_story(ma_thida, story)
    story.save()
    [warning] = ma_thida.post(heartbeat_url(story), {"edit_version": version}).json()["notices"]
    assert "saved by someone else after you opened it" in warning


def test_leaving_the_page_frees_the_story_at_once(ma_thida, ko_zaw, story):
    _, version = open_story(ma_thida, story)
    response = ma_thida.post(heartbeat_url(story), {"edit_version": version, "leaving": "1"})
    assert response.status_code == 204
    page, _ = open_story(ko_zaw, story)
    assert notices(page) == []


def test_the_notice_expires_after_the_last_heartbeat(monkeypatch, ma_thida, ko_zaw, story):
    # The database cache stores expiry times in whole seconds (rounded down), so a
    # one-second timeout may end at once; two seconds last at least one.
    monkeypatch.setattr(locks, "EDITING_TIMEOUT", 2)
    open_story(ma_thida, story)
    page, _ = open_story(ko_zaw, story)
    assert notices(page)
    threading.Event().wait(2.2)
    page, _ = open_story(ko_zaw, story)
    assert notices(page) == []


def test_the_notice_never_blocks_a_save(ma_thida, ko_zaw, story):
    open_story(ma_thida, story)
    _, version = open_story(ko_zaw, story)
    assert save_story(ko_zaw, story, version, headline="Saved anyway").status_code == 302


def test_the_heartbeat_is_for_staff_who_may_change_stories(client, story):
    url = heartbeat_url(story)
    assert client.post(url).status_code == 302  # to the admin's login
    user = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.post(url).status_code == 403
    page = parse(client.get(change_url(story)).content.decode())
    assert page.all(".edit-lock") == []  # looking is not editing


def test_the_heartbeat_takes_only_posts_for_stories_that_exist(ma_thida, story):
    assert ma_thida.get(heartbeat_url(story)).status_code == 405
    missing = reverse("articles:editing-heartbeat", args=[story.pk + 1])
    assert ma_thida.post(missing).status_code == 404


def test_a_contributor_cannot_put_their_name_on_a_colleagues_story(client, ma_thida, story):
    """The heartbeat follows the roles: a contributor may not be "editing" a story
    that is not theirs to edit, so its editors see no false notice."""
    writer = get_user_model().objects.create_user("aung", is_staff=True)
    writer.groups.add(Group.objects.get(name="Contributor"))
    client.force_login(writer)

    assert client.post(heartbeat_url(story), {"edit_version": "1"}).status_code == 403
    _, version = open_story(ma_thida, story)
    assert ma_thida.post(heartbeat_url(story), {"edit_version": version}).json() == {"notices": []}
