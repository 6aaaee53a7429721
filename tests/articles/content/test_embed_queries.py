"""A story's embeds cost its page one query (their `Embed` rows, stills joined),
however many it holds and whatever the providers said about them."""

import pytest

from articles.models import Embed
from tests.articles.test_query_budget import cold_and_warm, within_budget
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

LINKS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/76979871",
    "https://x.com/MyanmarNow/status/17",
    "https://t.me/irrawaddy_news/9",
    "https://soundcloud.com/dvb-radio/news",
    "https://www.facebook.com/irrawaddy/posts/55",
]


def media(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def test_a_story_with_six_embeds_runs_as_many_queries_as_one_with_one(client):
    """Guards N+1 over a story's embeds and their stills."""
    section = SectionFactory(slug="news")
    for url in LINKS[:3]:
        Embed.objects.create(
            url=url, provider_name="P", title="T", frame_url=url, thumbnail=ImageFactory()
        )
    one = ArticleFactory(primary_section=section, slug="one", body=media(LINKS[0]))
    six = ArticleFactory(
        primary_section=section, slug="six", body="<p>ရေ</p>".join(map(media, LINKS))
    )

    one_cold, one_warm = cold_and_warm(client, one.get_absolute_url())
    six_cold, six_warm = cold_and_warm(client, six.get_absolute_url())

    within_budget("one embed", one_cold, one_warm)
    within_budget("six embeds", six_cold, six_warm)
    assert len(six_cold) == len(one_cold), "\n".join(six_cold)
    assert len(six_warm) == len(one_warm), "\n".join(six_warm)
    assert client.get(six.get_absolute_url()).content.decode().count("data-embed-frame=") == 6
