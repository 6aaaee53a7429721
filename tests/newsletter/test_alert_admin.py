"""The admin's "Send a breaking news alert": pick, preview, confirm; refusals; who may."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from newsletter import alerts
from newsletter.models import Issue
from tests.factories import ArticleFactory, SubscriberFactory
from tests.newsletter.alerting import alert_list

pytestmark = pytest.mark.django_db

ALERT = "/admin/newsletter/issue/alert/"
PREVIEW = "/admin/newsletter/issue/alert/preview/"
STORIES = "/admin/newsletter/issue/alert/stories/"


@pytest.fixture
def breaking(db):
    return alert_list("en")


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Airstrike on a school in Magway", standfirst="Nine killed.")


@pytest.fixture
def readers(breaking, briefing):
    SubscriberFactory(email="a@example.org", newsletter=breaking)
    SubscriberFactory(email="b@example.org", newsletter=breaking)
    SubscriberFactory(email="pending@example.org", newsletter=breaking, status="pending")
    SubscriberFactory(email="briefing@example.org", newsletter=briefing)


def staff_client(django_user_model, *, groups=(), permissions=()) -> Client:
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    user.user_permissions.add(*permissions)
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_storys_link_opens_the_form_with_its_editions_list_chosen(admin_client, story, breaking):
    response = admin_client.get(ALERT, {"article": story.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{story.pk}" selected>Airstrike on a school in Magway</option>' in html
    assert f'<option value="{breaking.pk}" selected>' in html
    assert "Breaking News (Burmese)" not in html and "အထူးသတင်း" not in html


def test_preview_shows_the_email_subject_and_exact_recipients(
    admin_client, story, breaking, readers
):
    response = admin_client.post(ALERT, {"article": story.pk, "newsletter": breaking.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Breaking: Airstrike on a school in Magway" in html
    assert "2 readers" in html
    preview = f"{PREVIEW}?article={story.pk}&amp;newsletter={breaking.pk}"
    assert f'<iframe src="{preview}" sandbox' in html
    assert "Nine killed." in html  # the text part
    assert 'name="confirm"' in html
    assert not Issue.objects.exists()

    email = admin_client.get(PREVIEW, {"article": story.pk, "newsletter": breaking.pk})
    assert email.status_code == 200
    assert "Airstrike on a school in Magway" in email.content.decode()
    assert "frame-ancestors 'self'" in email["Content-Security-Policy"]


def test_confirming_sends_the_alert_to_its_list_through_the_worker(
    admin_client, admin_user, smtp_server, run_tasks, story, breaking, readers
):
    response = admin_client.post(
        ALERT, {"article": story.pk, "newsletter": breaking.pk, "confirm": "1"}, follow=True
    )

    issue = Issue.objects.get()
    assert response.redirect_chain == [
        (reverse("admin:newsletter_issue_change", args=[issue.pk]), 302)
    ]
    assert "is on its way to" in messages_of(response)[0]
    assert issue.sent_by == admin_user and issue.alert_article == story
    assert not smtp_server.received  # the worker sends it, after the answer

    run_tasks()

    assert sorted(smtp_server.recipients) == ["a@example.org", "b@example.org"]
    issue.refresh_from_db()
    assert issue.sent_at is not None


def test_confirming_twice_leads_to_the_alert_already_made(admin_client, story, breaking, readers):
    data = {"article": story.pk, "newsletter": breaking.pk, "confirm": "1"}
    admin_client.post(ALERT, data)

    again = admin_client.post(ALERT, data, follow=True)

    issue = Issue.objects.get()
    page = reverse("admin:newsletter_issue_change", args=[issue.pk])
    assert again.redirect_chain == [(page, 302)]
    assert "was sent to Breaking News already" in messages_of(again)[-1]
    assert DBTaskResult.objects.count() == 1


def test_previewing_a_story_already_alerted_links_to_its_alert(admin_client, story, breaking):
    issue = alerts.send_alert(article=story, newsletter=breaking)

    response = admin_client.post(ALERT, {"article": story.pk, "newsletter": breaking.pk})

    [message] = messages_of(response)
    assert "was sent to Breaking News already" in message
    assert reverse("admin:newsletter_issue_change", args=[issue.pk]) in message
    assert 'name="confirm"' not in response.content.decode()


@pytest.mark.parametrize(
    "status, reason",
    [(Article.Status.DRAFT, "is not published (draft)"), (Article.Status.IN_REVIEW, "in review")],
)
def test_an_unpublished_story_is_refused_with_the_reason(admin_client, breaking, status, reason):
    story = ArticleFactory(status=status)

    opened = admin_client.get(ALERT, {"article": story.pk})
    posted = admin_client.post(
        ALERT, {"article": story.pk, "newsletter": breaking.pk, "confirm": "1"}
    )

    assert reason in messages_of(opened)[0]
    assert posted.status_code == 200 and reason in messages_of(posted)[0]
    assert f'<option value="{story.pk}" selected>' in posted.content.decode()  # kept
    assert not Issue.objects.exists()
    assert (
        admin_client.get(PREVIEW, {"article": story.pk, "newsletter": breaking.pk}).status_code
        == 400
    )


def test_a_story_of_the_other_edition_is_refused(admin_client, breaking):
    story = ArticleFactory(language="my")

    response = admin_client.post(ALERT, {"article": story.pk, "newsletter": breaking.pk})

    assert "is in the Burmese edition" in messages_of(response)[0]
    assert not Issue.objects.exists()


def test_a_missing_story_or_list_is_asked_for_again(admin_client):
    response = admin_client.post(ALERT, {"article": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"article", "newsletter"}
    assert (
        "There is no story with id 12ab"
        in messages_of(admin_client.get(ALERT, {"article": "12ab"}))[0]
    )


def test_the_story_search_offers_published_stories_only(admin_client, story):
    ArticleFactory(headline="Airstrike draft", status=Article.Status.DRAFT)
    query = {"app_label": "newsletter", "model_name": "issue", "field_name": "alert_article"}

    found = admin_client.get(STORIES, {**query, "term": "Airstrike"}).json()

    assert [result["text"] for result in found["results"]] == ["Airstrike on a school in Magway"]


def test_editors_may_send_alerts(django_user_model, story, breaking):
    editor = staff_client(django_user_model, groups=["Editor"])
    assert editor.get(ALERT, {"article": story.pk}).status_code == 200


def test_without_the_permission_every_alert_page_is_forbidden(django_user_model, story, breaking):
    articles = Permission.objects.filter(content_type__app_label__in=["articles", "newsletter"])
    writer = staff_client(
        django_user_model,
        groups=["Contributor"],
        permissions=articles.exclude(codename="send_alert"),
    )
    query = {"article": story.pk, "newsletter": breaking.pk}
    autocomplete = {"app_label": "newsletter", "model_name": "issue", "field_name": "alert_article"}

    assert writer.get(ALERT, query).status_code == 403
    assert writer.post(ALERT, {**query, "confirm": "1"}).status_code == 403
    assert writer.get(PREVIEW, query).status_code == 403
    assert writer.get(STORIES, autocomplete).status_code == 403
    assert (
        "Send a breaking news alert" not in writer.get("/admin/newsletter/issue/").content.decode()
    )
    assert not Issue.objects.exists()


def test_the_issue_list_offers_the_alert_page(admin_client):
    assert ALERT in admin_client.get("/admin/newsletter/issue/").content.decode()


def test_a_published_storys_page_links_to_its_alert(admin_client, story):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(publish_at=story.publish_at.replace(year=story.publish_at.year + 1))

    def link(article):
        page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
        return f"{ALERT}?article={article.pk}" in page.content.decode()

    assert link(story)
    assert not link(draft) and not link(scheduled)


def test_the_storys_link_is_for_those_who_may_send_alerts(django_user_model, story):
    editor_without = staff_client(
        django_user_model,
        permissions=Permission.objects.filter(content_type__app_label="articles"),
    )
    page = editor_without.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert page.status_code == 200
    assert ALERT not in page.content.decode()
