"""Count article views: who is a visitor, what is not a view, and the atomic increment.

A view is one page load of a published article by one visitor; the same visitor
reloading the same article within `VIEW_DEDUP_WINDOW_SECONDS` counts once. A visitor is
a hash of client address and User-Agent salted with a key that changes every day, so
no raw address is ever stored and yesterday's visitors cannot be linked to today's
(just after midnight, yesterday's id is computed to look up a claim, never stored).

Increments are single SQL statements or a Redis `HINCRBY`; nothing reads a count,
adds to it in Python and writes it back.
"""

import datetime
import hashlib
import hmac
import logging
import re
from functools import cache

import redis
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, DailyViewCount, RecentVisit

logger = logging.getLogger(__name__)

# Crawlers, link unfurlers, monitoring, HTTP libraries and headless/automated browsers.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|embedly|"
    r"whatsapp|telegram|skype|discord|slack|vkshare|pinterest|bitly|tumblr|"
    r"preview|validator|monitor|uptime|pingdom|statuscake|lighthouse|pagespeed|gtmetrix|"
    r"headless|phantomjs|electron|puppeteer|playwright|selenium|webdriver|cypress|"
    r"curl|wget|python|aiohttp|httpx|go-http-client|java/|okhttp|libwww|perl|ruby|"
    r"php|node-fetch|axios|undici|scrapy|feed|rss|http_request|apache-httpclient|"
    r"^mozilla/\d\.\d$|^$",
    re.IGNORECASE,
)
# Headers browsers send with speculative loads (prefetch, prerender, link previews).
_PURPOSE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
_SPECULATIVE = re.compile(r"prefetch|prerender|preview", re.IGNORECASE)


def redis_key(name: str) -> str:
    """Redis key `name` under `VIEW_REDIS_KEY_PREFIX` (several sites may share a Redis)."""
    return f"{settings.VIEW_REDIS_KEY_PREFIX}views:{name}"


# Article ids are bigints; anything larger cannot name an article.
MAX_ARTICLE_ID = 2**63 - 1


def is_bot(user_agent: str) -> bool:
    return bool(BOT_USER_AGENT.search(user_agent.strip()))


def is_speculative(request) -> bool:
    """A prefetch/prerender/link-preview load, not a reader looking at the page."""
    return any(_SPECULATIVE.search(request.META.get(header, "")) for header in _PURPOSE_HEADERS)


def daily_salt(day: datetime.date) -> bytes:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"view-visitor:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()


def visitor_id(*, address: str, user_agent: str, day: datetime.date) -> str:
    """Who is looking, as a daily-salted hash; never the raw address."""
    message = f"{address}\n{user_agent}".encode(errors="replace")
    return hmac.new(daily_salt(day), message, hashlib.sha256).hexdigest()


def visitor_ids(*, address: str, user_agent: str, now: datetime.datetime) -> tuple[str, str | None]:
    """Today's visitor id and, while the dedup window still reaches into yesterday,
    yesterday's id of the same reader: loading a story at 23:50 and reloading it at
    00:05 is one view, although the salt changed at midnight (local time)."""
    local = timezone.localtime(now)
    today = visitor_id(address=address, user_agent=user_agent, day=local.date())
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if (local - midnight).total_seconds() >= settings.VIEW_DEDUP_WINDOW_SECONDS:
        return today, None
    yesterday = local.date() - datetime.timedelta(days=1)
    return today, visitor_id(address=address, user_agent=user_agent, day=yesterday)


# With Redis, "this article is published" is remembered this long, so a beacon needs
# no database query; unpublishing stops the counting within this time.
COUNTABLE_SECONDS = 60


def is_countable_article(article_id: int) -> bool:
    """Published (readers can see it), so its views count; unknown ids are not."""
    if not 0 < article_id <= MAX_ARTICLE_ID:
        return False
    if settings.REDIS_URL:
        try:
            return _countable_via_redis(article_id)
        except redis.RedisError:
            logger.warning("Redis is unreachable; asking the database", exc_info=True)
    return _is_published(article_id)


def _countable_via_redis(article_id: int) -> bool:
    flag = redis_key(f"countable:{article_id}")
    if redis_client().exists(flag):
        return True
    if not _is_published(article_id):
        return False
    redis_client().set(flag, 1, ex=COUNTABLE_SECONDS)
    return True


def _is_published(article_id: int) -> bool:
    return Article.objects.published().filter(pk=article_id).exists()


