"""Editors pair a story with its translation in the admin: both ways at once, old
partners let go, clear errors, only stories the person may edit, recorded in the
audit trail and the history, and no stale form can undo a pairing."""

from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.editions import pair
from articles.models import Article, ArticleEvent
from tests.articles.workflow.conftest import logged_in
from tests.articles.workflow.test_roles import change_url, draft_by, form_data, said
from tests.factories import ArticleFactory, SectionFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


@pytest.fixture
def section():
    return SectionFactory(name="News", slug="news")


@pytest.fixture
def english(section):
    return ArticleFactory(headline="Floods in Sagaing", primary_section=section)


@pytest.fixture
def burmese(section):
    return ArticleFactory(headline="စစ်ကိုင်းတွင် ရေကြီး", language="my", primary_section=section)


def save(client, story, **changes):
    return client.post(change_url(story), form_data(story, **changes))


def partner_of(story):
    story.refresh_from_db()
    return story.counterpart


def test_pairing_in_the_admin_links_both_stories(admin_client, english, burmese):
    response = save(admin_client, english, translation=burmese.pk)

    assert response.status_code == 302, said(response)
    assert partner_of(english) == burmese
    assert partner_of(burmese) == english


def test_a_new_story_can_be_saved_paired(admin_client, section, english):
    data = form_data(section=section, headline="ဆန်ဈေး တက်", language="my")
    response = admin_client.post(
        reverse("admin:articles_article_add"), {**data, "translation": english.pk}
    )

    assert response.status_code == 302, said(response)
    added = Article.objects.get(headline="ဆန်ဈေး တက်")
    assert added.language == "my"
    assert partner_of(added) == english
    assert partner_of(english) == added


def test_repairing_lets_go_of_the_old_partner(admin_client, section, english, burmese):
    pair(english, burmese)
    other = ArticleFactory(headline="ဆန်ဈေး", language="my", primary_section=section)

    response = save(admin_client, english, translation=other.pk)

    assert response.status_code == 302, said(response)
    assert partner_of(english) == other
    assert partner_of(other) == english
    assert partner_of(burmese) is None


def test_choosing_a_story_paired_elsewhere_takes_it_from_its_partner(
    admin_client, section, english, burmese
):
    """The one-to-one link would refuse the save if the form wrote it directly."""
    elsewhere = ArticleFactory(headline="Rice prices", primary_section=section)
    pair(elsewhere, burmese)

    response = save(admin_client, english, translation=burmese.pk)

    assert response.status_code == 302, said(response)
    assert partner_of(english) == burmese
    assert partner_of(burmese) == english
    assert partner_of(elsewhere) is None


def test_clearing_the_translation_unpairs_both(admin_client, english, burmese):
    pair(english, burmese)

    response = save(admin_client, burmese, translation="")

    assert response.status_code == 302, said(response)
    assert partner_of(english) is None
    assert partner_of(burmese) is None


def test_saving_without_touching_the_translation_keeps_it(admin_client, english, burmese):
    pair(english, burmese)

    response = save(admin_client, english, translation=burmese.pk, headline="Floods spread")

    assert response.status_code == 302, said(response)
    assert partner_of(english) == burmese
    assert not ArticleEvent.objects.filter(action=ArticleEvent.Action.PAIRED).exists()


def test_a_story_in_the_same_language_is_refused_and_the_input_kept(admin_client, section, english):
    other = ArticleFactory(headline="Rice prices", primary_section=section)

    response = save(admin_client, english, translation=other.pk, headline="Floods spread")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "is in English too" in " ".join(errors["translation"])
    page = parse(response.content.decode())
    assert page.one("#id_headline")["value"] == "Floods spread"
    assert page.one("#id_translation option[selected]")["value"] == str(other.pk)
    assert partner_of(english) is None and partner_of(other) is None


def test_a_story_cannot_be_its_own_translation(admin_client, english):
    response = save(admin_client, english, translation=english.pk)

    assert response.status_code == 200
    assert "cannot be its own translation" in said(response)
    assert partner_of(english) is None


def test_changing_the_language_of_a_paired_story_to_its_partners_is_refused(
    admin_client, english, burmese
):
    pair(english, burmese)

    response = save(admin_client, english, translation=burmese.pk, language="my")

    assert response.status_code == 200
    assert "which is in Burmese" in " ".join(response.context["adminform"].form.errors["language"])
    english.refresh_from_db()
    assert english.language == "en"


def test_the_language_can_change_together_with_the_translation(
    admin_client, section, english, burmese
):
    pair(english, burmese)
    other = ArticleFactory(headline="Rice prices", primary_section=section)

    response = save(admin_client, english, language="my", translation=other.pk)

    assert response.status_code == 302, said(response)
    english.refresh_from_db()
    assert english.language == "my"
    assert partner_of(other) == english
    assert partner_of(burmese) is None


def test_change_page_links_to_the_partner_with_its_status(admin_client, english, burmese):
    burmese.status = Article.Status.DRAFT
    burmese.save()
    pair(english, burmese)

    page = parse(admin_client.get(change_url(english)).content.decode())

    link = page.one(".field-translation_link a")
    assert link["href"] == change_url(burmese)
    assert link.text == burmese.headline
    assert "Burmese, Draft" in page.one(".field-translation_link").text
    assert page.one("#id_language option[selected]")["value"] == "en"


def test_changelist_shows_and_filters_the_language(admin_client, english, burmese):
    changelist = reverse("admin:articles_article_changelist")

    shown = admin_client.get(changelist, {"language__exact": "my"}).context["cl"].result_list

    assert list(shown) == [burmese]
    page = parse(admin_client.get(changelist).content.decode())
    assert {cell.text for cell in page.all("td.field-language")} == {"English", "Burmese"}


