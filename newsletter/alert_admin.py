"""The admin's "Send a breaking news alert" pages, under Issues (`IssueAdmin.get_urls`).

Step 1 picks the story (autocomplete over published stories, or `?article=<id>` from
the story's change page) and the alert list; step 2 shows the e-mail, its subject and
the number of readers it goes to, and a Confirm button; confirming stores the alert and
queues its sending (`newsletter.alerts.send_alert`). Only holders of
`newsletter.send_alert` (editors, superusers) may use them.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from newsletter import alerts, emails
from newsletter.email_preview import email_preview_response
from newsletter.models import Issue

PERMISSION = "newsletter.send_alert"


def may_send_alerts(user) -> bool:
    return user.has_perm(PERMISSION)


class PublishedStorySelect(AutocompleteSelect):
    """The admin's story autocomplete, asking `PublishedStoryAutocomplete`."""

    url_name = "%s:newsletter_issue_alert_stories"

    def __init__(self, admin_site):
        super().__init__(Issue._meta.get_field("alert_article"), admin_site)


class PublishedStoryAutocomplete(AutocompleteJsonView):
    """The story search of `ArticleAdmin`, over published stories only, newest first."""

    def get_queryset(self):
        return super().get_queryset().published().newest_first()

    def has_perm(self, request, obj=None):
        return may_send_alerts(request.user) and super().has_perm(request, obj)


class AlertListChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, newsletter):
        return f"{newsletter.name} ({newsletter.get_language_display()})"


class AlertForm(forms.Form):
    article = forms.ModelChoiceField(
        label=gettext_lazy("Story"),
        queryset=Article.objects.all(),
        help_text=gettext_lazy("A published story: search its headline."),
    )
    newsletter = AlertListChoiceField(
        label=gettext_lazy("Alert list"),
        queryset=alerts.alert_lists(),
        help_text=gettext_lazy("Its readers get the alert; only lists of the story's edition."),
    )

    def __init__(self, *args, admin_site, language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        story = self.fields["article"]
        story.widget = PublishedStorySelect(admin_site)
        story.widget.choices = story.choices  # what the field does for its own widget
        if language:
            self.fields["newsletter"].queryset = alerts.alert_lists(language=language)


def alert_urls(admin_site) -> list:
    """The pages' routes, to put before `IssueAdmin`'s own (`alert/` is no issue id)."""

    def autocomplete(request):
        return PublishedStoryAutocomplete.as_view(admin_site=admin_site)(request)

    def send(request):
        return send_alert_view(request, admin_site=admin_site)

    return [
        path("alert/", admin_site.admin_view(send), name="newsletter_issue_send_alert"),
        path(
            "alert/preview/",
            admin_site.admin_view(alert_preview_view),
            name="newsletter_issue_alert_preview",
        ),
        path(
            "alert/stories/",
            admin_site.admin_view(autocomplete),
            name="newsletter_issue_alert_stories",
        ),
    ]


def _story_from_link(request) -> Article | None:
    """The story of `?article=<id>` (the link on a story's change page), if any."""
    story_id = request.GET.get("article", "")
    story = Article.objects.filter(pk=story_id).first() if story_id.isdigit() else None
    if story_id and story is None:
        messages.error(request, _("There is no story with id %(id)s.") % {"id": story_id})
    return story


def _refuse(request, refusal: alerts.AlertRefused) -> None:
    """An admin message saying why the alert cannot go; for a story that went to the
    list already, with a link to that alert."""
    if isinstance(refusal, alerts.AlreadyAlerted):
        url = reverse("admin:newsletter_issue_change", args=[refusal.issue.pk])
        messages.warning(
            request, format_html('{} <a href="{}">{}</a>', str(refusal), url, _("See that alert."))
        )
    else:
        messages.error(request, str(refusal))


def send_alert_view(request, *, admin_site):
    if not may_send_alerts(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _choose(request, admin_site=admin_site)
    form = AlertForm(request.POST, admin_site=admin_site)
    if not form.is_valid():
        return _render_choice(request, form=form, admin_site=admin_site)
    article, newsletter = form.cleaned_data["article"], form.cleaned_data["newsletter"]
    try:
        if "confirm" not in request.POST:
            plan = alerts.plan_alert(article=article, newsletter=newsletter)
            return _render_confirmation(request, form=form, plan=plan, admin_site=admin_site)
        issue = alerts.send_alert(article=article, newsletter=newsletter, user=request.user)
    except alerts.AlreadyAlerted as refusal:
        _refuse(request, refusal)
        if "confirm" in request.POST:
            return HttpResponseRedirect(
                reverse("admin:newsletter_issue_change", args=[refusal.issue.pk])
            )
        return _render_choice(request, form=form, admin_site=admin_site)
    except alerts.AlertRefused as refusal:
        _refuse(request, refusal)
        return _render_choice(request, form=form, admin_site=admin_site)
    messages.success(
        request,
        _("The alert “%(subject)s” is on its way to %(newsletter)s.")
        % {"subject": issue.subject, "newsletter": newsletter.name},
    )
    return HttpResponseRedirect(reverse("admin:newsletter_issue_change", args=[issue.pk]))


def _choose(request, *, admin_site):
    """Step 1, opened from the menu or from a story's page (`?article=<id>`): the
    story's edition's lists, the only one chosen already."""
    story = _story_from_link(request)
    language = story.language if story is not None else None
    lists = list(alerts.alert_lists(language=language))
    initial = {"article": story, "newsletter": lists[0] if len(lists) == 1 else None}
    form = AlertForm(initial=initial, admin_site=admin_site, language=language)
    if story is not None and len(lists) == 1:
        try:
            alerts.check_alert(article=story, newsletter=lists[0])
        except alerts.AlertRefused as refusal:
            _refuse(request, refusal)
    return _render_choice(request, form=form, admin_site=admin_site)


def _context(request, *, admin_site, title: str) -> dict:
    return {**admin_site.each_context(request), "title": title, "opts": Issue._meta}


def _render_choice(request, *, form, admin_site):
    context = {
        **_context(request, admin_site=admin_site, title=_("Send a breaking news alert")),
        "form": form,
        "media": form.media,
    }
    return TemplateResponse(request, "admin/newsletter/issue/alert_form.html", context)


def _render_confirmation(request, *, form, plan: alerts.AlertPlan, admin_site):
    preview_url = reverse("admin:newsletter_issue_alert_preview")
    query = f"article={plan.article.pk}&newsletter={plan.newsletter.pk}"
    context = {
        **_context(request, admin_site=admin_site, title=_("Confirm the breaking news alert")),
        "form": form,
        "plan": plan,
        "preview_url": f"{preview_url}?{query}",
        "text_body": emails.without_recipient_links(plan.text_body),
    }
    return TemplateResponse(request, "admin/newsletter/issue/alert_confirm.html", context)


def alert_preview_view(request):
    """The alert's HTML e-mail as readers would get it, for the confirmation page's
    sandboxed frame (the recipient links go nowhere)."""
    if not may_send_alerts(request.user):
        raise PermissionDenied
    form = AlertForm(request.GET, admin_site=None)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Choose a story and an alert list."), content_type="text/plain; charset=utf-8"
        )
    try:
        plan = alerts.plan_alert(
            article=form.cleaned_data["article"], newsletter=form.cleaned_data["newsletter"]
        )
    except alerts.AlertRefused as refusal:
        return HttpResponseBadRequest(str(refusal), content_type="text/plain; charset=utf-8")
    return email_preview_response(plan.html_body)
