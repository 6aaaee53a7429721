"""Template helpers behind the reader pages: widget cache lifetime, times, languages."""

import time
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from articles.caching import content_version
from articles.models import Article
from articles.selectors import seconds_until_next_publish
from articles.templatetags.article_tags import lang_attr, timestamp
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse


@pytest.mark.django_db
def test_widget_cache_never_outlives_the_next_scheduled_publish():
    section = SectionFactory()
    assert seconds_until_next_publish(180) == 180
    ArticleFactory(primary_section=section, publish_at=timezone.now() + timedelta(hours=2))
    assert seconds_until_next_publish(180) == 180
    ArticleFactory(primary_section=section, publish_at=timezone.now() + timedelta(seconds=40))
    assert 30 <= seconds_until_next_publish(180) <= 40
    ArticleFactory(
        primary_section=section,
        status=Article.Status.DRAFT,
        publish_at=timezone.now() + timedelta(seconds=5),
    )
    assert seconds_until_next_publish(180) >= 30  # drafts are not scheduled


@pytest.mark.django_db
def test_next_publish_time_is_asked_once_per_content_change(django_assert_num_queries):
    section = SectionFactory()
    ArticleFactory(primary_section=section, publish_at=timezone.now() + timedelta(hours=1))
    version = content_version()
    with django_assert_num_queries(1):
        assert seconds_until_next_publish(180, version=version) == 180
        # the second widget asks the cache
        assert seconds_until_next_publish(180, version=version) == 180
    ArticleFactory(primary_section=section, publish_at=timezone.now() + timedelta(seconds=40))
    version = content_version()
    with django_assert_num_queries(1):
        assert 30 <= seconds_until_next_publish(180, version=version) <= 40


@pytest.mark.django_db
def test_scheduled_recommendation_appears_once_its_time_comes(client):
    section = SectionFactory(slug="news")
    ArticleFactory(primary_section=section, headline="Live pick", is_recommended=True)
    goes_live = timezone.now() + timedelta(seconds=3)  # room for a slow first page
    ArticleFactory(
        primary_section=section,
        headline="Scheduled pick",
        is_recommended=True,
        publish_at=goes_live,
    )
    assert "Scheduled pick" not in client.get("/").content.decode()
    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.2)
    # No cache flush: the widget's cache entry expired no later than the publish time.
    html = client.get("/").content.decode()
    assert "Scheduled pick" in parse(html).one("section.widget.recommended").text


def test_timestamp_holds_the_date_and_no_age_a_cached_page_would_freeze():
    two_hours_ago = timezone.now() - timedelta(hours=2)
    recent = parse(timestamp(two_hours_ago)).one("time")
    assert recent.attrs["datetime"] == two_hours_ago.isoformat()
    assert "data-relative" in recent.attrs  # site.js says "2 hours ago"
    assert "ago" not in recent.text and str(timezone.localtime(two_hours_ago).year) in recent.text
    old = timestamp(timezone.make_aware(timezone.datetime(2024, 3, 5, 9, 0)))
    assert ">March 5, 2024</time>" in old or ">Mar. 5, 2024</time>" in old
    assert timestamp(None) == ""


def test_lang_attr_marks_myanmar_script_only():
    assert lang_attr("စစ်ကောင်စီ ထပ်မံ ကြေညာ") == ' lang="my"'
    assert lang_attr("Junta extends martial law") == ""
    assert lang_attr(None) == ""


@pytest.mark.django_db
def test_share_links_encode_burmese_headlines():
    article = ArticleFactory(primary_section=SectionFactory(slug="news"), headline="မြန်မာ သတင်း")
    request = RequestFactory().get("/")
    html = Template("{% load article_tags %}{% share_links article %}").render(
        Context({"article": article, "request": request})
    )
    assert "text=%E1%80%99" in html  # percent-encoded UTF-8, not raw text in the URL
    assert "မြန်မာ" not in html.split("href=")[1].split('"')[1]


def test_responsive_image_renders_nothing_without_an_image():
    html = Template("{% load article_tags %}{% responsive_image None %}").render(Context())
    assert html.strip() == ""
