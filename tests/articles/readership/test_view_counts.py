"""View counts: the short display form, the beacon markup, storage and `flush_views`."""

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone, translation

from articles.models import AppliedViewFlush, Article, DailyViewCount, RecentVisit
from articles.readership import counting, services
from articles.templatetags.view_counts import short_count
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1_000, "1k"),
        (1_234, "1.2k"),
        (1_299, "1.2k"),  # rounded down: never more than it is
        (12_250, "12.2k"),
        (999_999, "999.9k"),
        (1_000_000, "1M"),
        (1_300_000, "1.3M"),
        (2_500_000_000, "2.5B"),
        ("12250", "12.2k"),
    ],
)
def test_short_count(count, shown):
    with translation.override("en"):
        assert short_count(count) == shown


def test_short_count_uses_the_locale_decimal_separator():
    with translation.override("de"):
        assert short_count(12_250) == "12,2k"


@pytest.mark.parametrize("junk", [None, "", "many"])
def test_short_count_leaves_non_numbers_alone(junk):
    assert short_count(junk) == junk


@pytest.mark.django_db
def test_view_beacon_markup_is_the_same_for_everyone_and_csp_safe():
    article = ArticleFactory()
    template = Template("{% load view_counts %}{% view_beacon article %}")
    html = template.render(Context({"article": article}))
    url = f"/views/{article.pk}/"
    assert f'data-view-beacon="{url}"' in html
    assert f'<noscript><img class="view-pixel" src="{url}"' in html
    assert (
        "<script" not in html and "style=" not in html and " on" not in html.replace("noscript", "")
    )
    assert template.render(Context({"article": article})) == html


@pytest.mark.django_db
def test_no_view_beacon_on_a_preview():
    template = Template("{% load view_counts %}{% view_beacon article %}")
    html = template.render(Context({"article": ArticleFactory(), "is_preview": True}))
    assert html == ""


@pytest.mark.django_db
def test_add_views_is_an_upsert_per_day_and_a_total():
    article = ArticleFactory()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    counting.add_views({(article.pk, today): 3, (article.pk, yesterday): 2})
    counting.add_views({(article.pk, today): 4})
    rows = dict(DailyViewCount.objects.filter(article=article).values_list("day", "count"))
    assert rows == {today: 7, yesterday: 2}
    article.refresh_from_db()
    assert article.view_count == 9


@pytest.mark.django_db
def test_add_views_skips_articles_deleted_meanwhile():
    article = ArticleFactory()
    counting.add_views(
        {(article.pk, timezone.localdate()): 1, (article.pk + 1000, timezone.localdate()): 5}
    )
    assert DailyViewCount.objects.get().count == 1


@pytest.fixture
def on_redis(settings, redis_url):
    settings.REDIS_URL = redis_url
    return counting.redis_client()


def count_in_redis(article, times=1):
    """`times` views of `article` by as many new visitors."""
    for _ in range(times):
        services.record_view(article_id=article.pk, visitor=uuid.uuid4().hex)


@pytest.mark.django_db
def test_views_wait_in_redis_until_flushed(on_redis):
    article = ArticleFactory()
    count_in_redis(article, times=3)
    assert services.pending_views() == 3
    assert not DailyViewCount.objects.exists()

    result = services.flush_views()

    assert (result.batches, result.views) == (1, 3)
    assert services.pending_views() == 0
    article.refresh_from_db()
    assert article.view_count == 3
    assert DailyViewCount.objects.get(article=article, day=timezone.localdate()).count == 3
    assert services.flush_views().views == 0


@pytest.mark.django_db
def test_a_batch_left_by_a_run_that_died_before_applying_is_applied_once(on_redis):
    article = ArticleFactory()
    count_in_redis(article, times=2)
    # The run moved the live hash aside and died.
    on_redis.rename(counting.redis_key("live"), counting.redis_key("flush:died-early"))
    count_in_redis(article, times=1)  # counted after the crash: a fresh live hash

    assert services.flush_views().views == 3
    assert services.flush_views().views == 0
    article.refresh_from_db()
    assert article.view_count == 3


@pytest.mark.django_db
def test_a_batch_applied_by_a_run_that_died_before_deleting_it_is_not_added_again(on_redis):
    article = ArticleFactory()
    count_in_redis(article, times=5)
    key = counting.redis_key("flush:died-late")
    on_redis.rename(counting.redis_key("live"), key)
    # The run applied the batch in the database, then died before deleting the key.
    services._apply_batch(on_redis, key)
    assert AppliedViewFlush.objects.filter(flush_id="died-late").exists()

    assert services.flush_views().views == 0
    assert not on_redis.exists(key)
    article.refresh_from_db()
    assert article.view_count == 5


@pytest.mark.django_db
def test_flush_views_command_reports_and_dry_run_moves_nothing(on_redis, capsys):
    article = ArticleFactory()
    count_in_redis(article, times=2)
    call_command("flush_views", "--dry-run")
    assert "2 views waiting" in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).view_count == 0
    call_command("flush_views")
    assert "Flushed 2 views in 1 batch" in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).view_count == 2


@pytest.mark.django_db
def test_flush_views_forgets_expired_dedup_claims(settings):
    settings.REDIS_URL = ""
    now = timezone.now()
    RecentVisit.objects.create(key="old", expires_at=now - datetime.timedelta(seconds=1))
    RecentVisit.objects.create(key="live", expires_at=now + datetime.timedelta(minutes=5))
    call_command("flush_views")
    assert list(RecentVisit.objects.values_list("key", flat=True)) == ["live"]
