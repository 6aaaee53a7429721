"""Revisions: one per save with who and when, a word-level diff, previews, restore."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent
from articles.workflow import history
from tests.articles.workflow.conftest import change_data, logged_in, staff
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def revision_url(article, version, name="revision"):
    return reverse(f"admin:articles_article_{name}", args=[article.pk, version.pk])


@pytest.fixture
def story(section, reporter):
    """A live story with a byline and tags, and a revision of it as it is."""
    article = ArticleFactory(
        primary_section=section,
        authors=[reporter],
        tags=["Economy"],
        headline="Rice prices climb",
        body="<p>Prices rose in Yangon on Monday.</p>",
        publish_at=timezone.now() - timedelta(days=1),
    )
    # The factory adds bylines and tags after its save, outside any revision.
    history.record(article)
    return article


def edit(admin_client, article, **changes):
    article.refresh_from_db()
    response = admin_client.post(change_url(article), change_data(article, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()


def test_every_admin_save_keeps_a_whole_revision_by_the_editor(admin_client, admin_user, story):
    before = history.revisions(story).count()
    other = AuthorFactory(name="Ko Zaw")
    edit(
        admin_client,
        story,
        headline="Rice prices climb <b>again</b>",
        tags="Economy, Rice",
        **{
            "articleauthor_set-TOTAL_FORMS": "2",
            "articleauthor_set-1-author": other.pk,
            "articleauthor_set-1-position": 1,
        },
    )
    revisions = list(history.revisions(story))
    assert len(revisions) == before + 1
    newest = revisions[0]
    assert newest.revision.user == admin_user
    assert newest.field_dict["headline"] == "Rice prices climb <b>again</b>"
    assert newest.field_dict["status"] == Article.Status.PUBLISHED
    assert newest.field_dict["publish_at"] == story.publish_at
    assert history.byline_ids(newest) == [story.authors.get(name="Ma Thida").pk, other.pk]
    tag_names = {tag.name for tag in story.tags.all()}
    assert tag_names == {"Economy", "Rice"}
    assert len(history.tag_ids(newest)) == 2


def test_a_save_outside_the_admin_keeps_a_revision_too(story):
    before = history.revisions(story).count()
    story.headline = "Changed by a script"
    story.save()
    newest = history.revisions(story).first()
    assert history.revisions(story).count() == before + 1
    assert newest.field_dict["headline"] == "Changed by a script"
    assert newest.revision.user is None


def test_history_page_lists_revisions_and_diff_marks_words_escaped(admin_client, story):
    edit(admin_client, story, headline="Rice prices <b>soar</b>", body="<p>Prices rose again.</p>")
    page = admin_client.get(history_url(story)).content.decode()
    newest = history.revisions(story).first()
    assert revision_url(story, newest) in page
    assert "admin" in page  # who saved it

    diff = admin_client.get(revision_url(story, newest)).content.decode()
    assert "<del>climb</del><ins>&lt;b&gt;soar&lt;/b&gt;</ins>" in diff
    assert "<del>in Yangon on Monday.</del><ins>again.</ins>" in diff
    assert "<b>soar</b>" not in diff


def test_diff_against_the_current_story(admin_client, story):
    first = history.revisions(story).first()
    edit(admin_client, story, headline="Rice prices fall")
    diff = admin_client.get(revision_url(story, first) + "?against=current").content.decode()
    assert "<del>climb</del><ins>fall</ins>" in diff


def test_word_diff_keeps_paragraphs_and_escapes():
    assert history.readable_text("<p>One &amp; two</p><p>Three</p>") == "One & two\n\nThree"
    assert history.word_diff("a <x> b", "a <y> b") == "a <del>&lt;x&gt;</del><ins>&lt;y&gt;</ins> b"


def test_revision_preview_renders_the_old_text_for_staff_only(admin_client, client, story):
    first = history.revisions(story).first()
    edit(admin_client, story, headline="Rice prices fall", tags="Politics")
    url = revision_url(story, first, "revision_preview")
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'story-headline">Rice prices climb<' in html
    assert ">Economy<" in html and ">Politics<" not in html  # the revision's tags
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "data-view-beacon" not in html  # never counted
    assert client.get(url).status_code == 302  # to the admin login


def test_restore_brings_back_the_text_as_a_new_revision_and_never_publishes(
    admin_client, admin_user, story
):
    first = history.revisions(story).first()
    other = AuthorFactory(name="Ko Zaw")
    edit(
        admin_client,
        story,
        headline="Rice prices fall",
        body="<p>Other text.</p>",
        tags="Politics",
        status=Article.Status.UNPUBLISHED,
        **{"articleauthor_set-0-author": other.pk},
    )
    count = history.revisions(story).count()
    assert admin_client.get(revision_url(story, first, "revision_restore")).status_code == 405
    response = admin_client.post(revision_url(story, first, "revision_restore"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Rice prices climb"
    assert story.body == "<p>Prices rose in Yangon on Monday.</p>"
    assert [tag.name for tag in story.tags.all()] == ["Economy"]
    assert [author.name for author in story.authors.all()] == ["Ma Thida"]
    assert story.status == Article.Status.UNPUBLISHED  # restoring never publishes
    newest = history.revisions(story).first()
    assert history.revisions(story).count() == count + 1
    assert newest.revision.user == admin_user
    assert "Restored" in newest.revision.comment
    assert ArticleEvent.objects.filter(
        article=story, action=ArticleEvent.Action.RESTORED, user=admin_user
    ).exists()


def test_bulk_publish_keeps_a_revision_per_story(admin_client, admin_user, section):
    drafts = [
        ArticleFactory(primary_section=section, status=Article.Status.DRAFT, publish_at=None)
        for _ in range(2)
    ]
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk for draft in drafts]},
    )
    for draft in drafts:
        newest = history.revisions(draft).first()
        assert newest.field_dict["status"] == Article.Status.PUBLISHED
        assert newest.revision.user == admin_user


@pytest.mark.parametrize("edits", [1, 12])
def test_history_pages_query_count_is_constant(
    admin_client, story, edits, django_assert_max_num_queries
):
    """Guards N+1 over revisions' users on the history page and over the followed
    rows on a revision's page."""
    for number in range(edits):
        story.headline = f"Edit {number}"
        story.save()
    newest = history.revisions(story).first()
    with django_assert_max_num_queries(8):
        assert admin_client.get(history_url(story)).status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client.get(revision_url(story, newest)).status_code == 200


@pytest.mark.parametrize(
    ("role", "story_status", "allowed"),
    [
        ("Contributor", Article.Status.PUBLISHED, False),  # not a writer's to change now
        ("Contributor", Article.Status.DRAFT, True),  # their own draft
        ("Editor", Article.Status.PUBLISHED, True),
    ],
)
def test_who_may_restore(section, role, story_status, allowed):
    """Restore is an edit: a contributor restores only their own draft or returned
    story, an editor any story; a refused restore changes nothing."""
    user = staff(f"{role.lower()}-restorer", role)
    AuthorFactory(name="Ma Thida", user=user)
    story = ArticleFactory(
        primary_section=section,
        headline="First words",
        status=story_status,
        created_by=user,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    history.record(story, user=user)
    first = history.revisions(story).first()
    Article.objects.filter(pk=story.pk).update(headline="Later words")

    response = logged_in(user).post(revision_url(story, first, "revision_restore"))

    story.refresh_from_db()
    assert story.headline == ("First words" if allowed else "Later words")
    assert (response.status_code == 302) is allowed
