from datetime import time

import pytest
from django.contrib.auth.models import User
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Author, DailyViewCount, Image, Tag
from comments.models import Comment
from newsletter.models import Newsletter
from newsletter.subscriptions import default_newsletter
from newsroom.demo.builder import PAIRS
from newsroom.demo.content import BURMESE_HEADLINES, ENGLISH_TRANSLATIONS
from sections.models import Section

pytestmark = pytest.mark.django_db


def counts():
    return (
        Section.objects.count(),
        Author.objects.count(),
        Tag.objects.count(),
        Image.objects.count(),
        Article.objects.count(),
        FlatPage.objects.count(),
    )


def test_seed_demo_builds_a_newsroom_and_is_idempotent():
    call_command("seed_demo", articles=120, images=3, verbosity=0)
    first = counts()
    call_command("seed_demo", articles=120, images=3, verbosity=0)
    assert counts() == first
    sections, authors, tags, images, articles, pages = first
    assert sections == 33 and authors == 12 and tags >= 150 and images == 3
    assert articles == 120 and pages == 8
    assert Section.objects.get(path="news/burma").parent.name == "News"
    assert Section.objects.filter(path="lifestyle/fashion-design").exists()


def test_seed_demo_mixes_statuses_scripts_and_relations():
    call_command("seed_demo", articles=200, images=2, verbosity=0)
    published = Article.objects.published()
    assert 150 < published.count() < 200
    assert Article.objects.exclude(pk__in=published).exists()  # drafts, scheduled, …
    assert Article.objects.scheduled().exists()
    headlines = list(Article.objects.values_list("headline", flat=True))
    assert len(set(headlines)) == len(headlines)  # no story twice in a small newsroom
    burmese = Article.objects.filter(headline__regex=r"[\u1000-\u109f]")
    assert burmese.exists()
    for article in burmese:
        assert article.slug.startswith(article.headline.split()[0])
    assert all(a.authors.exists() for a in published[:20])
    assert DailyViewCount.objects.exists()
    # Only stories readers could see have been read.
    assert not Article.objects.exclude(pk__in=published).filter(view_count__gt=0).exists()
    assert not DailyViewCount.objects.exclude(article__in=published).exists()
    assert Image.objects.filter(renditions__has_key="320").count() == 2
    # Stored sizes: pages set width/height without opening image files.
    assert not Image.objects.filter(width__isnull=True).exists()


def test_seed_demo_if_empty_leaves_existing_content_alone():
    call_command("seed_demo", articles=5, images=1, verbosity=0)
    call_command("seed_demo", articles=50, images=1, if_empty=True, verbosity=0)
    assert Article.objects.count() == 5


def analysed_rows(table: str) -> int:
    """Rows the planner's statistics count for `table` (0 before any ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        else:
            cursor.execute(
                "SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL"
                " UNION ALL SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = %s",
                [table, table],
            )
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0


def test_seed_demo_leaves_planner_statistics_for_what_it_added():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() is None or analysed_rows("articles_article") == 0
    call_command("seed_demo", articles=60, images=2, verbosity=0)
    assert analysed_rows("articles_article") == 60


def test_seed_demo_leaves_a_thread_to_read_and_comments_to_moderate(client):
    call_command("seed_demo", articles=20, images=1, verbosity=0)
    newest = Article.objects.published().order_by("-publish_at").first()
    shown = Comment.objects.visible()
    assert shown.filter(article=newest).count() == 3
    assert Article.objects.get(pk=newest.pk).comment_count == 3
    assert shown.filter(parent__isnull=False).count() == 3
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    page = client.get(newest.get_absolute_url()).content.decode()
    assert "မြောက်ပိုင်းမြို့နယ်များမှ" in page and "Saw Htoo" in page
    assert "Is this confirmed" not in page  # waiting for a moderator
    before = Comment.objects.count()
    call_command("seed_demo", articles=20, images=1, verbosity=0)
    assert Comment.objects.count() == before
    assert not any(
        user.has_usable_password() for user in User.objects.filter(comments__isnull=False)
    )


def test_seed_demo_puts_burmese_stories_in_their_edition_and_pairs_some():
    call_command("seed_demo", articles=200, images=1, verbosity=0)
    burmese = Article.objects.filter(language="my")
    assert burmese.exists()
    assert not burmese.exclude(headline__in=BURMESE_HEADLINES).exists()
    assert not Article.objects.filter(language="en", headline__in=BURMESE_HEADLINES).exists()
    paired = list(burmese.exclude(counterpart=None).select_related("counterpart"))
    assert 1 <= len(paired) <= PAIRS
    for story in paired:
        partner = story.counterpart
        assert partner.counterpart_id == story.pk  # both ways
        assert partner.language == "en"
        assert partner.headline == ENGLISH_TRANSLATIONS[story.headline]
        assert story.is_published() and partner.is_published()
    # A second run pairs nothing more.
    call_command("seed_demo", articles=200, images=1, verbosity=0)
    assert Article.objects.exclude(counterpart=None).count() == 2 * len(paired)


def test_seed_demo_has_a_burmese_daily_newsletter():
    call_command("seed_demo", articles=0, images=0, verbosity=0)
    newsletter = Newsletter.objects.get(slug="daily-briefing-my")
    assert newsletter.language == "my"
    assert newsletter.cadence == Newsletter.Cadence.DAILY
    assert default_newsletter("my") == newsletter


def test_seed_demo_has_a_weekly_opinion_digest(settings):
    call_command("seed_demo", articles=0, images=0, verbosity=0)
    call_command("seed_demo", articles=0, images=0, verbosity=0)
    weekly = Newsletter.objects.get(slug="weekly-opinion")
    assert (weekly.kind, weekly.cadence, weekly.template) == ("digest", "weekly", "headlines")
    assert weekly.send_weekday == Newsletter.Weekday.FRIDAY
    assert weekly.send_time == time(7, 0)
    assert weekly.sender_name == f"{settings.SITE_NAME} Opinion"
    assert [section.path for section in weekly.sections.all()] == ["opinion"]


def test_seed_demo_names_every_section_in_burmese_too():
    call_command("seed_demo", articles=0, images=0, verbosity=0)
    assert not Section.objects.filter(name_my="").exists()
    assert Section.objects.get(path="news").name_my == "သတင်း"
    assert Section.objects.get(path="opinion/analysis").name_my == "သုံးသပ်ချက်"
