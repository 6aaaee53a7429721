"""The review workflow in real browsers: a contributor writes and submits, an editor
returns the story with a note, the contributor fixes it, the editor schedules it, and it
appears on the site by itself when its time comes."""

import re
import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_login import ADMIN_PASSWORD, admin_page
from tests.factories import AuthorFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
GROUPS_MIGRATION = import_module("articles.migrations.0012_create_contributor_and_editor_groups")

NOTE = "Name the township and say who counted the families."


@pytest.fixture
def groups(transactional_db):
    """The Contributor and Editor groups with the permissions their data migration
    gives them: a browser test's database is emptied after each test, data-migration
    rows included (permissions are made again by the flush, groups are not)."""
    contributor, _ = Group.objects.get_or_create(name="Contributor")
    for app_label, codenames in GROUPS_MIGRATION.CONTRIBUTOR.items():
        contributor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    editor, _ = Group.objects.get_or_create(name="Editor")
    for app_label, models in GROUPS_MIGRATION.EDITOR_MODELS.items():
        editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


def person(username: str, role: str) -> User:
    user = User.objects.create_user(username, password=ADMIN_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.click(f"input[name={name}]")


def test_submit_return_fix_schedule_and_go_live(browser, live_server, groups):
    SectionFactory(name="News", slug="news")
    writer = person("thida", "Contributor")
    AuthorFactory(name="Ma Thida", user=writer)
    person("desk", "Editor")
    contributor = admin_page(browser, live_server, "thida")
    editor = admin_page(browser, live_server, "desk")

    # The contributor writes a draft and submits it.
    contributor.goto(f"{live_server.url}/admin/articles/article/add/")
    contributor.fill("#id_headline", "Families flee shelling")
    contributor.fill("#id_standfirst", "Hundreds reached the border overnight.")
    contributor.click(".field-primary_section .select2-selection")
    contributor.fill(".select2-search__field", "news")
    contributor.click(".select2-results__option >> text=news")
    contributor.click("h1")
    press(contributor, "_continue")
    story = Article.objects.get(headline="Families flee shelling")
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    press(contributor, "_submit_for_review")
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW

    # The editor returns it with a note.
    editor.goto(change_url)
    editor.fill("#id_review_note", NOTE)
    press(editor, "_return_to_writer")
    story.refresh_from_db()
    assert story.status == Article.Status.RETURNED

    # The contributor reads the note, fixes the story and submits it again.
    contributor.goto(change_url)
    expect(contributor.locator(".newsroom-review-note")).to_contain_text(NOTE)
    contributor.fill("#id_headline", "Families flee shelling in Hpakant township")
    press(contributor, "_submit_for_review")
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert story.headline == "Families flee shelling in Hpakant township"

    # The editor schedules it a few seconds ahead (enough for a loaded machine to save it
    # before that time comes).
    goes_live = timezone.localtime() + timedelta(seconds=12)
    editor.goto(change_url)
    editor.select_option("#id_status", "published")
    editor.fill("#id_publish_at_0", goes_live.strftime("%Y-%m-%d"))
    editor.fill("#id_publish_at_1", goes_live.strftime("%H:%M:%S"))
    press(editor, "_save")
    story.refresh_from_db()
    assert story.is_scheduled()

    # Nobody touches it again: it appears on the site by itself at its time.
    reader = browser.new_page()
    url = f"{live_server.url}{story.get_absolute_url()}"
    assert reader.goto(url).status == 404
    time.sleep(max(0.0, (goes_live - timezone.localtime()).total_seconds()) + 1)
    assert reader.goto(url).status == 200
    expect(reader.locator("h1")).to_have_text(re.compile("Hpakant township"))
    reader.goto(live_server.url)
    expect(reader.locator("main")).to_contain_text("Families flee shelling in Hpakant township")
    for page in (contributor, editor, reader):
        page.context.close()
