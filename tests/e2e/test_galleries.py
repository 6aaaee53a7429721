"""Galleries and photo essays in a real browser: a plain sequence of figures without
JavaScript, a keyboard- and touch-friendly viewer with it, photos at the page's width
in a photo essay, WCAG AA by axe-core, and the story editor's "Add gallery" dialog."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article, GalleryItem
from tests.axe import axe_violations
from tests.factories import (
    ArticleFactory,
    GalleryFactory,
    ImageFactory,
    SectionFactory,
    gallery_body,
    png_bytes,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ALTS = ["Boats on a flooded street", "A family on a roof", "Water to the horizon"]


def photo(alt: str, color: str):
    return ImageFactory(
        file=ContentFile(png_bytes(1200, 800, color), name="photo.png"),
        alt_text=alt,
        caption=f"Caption: {alt}.",
        credit="Ko Min",
    )


@pytest.fixture
def gallery():
    gallery = GalleryFactory(title="Flood in Bago")
    colors = ["navy", "darkgreen", "maroon"]
    for position, (alt, color) in enumerate(zip(ALTS, colors, strict=True)):
        GalleryItem.objects.create(gallery=gallery, image=photo(alt, color), position=position)
    return gallery


@pytest.fixture
def story(gallery):
    burma = SectionFactory(name="Burma", slug="burma")
    return ArticleFactory(
        primary_section=burma,
        headline="Flood waters reach Bago",
        body=gallery_body(gallery) + "<p>After the photos.</p>",
    )


@pytest.fixture
def photo_essay(gallery):
    burma = SectionFactory(name="Burma", slug="burma")
    return ArticleFactory(
        primary_section=burma,
        headline="After the flood",
        slug="after-the-flood",
        kind=Article.Kind.PHOTO_ESSAY,
        featured_image=photo("A river at dawn", "teal"),
        body="<p>The water came at night.</p>"
        + gallery_body(gallery, before="")
        + "<p>Most families have returned.</p>",
    )


def open_page(browser, url, *, javascript=True, width=1280, **options):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript, **options
    )
    page = context.new_page()
    page.goto(url)
    return page


def strip_shows(page, index: int) -> None:
    """Wait until the gallery's strip has settled on its photo `index` (from 0)."""
    page.wait_for_function(
        """index => {
          const strip = document.querySelector(".gallery-items");
          return Math.abs(strip.scrollLeft - strip.children[index].offsetLeft) < 2;
        }""",
        arg=index,
    )