def autocomplete(client, story, term=""):
    """What the translation box offers, asked as its script asks: the widget's URL
    with the search appended."""
    widget = parse(client.get(change_url(story)).content.decode()).one("#id_translation")
    url, _, query = widget["data-ajax--url"].partition("?")
    response = client.get(
        url,
        {
            **dict(parse_qsl(query)),
            "term": term,
            "app_label": "articles",
            "model_name": "article",
            "field_name": "counterpart",
        },
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def test_the_autocomplete_offers_only_the_other_language_and_not_the_story(
    admin_client, section, english, burmese
):
    ArticleFactory(headline="Rice prices", primary_section=section)

    assert autocomplete(admin_client, english) == {burmese.headline}
    assert autocomplete(admin_client, burmese) == {english.headline, "Rice prices"}


def test_the_autocomplete_takes_garbled_parameters_without_error(admin_client, english):
    response = admin_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "counterpart",
            "language": "xx",
            "exclude": "1 OR 1=1",
        },
    )
    assert response.status_code == 200


# --- The record ----------------------------------------------------------------------


def events(story, *actions):
    return list(
        ArticleEvent.objects.filter(article_number=story.pk, action__in=actions)
        .order_by("pk")
        .values_list("action", "user_name", "detail")
    )


def test_pairing_is_audited_on_every_story_it_changes(admin_client, section, english, burmese):
    pair(english, burmese)
    other = ArticleFactory(headline="ဆန်ဈေး", language="my", primary_section=section)
    paired, unpaired = ArticleEvent.Action.PAIRED, ArticleEvent.Action.UNPAIRED

    save(admin_client, english, translation=other.pk)

    assert events(english, paired, unpaired) == [(paired, "admin", "Burmese: ဆန်ဈေး")]
    assert events(other, paired, unpaired) == [(paired, "admin", "English: Floods in Sagaing")]
    assert events(burmese, paired, unpaired) == [(unpaired, "admin", "")]


def test_pairing_keeps_a_revision_of_each_story_with_its_new_link(admin_client, english, burmese):
    save(admin_client, english, translation=burmese.pk)

    for story, partner in ((english, burmese), (burmese, english)):
        latest = Version.objects.get_for_object(story).select_related("revision__user").first()
        assert latest.field_dict["counterpart_id"] == partner.pk
        assert latest.revision.user.username == "admin"


# --- Who may -------------------------------------------------------------------------


def test_a_contributor_pairs_two_of_their_own_drafts(people, section):
    writer = people["contributor"]
    english = draft_by(writer, headline="Floods", primary_section=section)
    burmese = draft_by(writer, headline="ရေကြီး", language="my", primary_section=section)

    response = save(logged_in(writer), english, translation=burmese.pk)

    assert response.status_code == 302, said(response)
    assert partner_of(burmese) == english


def test_a_contributor_cannot_pair_with_a_story_that_is_not_theirs(people, section):
    writer = people["contributor"]
    english = draft_by(writer, headline="Floods", primary_section=section)
    theirs = draft_by(people["other_contributor"], language="my", primary_section=section)

    response = save(logged_in(writer), english, translation=theirs.pk)

    assert response.status_code == 200
    assert "Select a valid choice" in said(response)
    assert partner_of(theirs) is None


def test_a_contributor_cannot_change_their_published_story_through_pairing(people, section):
    """Pairing writes to the partner: a writer's own live story is the editors' now."""
    writer = people["contributor"]
    english = draft_by(writer, headline="Floods", primary_section=section)
    live = draft_by(writer, language="my", status=Article.Status.PUBLISHED, primary_section=section)

    response = save(logged_in(writer), english, translation=live.pk)

    assert response.status_code == 200
    assert f"would change “{live.headline}”, which you may not edit" in said(response)
    assert partner_of(live) is None


def test_a_contributor_cannot_unpair_a_story_an_editor_paired_with_theirs(people, section):
    writer = people["contributor"]
    draft = draft_by(writer, headline="Floods", primary_section=section)
    live = ArticleFactory(headline="ရေကြီး", language="my", primary_section=section)
    pair(draft, live)
    client = logged_in(writer)

    kept = save(client, draft, translation=live.pk, headline="Floods spread")
    assert kept.status_code == 302, said(kept)

    refused = save(client, draft, translation="")
    assert refused.status_code == 200
    assert "which you may not edit" in said(refused)
    assert partner_of(live) == draft


# --- Edit locks ----------------------------------------------------------------------


def test_a_form_opened_on_the_partner_before_the_pairing_cannot_undo_it(
    admin_client, english, burmese
):
    stale = form_data(burmese)  # the Burmese story's form, opened before the pairing

    save(admin_client, english, translation=burmese.pk)
    response = admin_client.post(change_url(burmese), {**stale, "translation": ""})

    assert response.status_code == 200
    assert "saved again" in said(response)
    assert partner_of(burmese) == english
    assert partner_of(english) == burmese


def test_a_form_opened_on_an_old_partner_cannot_undo_the_unpairing(
    admin_client, section, english, burmese
):
    pair(english, burmese)
    stale = form_data(burmese)
    other = ArticleFactory(headline="ဆန်ဈေး", language="my", primary_section=section)

    save(admin_client, english, translation=other.pk)
    response = admin_client.post(change_url(burmese), {**stale, "translation": english.pk})

    assert response.status_code == 200
    assert "saved again" in said(response)
    assert partner_of(english) == other
