"""The publishing rules, reached the ways editors reach them: a save, a validated
form in the admin, and the admin's bulk actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import caching, publishing
from articles.models import Article
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

UNSLUGGABLE = "!!! — ???"


def widget(html: str, css_class: str) -> str:
    start = html.index(f'class="widget {css_class}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def version_bumps(monkeypatch):
    """Every new content version set (a test's transaction never commits, so each bump
    sets exactly one)."""
    bumps = []
    set_new_version = caching._set_new_version
    monkeypatch.setattr(caching, "_set_new_version", lambda: bumps.append(1) or set_new_version())
    return bumps


def bulk(admin_client, action: str, *articles) -> None:
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk for article in articles]},
    )
    assert response.status_code == 302


# --- The derived defaults ----------------------------------------------------------


def test_a_save_derives_the_slug_and_the_publish_time():
    article = ArticleFactory(
        headline=UNSLUGGABLE, slug="", status=Article.Status.PUBLISHED, publish_at=None
    )
    assert article.slug == publishing.default_slug(UNSLUGGABLE)
    assert article.slug.startswith("story-")
    assert timezone.now() - article.publish_at < timedelta(seconds=5)


def test_validation_derives_them_before_checking_constraints():
    article = Article(
        headline="Rice prices climb",
        primary_section=SectionFactory(),
        status=Article.Status.PUBLISHED,
    )
    article.full_clean()
    assert article.slug == "rice-prices-climb"
    assert article.publish_at is not None


def test_the_admin_form_uses_the_same_slug_rule_and_checks_it(admin_client):
    """A headline with nothing to slug gets the save() slug in the form, so the form's
    "already used" check sees it (not a database error after the fact)."""
    section = SectionFactory()
    add = reverse("admin:articles_article_add")
    data = article_form_data(section, headline=UNSLUGGABLE)
    assert admin_client.post(add, data).status_code == 302
    assert Article.objects.get().slug == publishing.default_slug(UNSLUGGABLE)

    again = admin_client.post(add, data)
    assert "already used by another story" in again.context["adminform"].form.errors["slug"][0]


# --- Bulk actions ---------------------------------------------------------------


def test_publish_now_puts_drafts_and_scheduled_stories_live_and_keeps_live_times(admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    live_since = timezone.now() - timedelta(days=2)
    live = ArticleFactory(publish_at=live_since)
    bulk(admin_client, "publish_now", draft, scheduled, live)
    for story in (draft, scheduled):
        story.refresh_from_db()
        assert story.is_published()
        assert timezone.now() - story.publish_at < timedelta(seconds=5)
    live.refresh_from_db()
    assert live.publish_at == live_since


@pytest.fixture
def newsroom():
    """Five older picks, one fresh pick with views, a popular draft."""
    for n in range(5):
        ArticleFactory(
            headline=f"Old pick {n}",
            is_recommended=True,
            publish_at=timezone.now() - timedelta(days=3, hours=n),
        )
    star = ArticleFactory(headline="Star story", is_recommended=True)
    star.daily_views.create(day=timezone.localdate(), count=50)
    draft = ArticleFactory(headline="Popular draft", status=Article.Status.DRAFT, publish_at=None)
    draft.daily_views.create(day=timezone.localdate(), count=500)
    return {"star": star, "draft": draft}


@pytest.mark.parametrize(
    ("action", "story", "widget_name", "shown_after"),
    [
        ("publish_now", "draft", "most-read", True),
        ("unpublish", "star", "most-read", False),
        ("unmark_recommended", "star", "recommended", False),
        ("mark_recommended", "draft", "recommended", True),
    ],
)
def test_each_bulk_action_sets_one_new_version_and_the_widgets_follow(
    admin_client, client, newsroom, version_bumps, action, story, widget_name, shown_after
):
    """Widgets are cached per content version: one new version per action (not one per
    story, not none) and the next page shows the change."""
    if action == "mark_recommended":
        bulk(admin_client, "publish_now", newsroom["draft"])
    others = [ArticleFactory(status=Article.Status.DRAFT, publish_at=None) for _ in range(2)]
    headline = newsroom[story].headline
    before = widget(client.get("/").content.decode(), widget_name)  # now cached
    assert (headline in before) is not shown_after
    version_bumps.clear()

    bulk(admin_client, action, newsroom[story], *others)

    assert len(version_bumps) == 1
    assert (headline in widget(client.get("/").content.decode(), widget_name)) is shown_after


def test_a_bulk_action_that_changes_nothing_sets_no_version(admin_client, version_bumps):
    live = ArticleFactory()
    version_bumps.clear()
    bulk(admin_client, "publish_now", live)
    bulk(admin_client, "unmark_recommended", live)
    assert version_bumps == []


def test_bulk_picks_and_unpicks_keep_the_pick_time_rule(admin_client):
    story = ArticleFactory()
    bulk(admin_client, "mark_recommended", story)
    story.refresh_from_db()
    assert story.is_recommended and story.recommended_at is not None
    bulk(admin_client, "unmark_recommended", story)
    story.refresh_from_db()
    assert not story.is_recommended and story.recommended_at is None
