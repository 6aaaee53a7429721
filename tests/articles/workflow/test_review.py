"""Draft → in review → returned with a note → fixed and resubmitted → published, each
step through the admin as the person who takes it."""

import pytest

from articles import publishing
from articles.models import Article
from tests.articles.workflow.conftest import logged_in
from tests.articles.workflow.test_roles import CHANGELIST, change_url, draft_by, form_data, said
from tests.html import parse

pytestmark = pytest.mark.django_db

NOTE = "Name the second source, and check the casualty figure."


def test_review_round_trip_with_the_editors_note(people, section):
    writer, editor = logged_in(people["contributor"]), logged_in(people["editor"])
    story = draft_by(people["contributor"], primary_section=section)

    writer.post(change_url(story), form_data(story, _submit_for_review="1"))
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW

    editor_page = editor.get(change_url(story))
    assert parse(editor_page.content).first('input[name="_return_to_writer"]')
    editor.post(change_url(story), form_data(story, _return_to_writer="1", review_note=NOTE))
    story.refresh_from_db()
    assert (story.status, story.review_note) == (Article.Status.RETURNED, NOTE)

    page = writer.get(change_url(story))
    note = parse(page.content).one("fieldset.newsroom-review-note")
    assert NOTE in note.text
    assert page.context["has_change_permission"] is True

    writer.post(
        change_url(story), form_data(story, headline="Fixed headline", _submit_for_review="1")
    )
    story.refresh_from_db()
    assert (story.headline, story.status, story.review_note) == (
        "Fixed headline",
        Article.Status.IN_REVIEW,
        "",
    )

    editor.post(change_url(story), form_data(story, status=Article.Status.PUBLISHED))
    story.refresh_from_db()
    assert story.is_published()


def test_returning_needs_a_note(people, section):
    story = draft_by(people["contributor"], primary_section=section, status="review")
    response = logged_in(people["editor"]).post(
        change_url(story), form_data(story, _return_to_writer="1", review_note="")
    )
    assert "Say what the writer should change." in said(response)
    assert Article.objects.get(pk=story.pk).status == Article.Status.IN_REVIEW


def test_a_move_the_workflow_does_not_have_is_a_form_error(people, section):
    """Only a story in review can be returned; a live one is unpublished, not drafted."""
    story = draft_by(people["contributor"], primary_section=section)
    response = logged_in(people["editor"]).post(
        change_url(story), form_data(story, status="returned", review_note=NOTE)
    )
    assert "cannot become “Returned to writer”" in said(response)
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_transitions_refuse_moves_outside_the_workflow(people, section):
    story = draft_by(people["contributor"], primary_section=section)
    with pytest.raises(publishing.ValidationError):
        publishing.return_to_writer(story, by=people["editor"], note=NOTE)
    with pytest.raises(publishing.ValidationError):
        publishing.return_to_writer(story, by=people["editor"], note="  ")
    publishing.submit(story, by=people["contributor"])
    publishing.return_to_writer(story, by=people["editor"], note=NOTE)
    assert Article.objects.get(pk=story.pk).status == Article.Status.RETURNED


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [("editor", "review", True), ("contributor", "returned", True), ("editor", "returned", False)],
)
def test_waiting_for_me_filter(people, section, role, status, expected):
    """Editors wait for stories in review; writers for their own returned ones."""
    story = draft_by(people["contributor"], primary_section=section, status=status)
    page = logged_in(people[role]).get(CHANGELIST, {"waiting": "me"})
    assert (story in page.context["cl"].result_list) is expected


def test_published_rule_is_unchanged_by_the_new_status(people, section):
    draft_by(people["contributor"], primary_section=section, status="returned")
    assert not Article.objects.published().exists()
