"""An editor pastes a YouTube link into the CKEditor body: it becomes a media embed
that shows the link, not the provider's preview (the admin page asks YouTube for
nothing), and saving stores it as `<oembed url>` in its canonical form.

On PostgreSQL: the change page's edit-lock heartbeat runs beside the page's requests,
which the in-memory SQLite live server cannot serve at once."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTE = """([selector, text]) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector(selector).dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
  );
}"""


def test_a_pasted_youtube_link_becomes_an_embed_stored_as_a_link(
    live_server, postgres_only, settings, editor_page
):
    settings.EMBED_ASK_BUILT_IN_PROVIDERS = False
    story = ArticleFactory(
        primary_section=SectionFactory(slug="news"),
        status=Article.Status.DRAFT,
        body="<p>ရေကြီးမှု</p>",
    )
    page = editor_page
    requests = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    expect(page.get_by_role("button", name="Insert media")).to_be_visible()

    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.evaluate(PASTE, [".ck-editor__editable", "https://youtu.be/dQw4w9WgXcQ?si=Tr4ck"])

    embed = editable.locator(".ck-media__wrapper")
    expect(embed).to_be_visible()
    expect(embed).to_contain_text("youtu.be/dQw4w9WgXcQ")
    with page.expect_navigation():
        page.click("input[name=_continue]")

    story.refresh_from_db()
    assert story.body == (
        '<p>ရေကြီးမှု</p><figure class="media">'
        '<oembed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></oembed></figure>'
    )
    assert [url for url in requests if not url.startswith(live_server.url)] == []
