"""The lite edition in Chromium: a story page costs one request, the page itself (no
stylesheet, script, font, image or icon), keeps to the Content-Security-Policy (the
`browser` fixture fails on a blocked inline style) and passes axe-core."""

import json

import pytest

from tests.axe import axe_violations
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lite_pages():
    news = SectionFactory(name="News", slug="news")
    image = ImageFactory(alt_text="A checkpoint on the Yangon road")
    ArticleFactory(
        primary_section=news,
        slug="checkpoint",
        headline="မြန်မာ သတင်း: checkpoints close the road",
        authors=[AuthorFactory(name="Daw Aye")],
        body=(
            "<p>Paragraph one.</p>"
            f'<figure class="image"><img src="{image.file.url}" alt="{image.alt_text}">'
            "<figcaption>The road north.</figcaption></figure><p>Paragraph two.</p>"
        ),
        featured_image=image,
    )
    return ["/lite/news/checkpoint/", "/lite/", "/lite/news/"]


def test_a_lite_page_loads_with_no_request_but_its_own(browser, live_server, lite_pages):
    context = browser.new_context()
    for path in lite_pages:
        page = context.new_page()
        requests = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200
        assert requests == [f"{live_server.url}{path}"]
        # The inline stylesheet applied: the policy let it through.
        assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
        page.close()


def test_lite_pages_pass_axe_wcag_aa(browser, live_server, axe_source, lite_pages):
    page = browser.new_context(bypass_csp=True).new_page()
    failures = {}
    for path in lite_pages:
        page.goto(f"{live_server.url}{path}")
        problems = axe_violations(page, axe_source)
        if problems:
            failures[path] = problems
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
