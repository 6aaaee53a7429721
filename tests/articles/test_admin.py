import re
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.fixture
def content():
    section = SectionFactory(name="News", slug="news")
    author = AuthorFactory()
    image = ImageFactory()
    article = ArticleFactory(
        primary_section=section, authors=[author], featured_image=image, tags=["Economy"]
    )
    return {"section": section, "author": author, "image": image, "article": article}


def registered_models():
    return [
        model
        for model in site._registry
        if model._meta.app_label
        in {"articles", "sections", "newsletter", "flatpages", "redirects", "auth", "sites"}
    ]


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_admin_changelist_and_add_page_renders(editor, content, model):
    opts = model._meta
    changelist = editor.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    if site._registry[model].has_add_permission(changelist.wsgi_request):
        add = editor.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code == 200


@pytest.mark.parametrize("key", ["section", "author", "image", "article"])
def test_change_pages_render(editor, content, key):
    obj = content[key]
    opts = obj._meta
    response = editor.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_article_changelist_shows_editor_columns(editor, content):
    response = editor.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    for text in ("Headline", "Status", "Primary section", "Authors", "Publish time", "Views"):
        assert text in html
    assert content["author"].name in html


@pytest.mark.parametrize(
    ("on_site", "expected"),
    [
        ("live", {"Live story"}),
        ("scheduled", {"Scheduled story"}),
        ("hidden", {"Scheduled story", "Draft story"}),
        (None, {"Live story", "Scheduled story", "Draft story"}),
    ],
)
def test_article_changelist_filters_by_what_readers_can_see(editor, on_site, expected):
    ArticleFactory(headline="Live story")
    ArticleFactory(headline="Scheduled story", publish_at=timezone.now() + timedelta(hours=3))
    ArticleFactory(headline="Draft story", status=Article.Status.DRAFT)
    query = {"on_site": on_site} if on_site else {}
    response = editor.get(reverse("admin:articles_article_changelist"), query)
    shown = {article.headline for article in response.context["cl"].result_list}
    assert shown == expected
    assert "By on the site" in response.content.decode()


def test_view_on_site_opens_the_preview_until_a_story_is_live(editor, client):
    live = ArticleFactory()
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(hours=3))
    for article, expected_status in ((live, 200), (scheduled, 200)):
        page = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
        url = page.context["absolute_url"]
        assert url.startswith("/preview/") != article.is_published()
        assert client.get(url).status_code == expected_status  # never a 404 for the editor
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_headline_and_slug_inputs_are_wide(editor):
    html = editor.get(reverse("admin:articles_article_add")).content.decode()
    for field in ("headline", "slug"):
        assert re.search(rf'<input [^>]*class="vTextField newsroom-wide"[^>]*id="id_{field}"', html)


def test_article_add_page_uses_ckeditor_and_unicode_slug_script(editor):
    html = editor.get(reverse("admin:articles_article_add")).content.decode()
    assert "django_ckeditor_5" in html
    # The override must load after Django's urlify.js or Myanmar slugs lose their marks.
    assert html.index("admin/js/urlify.js") < html.index("admin/js/unicode_urlify.js")
    assert "&quot;allowUnicode&quot;: true" in html
    assert "&quot;maxLength&quot;: 200" in html


# The article form's inlines, posted empty: bylines, and corrections (shown on published
# stories' change pages).
NO_INLINE_ROWS = {
    "articleauthor_set-TOTAL_FORMS": "0",
    "articleauthor_set-INITIAL_FORMS": "0",
    "articleauthor_set-MIN_NUM_FORMS": "0",
    "articleauthor_set-MAX_NUM_FORMS": "1000",
    "corrections-TOTAL_FORMS": "0",
    "corrections-INITIAL_FORMS": "0",
}


def article_form_data(section, **overrides):
    data = {
        "headline": "Rice prices climb again",
        "slug": "",
        "standfirst": "Markets in Yangon.",
        "body": "<p>Text</p><script>alert(1)</script>",
        "status": Article.Status.PUBLISHED,
        "publish_at_0": "",
        "publish_at_1": "",
        "kind": Article.Kind.NEWS,
        "primary_section": section.pk,
        "tags": "Economy, Rice",
        **NO_INLINE_ROWS,
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_published_now_with_a_sanitized_body(editor, content):
    response = editor.post(
        reverse("admin:articles_article_add"), article_form_data(content["section"])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(headline="Rice prices climb again")
    assert article.slug == "rice-prices-climb-again"
    assert article.is_published()
    assert "<script" not in article.body
    assert set(article.tags.names()) == {"Economy", "Rice"}


def test_slug_taken_in_the_section_is_a_clear_form_error(editor, content):
    data = article_form_data(content["section"], slug=content["article"].slug)
    response = editor.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already used by another story in" in errors["slug"][0]


def test_a_slug_that_would_hide_behind_the_section_feed_is_refused(editor, content):
    response = editor.post(
        reverse("admin:articles_article_add"), article_form_data(content["section"], slug="feed")
    )
    assert "reserved" in response.context["adminform"].form.errors["slug"][0]


def test_burmese_slug_is_accepted_in_the_admin(editor, content):
    data = article_form_data(content["section"], headline="မြန်မာ သတင်း", slug="မြန်မာ-သတင်း")
    response = editor.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get(slug="မြန်မာ-သတင်း").headline == "မြန်မာ သတင်း"


def test_bulk_actions_publish_unpublish_and_pick(editor, content):
    drafts = [ArticleFactory(status=Article.Status.DRAFT, publish_at=None) for _ in range(2)]
    url = reverse("admin:articles_article_changelist")
    pks = [str(a.pk) for a in drafts]
    editor.post(url, {"action": "publish_now", "_selected_action": pks})
    assert Article.objects.published().filter(pk__in=pks).count() == 2
    editor.post(url, {"action": "mark_recommended", "_selected_action": pks})
    assert Article.objects.filter(pk__in=pks, recommended_at__isnull=False).count() == 2
    editor.post(url, {"action": "unmark_recommended", "_selected_action": pks})
    assert not Article.objects.filter(pk__in=pks, is_recommended=True).exists()
    editor.post(url, {"action": "unpublish", "_selected_action": pks})
    assert not Article.objects.published().filter(pk__in=pks).exists()


def test_image_upload_with_a_bad_file_shows_a_form_error(editor):
    response = editor.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile("fake.jpg", b"GIF89 nope"), "alt_text": "Alt"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


def test_sections_changelist_is_an_ordered_indented_tree(editor):
    news = SectionFactory(name="News", slug="news", position=0)
    opinion = SectionFactory(name="Opinion", slug="opinion", position=1)
    SectionFactory(name="World", slug="world", parent=news, position=2)
    SectionFactory(name="Burma", slug="burma", parent=news, position=1)
    SectionFactory(name="Analysis", slug="analysis", parent=opinion, position=0)
    html = editor.get(reverse("admin:sections_section_changelist")).content.decode()
    order = [html.index(name) for name in ("News", "› Burma", "› World", "Opinion", "› Analysis")]
    assert order == sorted(order)
    assert 'class="depth-1"' in html