def test_without_javascript_every_photo_shows_in_order(browser, live_server, story):
    page = open_page(browser, f"{live_server.url}{story.get_absolute_url()}", javascript=False)
    gallery = page.locator("figure.gallery")

    expect(gallery.locator(".gallery-label")).to_have_text("Gallery: 3 photos")
    images = gallery.locator("li img")
    expect(images).to_have_count(3)
    for index in range(3):
        images.nth(index).scroll_into_view_if_needed()
        expect(images.nth(index)).to_be_visible()
    assert images.evaluate_all("images => images.map(image => image.alt)") == ALTS
    # One below the other, each with its caption and credit; no viewer controls.
    tops = images.evaluate_all("images => images.map(i => i.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len(set(tops)) == 3
    expect(gallery.locator("li figcaption").first).to_have_text(
        "Caption: Boats on a flooded street. Photo: Ko Min"
    )
    expect(gallery.get_by_role("button")).to_have_count(0)
    page.context.close()


def test_buttons_and_arrow_keys_move_the_viewer_and_the_count_follows(browser, live_server, story):
    page = open_page(browser, f"{live_server.url}{story.get_absolute_url()}")
    gallery = page.locator("figure.gallery")
    strip = gallery.locator(".gallery-items")
    count = gallery.locator("[data-gallery-count]")
    previous = gallery.get_by_role("button", name="Previous photo")
    following = gallery.get_by_role("button", name="Next photo")

    expect(count).to_have_text("1 of 3")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(previous).to_have_attribute("aria-disabled", "true")
    following.click()
    expect(count).to_have_text("2 of 3")
    strip_shows(page, 1)  # the second photo, the first scrolled out of the strip
    following.click()
    expect(count).to_have_text("3 of 3")
    expect(following).to_have_attribute("aria-disabled", "true")
    following.press("Enter")  # at the end: it keeps focus and the viewer stays
    expect(following).to_be_focused()
    expect(count).to_have_text("3 of 3")
    previous.click()
    expect(count).to_have_text("2 of 3")

    strip.focus()
    page.keyboard.press("ArrowLeft")
    expect(count).to_have_text("1 of 3")
    strip_shows(page, 0)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(count).to_have_text("3 of 3")
    outline = strip.evaluate("strip => getComputedStyle(strip).outlineStyle")
    assert outline == "solid", "the focused strip shows no focus ring"
    page.keyboard.press("Tab")
    expect(previous).to_be_focused()
    assert previous.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(count).to_have_text("2 of 3")
    assert strip.evaluate("strip => getComputedStyle(strip).scrollBehavior") == "smooth"
    page.context.close()


def test_a_reader_who_prefers_reduced_motion_gets_jumps_not_glides(browser, live_server, story):
    page = open_page(
        browser, f"{live_server.url}{story.get_absolute_url()}", reduced_motion="reduce"
    )
    strip = page.locator(".gallery-items")
    expect(page.locator("[data-gallery-count]")).to_have_text("1 of 3")
    assert strip.evaluate("strip => getComputedStyle(strip).scrollBehavior") == "auto"
    page.get_by_role("button", name="Next photo").click()
    # No smooth scrolling: the strip is at the second photo at once.
    assert strip.evaluate("s => s.scrollLeft") == strip.evaluate("s => s.clientWidth")
    page.context.close()


def test_a_swipe_moves_the_strip_and_the_count_follows(browser, live_server, story):
    page = open_page(browser, f"{live_server.url}{story.get_absolute_url()}", has_touch=True)
    strip = page.locator(".gallery-items")
    expect(page.locator("[data-gallery-count]")).to_have_text("1 of 3")
    # A swipe is a native scroll of the strip (CSS scroll snap); the script follows it.
    strip.evaluate("s => s.scrollBy({left: s.clientWidth * 2, behavior: 'instant'})")
    expect(page.locator("[data-gallery-count]")).to_have_text("3 of 3")
    page.context.close()


def test_a_photo_essay_gives_its_photos_the_page_width(browser, live_server, photo_essay):
    page = open_page(browser, f"{live_server.url}{photo_essay.get_absolute_url()}")
    text = page.locator(".story-body > p").first.bounding_box()
    featured = page.locator(".story-figure img").bounding_box()
    gallery = page.locator("figure.gallery img").first.bounding_box()

    assert text["width"] == pytest.approx(672, abs=1)  # the text column: 42rem, as in a story
    assert featured["width"] > 1100 and gallery["width"] > 1100  # of 1280: the page's width
    assert featured["x"] < text["x"] and gallery["x"] < text["x"]
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_with_a_gallery_pass_axe_wcag_aa(
    browser, live_server, axe_source, story, photo_essay, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in [story.get_absolute_url(), photo_essay.get_absolute_url()]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("[data-gallery-count]")).to_have_text("1 of 3")
        problems = axe_violations(page, axe_source)
        if problems:
            failures[path] = problems
    assert not failures, failures
    context.close()


def test_add_gallery_puts_the_chosen_gallery_into_the_body(
    live_server, postgres_only, gallery, editor_page
):
    """The dialog's search is a fetch beside the editor's own requests: PostgreSQL."""
    GalleryFactory(title="Market day in Mandalay", photos=1)
    SectionFactory(name="News", slug="news")
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Bago under water")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("The river rose at night.")

    page.get_by_role("button", name="Add gallery").click()
    dialog = page.get_by_role("dialog", name="Add a gallery to the story")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-gallery-id]")).to_have_count(2)
    dialog.get_by_label("Gallery title").fill("bago")
    dialog.get_by_role("button", name="Search").click()
    choice = dialog.get_by_role("button", name="Flood in Bago 3 photos")
    expect(dialog.locator("[data-gallery-id]")).to_have_count(1)
    choice.click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".ck-editor__editable .ck-media__wrapper")).to_have_count(1)

    page.click(".field-primary_section .select2-selection")
    page.fill(".select2-search__field", "news")
    page.click(".select2-results__option >> text=news")
    page.click("h1")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    body = Article.objects.get(headline="Bago under water").body
    assert f'<figure class="media"><oembed url="gallery:{gallery.pk}"></oembed></figure>' in body
