"""axe-core (npm, see package.json) on the readers' pages: WCAG 2.x A and AA rules,
colour contrast included, at desktop and phone widths."""

import json
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils import timezone

from tests.axe import axe_violations
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages():
    news = SectionFactory(name="News", slug="news", is_featured=True, position=1)
    burma = SectionFactory(name="Burma", slug="burma", parent=news)
    author = AuthorFactory(name="Daw Aye", slug="daw-aye", photo=ImageFactory(), role="Editor")
    now = timezone.now()
    stories = [
        ArticleFactory(
            primary_section=burma,
            headline=headline,
            authors=[author],
            tags=["junta"],
            featured_image=ImageFactory(),
            is_recommended=True,
            editors_note="Corrected a date.",
            body="".join(f"<p>Paragraph {n}.</p>" for n in range(6)),
            publish_at=now - timedelta(hours=n + 1),
        )
        for n, headline in enumerate(["Junta extends martial law", "မြန်မာ သတင်း", "Third story"])
    ]
    stories[0].related_articles.add(stories[2])
    FlatPage.objects.create(url="/about/", title="About", content="<p>Who we are.</p>").sites.add(
        Site.objects.get_current()
    )
    return [
        "/",
        "/news/burma/",
        stories[1].get_absolute_url(),
        "/tag/junta/",
        "/author/daw-aye/",
        "/about/",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_reader_pages_pass_axe_wcag_aa(browser, live_server, axe_source, pages, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        problems = axe_violations(page, axe_source)
        if problems:
            failures[path] = problems
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