# One round trip per beacon: is the article countable (flag set by
# `is_countable_article`), has this visitor been counted in the window (claim today's
# key; yesterday's key, KEYS[4], may hold a claim from before midnight), and HINCRBY.
# Returns -1 when the flag is missing, 0 when already counted, 1 when counted now.
_REDIS_COUNT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[1]) > 0 then
  if not redis.call('SET', KEYS[2], 1, 'NX', 'EX', ARGV[1]) then return 0 end
  if KEYS[4] ~= KEYS[2] and redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
end
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
return 1
"""
UNKNOWN_ARTICLE = -1


def count_in_redis(
    *, article_id: int, visitor: str, day: datetime.date, earlier_visitor: str | None = None
) -> int:
    """Count a view in the live Redis hash unless deduplicated: 1 counted, 0 already
    counted in the window (as `visitor` or, before midnight, as `earlier_visitor`),
    `UNKNOWN_ARTICLE` if the article is not known countable."""
    seen = redis_key(f"seen:{dedup_key(article_id=article_id, visitor=visitor)}")
    seen_earlier = (
        redis_key(f"seen:{dedup_key(article_id=article_id, visitor=earlier_visitor)}")
        if earlier_visitor
        else seen
    )
    keys = [redis_key(f"countable:{article_id}"), seen, redis_key("live"), seen_earlier]
    args = [settings.VIEW_DEDUP_WINDOW_SECONDS, f"{article_id}:{day.isoformat()}"]
    return _redis_count_script()(keys=keys, args=args)


def dedup_key(*, article_id: int, visitor: str) -> str:
    return hashlib.sha256(f"{visitor}:{article_id}".encode()).hexdigest()


def first_visit_in_window(
    *, article_id: int, visitor: str, earlier_visitor: str | None = None
) -> bool:
    """Claim (visitor, article) for the dedup window in the database; False if it was
    claimed already (as `visitor` or, before midnight, as `earlier_visitor`). The claim
    is one `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING` statement, so
    several web processes agree without Redis (which claims in `count_in_redis`)."""
    window = settings.VIEW_DEDUP_WINDOW_SECONDS
    if window <= 0:
        return True
    now = timezone.now()
    table = connection.ops.quote_name(RecentVisit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, expires_at) VALUES (%s, %s) "
            f"ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at "
            f"WHERE {table}.expires_at <= %s RETURNING key",
            [
                dedup_key(article_id=article_id, visitor=visitor),
                now + datetime.timedelta(seconds=window),
                now,
            ],
        )
        if cursor.fetchone() is None:
            return False
    if earlier_visitor is None:
        return True
    earlier = dedup_key(article_id=article_id, visitor=earlier_visitor)
    return not RecentVisit.objects.filter(key=earlier, expires_at__gt=now).exists()


@cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def redis_client():
    """One connection pool per process and URL."""
    return _redis_client(settings.REDIS_URL)


@cache
def _script(url: str):
    return _redis_client(url).register_script(_REDIS_COUNT)


def _redis_count_script():
    return _script(settings.REDIS_URL)


def add_views(counts: dict[tuple[int, datetime.date], int]) -> None:
    """Add `counts[(article_id, day)]` views to the daily rows and article totals.

    Two kinds of single-statement increments, in one transaction: an upsert per
    (article, day) and `view_count = view_count + n` per article. Ids of articles
    deleted meanwhile are dropped.
    """
    counts = {key: n for key, n in counts.items() if n > 0}
    if not counts:
        return
    existing = set(
        Article.objects.filter(pk__in={article_id for article_id, _ in counts}).values_list(
            "pk", flat=True
        )
    )
    rows = [(a, day, n) for (a, day), n in sorted(counts.items()) if a in existing]
    if not rows:
        return
    totals: dict[int, int] = {}
    for article_id, _, n in rows:
        totals[article_id] = totals.get(article_id, 0) + n
    with transaction.atomic():
        _upsert_daily(rows)
        for article_id, n in sorted(totals.items()):
            Article.objects.filter(pk=article_id).update(view_count=F("view_count") + n)


def add_view_if_published(*, article_id: int, day: datetime.date) -> bool:
    """Add one view to a published article (total and `day`); False, changing nothing,
    if it is not published. The caller holds a transaction."""
    published = Article.objects.published().filter(pk=article_id)
    if not published.update(view_count=F("view_count") + 1):
        return False
    _upsert_daily([(article_id, day, 1)])
    return True


def _upsert_daily(rows: list[tuple[int, datetime.date, int]]) -> None:
    """One `INSERT … ON CONFLICT (article, day) DO UPDATE SET count = count + n`."""
    table = connection.ops.quote_name(DailyViewCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, count) VALUES {values} "
            f"ON CONFLICT (article_id, day) DO UPDATE SET count = {table}.count + excluded.count",
            [value for row in rows for value in row],
        )
