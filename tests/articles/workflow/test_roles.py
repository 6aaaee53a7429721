"""The role × action matrix: a contributor, an editor and a superuser try each action
through the real admin pages and by hand-made POSTs; what a role may not do changes
nothing and says why."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author
from tests.articles.test_admin import NO_INLINE_ROWS
from tests.articles.workflow.conftest import logged_in
from tests.factories import ArticleFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def form_data(story=None, section=None, **overrides):
    """The change form as posted from a page opened just now (its stored edit version),
    or the add form without `story`."""
    data = {
        "headline": story.headline if story else "Floods in Sagaing",
        "slug": story.slug if story else "",
        "standfirst": "Villages cut off.",
        "body": "<p>Water rose overnight.</p>",
        "status": story.status if story else Article.Status.DRAFT,
        "kind": Article.Kind.NEWS,
        "primary_section": (story.primary_section_id if story else section.pk),
        "tags": "",
        **NO_INLINE_ROWS,
    }
    if story is not None:
        story.refresh_from_db(fields=["edit_version"])
        data["edit_version"] = str(story.edit_version)
    data.update(overrides)
    return data


def draft_by(user, **fields):
    """A story `user` created: a draft unless `status` says otherwise."""
    return ArticleFactory(
        **{"status": Article.Status.DRAFT, "publish_at": None, "created_by": user, **fields}
    )


def said(response) -> str:
    """Everything the person is told: messages and form errors."""
    told = [str(message) for message in get_messages(response.wsgi_request)]
    if response.context and "adminform" in response.context:
        form = response.context["adminform"].form
        told += [str(error) for errors in form.errors.values() for error in errors]
    return " ".join(told)


MATRIX = {
    # action: (contributor may, editor may, superuser may)
    "create": (True, True, True),
    "edit own": (True, True, True),
    "edit another's": (False, True, True),
    "submit": (True, True, True),
    "return": (False, True, True),
    "publish": (False, True, True),
    "schedule": (False, True, True),
    "pick": (False, True, True),
    "unpublish": (False, True, True),
    "bulk publish": (False, True, True),
    "delete": (False, True, True),
}
ROLES = ["contributor", "editor", "superuser"]


def attempt(action, client, user, section, people):
    """Do `action`; returns (it happened, the response)."""
    own = draft_by(user, primary_section=section)
    live = ArticleFactory(created_by=user, primary_section=section)
    if action == "create":
        before = Article.objects.count()
        response = client.post(ADD, form_data(section=section), follow=True)
        return Article.objects.count() == before + 1, response
    if action == "edit own":
        response = client.post(change_url(own), form_data(own, headline="Edited"), follow=True)
        return Article.objects.get(pk=own.pk).headline == "Edited", response
    if action == "edit another's":
        story = draft_by(people["other_contributor"], primary_section=section)
        response = client.post(change_url(story), form_data(story, headline="Edited"), follow=True)
        return Article.objects.get(pk=story.pk).headline == "Edited", response
    if action == "submit":
        response = client.post(change_url(own), form_data(own, _submit_for_review="1"), follow=True)
        return Article.objects.get(pk=own.pk).status == Article.Status.IN_REVIEW, response
    if action == "return":
        # The contributor's own story in review: even a writer may not return it.
        story = ArticleFactory(
            status=Article.Status.IN_REVIEW,
            publish_at=None,
            created_by=user,
            primary_section=section,
        )
        response = client.post(
            change_url(story),
            form_data(story, _return_to_writer="1", review_note="Needs a second source."),
            follow=True,
        )
        return Article.objects.get(pk=story.pk).status == Article.Status.RETURNED, response
    if action in ("publish", "schedule"):
        when = timezone.localtime() + timezone.timedelta(days=1)
        extra = (
            {"publish_at_0": when.strftime("%Y-%m-%d"), "publish_at_1": when.strftime("%H:%M")}
            if action == "schedule"
            else {}
        )
        response = client.post(
            change_url(own), form_data(own, status=Article.Status.PUBLISHED, **extra), follow=True
        )
        story = Article.objects.get(pk=own.pk)
        gone_out = story.is_scheduled() if action == "schedule" else story.is_published()
        return gone_out, response
    if action in ("pick", "unpublish", "bulk publish"):
        name = {"pick": "mark_recommended", "unpublish": "unpublish", "bulk publish": "publish_now"}
        target = own if action == "bulk publish" else live
        response = client.post(
            CHANGELIST,
            {"action": name[action], "_selected_action": [target.pk]},
            follow=True,
        )
        story = Article.objects.get(pk=target.pk)
        happened = {
            "pick": story.is_recommended,
            "unpublish": story.status == Article.Status.UNPUBLISHED,
            "bulk publish": story.is_published(),
        }[action]
        return happened, response
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[own.pk])
        response = client.post(url, {"post": "yes"}, follow=True)
        return not Article.objects.filter(pk=own.pk).exists(), response
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_role_action_matrix(people, section, role, action):
    user = people[role]
    allowed = MATRIX[action][ROLES.index(role)]
    happened, response = attempt(action, logged_in(user), user, section, people)
    assert happened is allowed
    assert response.status_code in (200, 403)
    if not allowed:
        assert said(response) or response.status_code == 403, "refused without a word"


@pytest.mark.parametrize(
    ("forged", "named"),
    [
        ({"status": "published"}, "only an editor can"),
        ({"publish_at_0": "2030-01-01", "publish_at_1": "10:00"}, "publish time"),
        ({"is_recommended": "on"}, "editor's pick"),
        ({"updated_at_0": "2030-01-01", "updated_at_1": "10:00"}, "updated time"),
    ],
)
def test_a_contributors_forged_post_changes_nothing_and_says_why(people, section, forged, named):
    writer = people["contributor"]
    story = draft_by(writer, primary_section=section)
    response = logged_in(writer).post(
        change_url(story), form_data(story, headline="Changed", **forged)
    )
    assert response.status_code == 200
    assert named in said(response)
    story.refresh_from_db()
    assert (story.headline, story.status, story.publish_at, story.is_recommended) == (
        story.headline,
        Article.Status.DRAFT,
        None,
        False,
    )
    assert story.headline != "Changed"


def test_another_writers_story_is_not_opened_and_the_writer_is_told(people, section):
    story = draft_by(people["other_contributor"], primary_section=section)
    response = logged_in(people["contributor"]).get(change_url(story), follow=True)
    assert "another writer's" in said(response)
    assert story.headline not in response.text


def test_a_submitted_story_is_read_only_for_its_writer(people, section):
    writer = people["contributor"]
    story = draft_by(writer, primary_section=section)
    client = logged_in(writer)
    client.post(change_url(story), form_data(story, _submit_for_review="1"))
    page = client.get(change_url(story))
    assert page.context["has_change_permission"] is False
    response = client.post(change_url(story), form_data(story, headline="Sneaky"), follow=True)
    assert "only an editor can change it now" in said(response)
    assert Article.objects.get(pk=story.pk).headline == story.headline


def test_contributor_form_has_no_editor_fields_and_two_statuses(people):
    page = logged_in(people["contributor"]).get(ADD)
    form = page.context["adminform"].form
    for field in ("publish_at", "updated_at", "is_recommended", "review_note"):
        assert field not in form.fields
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert parse(page.content).first('input[name="_submit_for_review"]')


def test_editor_form_has_every_status_and_field(people):
    form = logged_in(people["editor"]).get(ADD).context["adminform"].form
    assert {"publish_at", "is_recommended", "review_note"} <= set(form.fields)
    assert "returned" in dict(form.fields["status"].choices)


def test_contributor_sees_only_their_stories_and_no_editor_actions(people, section):
    writer = people["contributor"]
    mine = draft_by(writer, primary_section=section)
    byline = ArticleFactory(primary_section=section, authors=[Author.objects.get(user=writer)])
    ArticleFactory(primary_section=section, created_by=people["other_contributor"])
    page = logged_in(writer).get(CHANGELIST)
    assert set(page.context["cl"].result_list) == {mine, byline}
    actions = {name for name, _ in page.context["action_form"].fields["action"].choices}
    assert actions == {"", "submit_for_review"}


def test_forged_bulk_action_is_refused_by_name(people, section):
    writer = people["contributor"]
    story = draft_by(writer, primary_section=section)
    response = logged_in(writer).post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [story.pk]}, follow=True
    )
    assert "You may not run “publish_now”" in said(response)
    assert not Article.objects.get(pk=story.pk).is_published()


def test_bulk_submit_takes_only_the_writers_own_drafts(people, section):
    writer = people["contributor"]
    mine = draft_by(writer, primary_section=section)
    theirs = draft_by(people["other_contributor"], primary_section=section)
    logged_in(writer).post(
        CHANGELIST, {"action": "submit_for_review", "_selected_action": [mine.pk, theirs.pk]}
    )
    assert Article.objects.get(pk=mine.pk).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=theirs.pk).status == Article.Status.DRAFT


def test_contributor_edits_only_their_own_byline(people):
    writer = people["contributor"]
    own = Author.objects.get(user=writer)
    other = Author.objects.create(name="Ko Aung", slug="ko-aung")
    client = logged_in(writer)
    data = {"name": "Ma Thida Htun", "slug": own.slug, "role": "", "bio": ""}
    assert (
        client.post(reverse("admin:articles_author_change", args=[own.pk]), data).status_code == 302
    )
    assert Author.objects.get(pk=own.pk).name == "Ma Thida Htun"
    response = client.post(
        reverse("admin:articles_author_change", args=[other.pk]),
        {**data, "slug": other.slug},
        follow=True,
    )
    assert "only your own byline" in said(response)
    assert Author.objects.get(pk=other.pk).name == "Ko Aung"


@pytest.mark.parametrize(
    "url",
    [
        "admin:sections_section_add",
        "admin:articles_tag_add",
        "admin:newsletter_newsletter_changelist",
        "admin:newsletter_subscriber_changelist",
        "admin:flatpages_flatpage_changelist",
        "admin:redirects_redirect_changelist",
    ],
)
def test_contributor_cannot_touch_sections_tags_newsletters_or_pages(people, url):
    assert logged_in(people["contributor"]).get(reverse(url)).status_code == 403
    assert logged_in(people["editor"]).get(reverse(url)).status_code == 200


def test_image_upload_needs_the_image_permission(people):
    from django.contrib.auth.models import User

    bare = User.objects.create_user("bare", is_staff=True)
    response = logged_in(bare).post(reverse("articles:editor-upload"), {})
    assert response.status_code == 403
    assert "may not upload" in response.json()["error"]["message"]
    assert (
        logged_in(people["contributor"]).post(reverse("articles:editor-upload")).status_code == 400
    )
