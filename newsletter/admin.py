import csv
import smtplib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter import alert_admin, emails, figures, figures_admin, sending, subscriptions
from newsletter.email_preview import email_preview_response
from newsletter.models import Delivery, Issue, Newsletter, Subscriber

CSV_COLUMNS = [
    ("email", _("e-mail")),
    ("newsletter__slug", _("newsletter")),
    ("status", _("status")),
    ("source", _("signed up on")),
    ("created_at", _("signed up at")),
    ("confirmed_at", _("confirmed at")),
    ("unsubscribed_at", _("unsubscribed at")),
    ("bounced_at", _("bounced at")),
]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


def _csv_cell(value) -> str:
    """Neutralise spreadsheet formulas (an address may legally start with = or +)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    """Each newsletter's settings (what it carries, when, from whom) and its figures:
    subscribers by state and what became of its issues' e-mails."""

    list_display = [
        "name",
        "kind",
        "language",
        "receiving_subscribers",
        "issues",
        "last_sent",
    ]
    list_filter = ["kind", "language", "is_public"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sections", "tags"]
    readonly_fields = ["figures_panel"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "description",
                    "kind",
                    "language",
                    "is_public",
                    "sender_name",
                ]
            },
        ),
        (
            _("Schedule"),
            {
                "fields": ["cadence", "send_time", "send_weekday"],
                "description": _("When a digest goes out. Breaking news alerts go when sent."),
            },
        ),
        (
            _("What it carries"),
            {
                "fields": ["template", "sections", "tags"],
                "description": _(
                    "A digest carries the stories of its edition published since its last "
                    "issue: those in its sections (or below them) or with one of its tags; "
                    "with neither, every story."
                ),
            },
        ),
    ]

    class Media:
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [*self.fieldsets, (_("Figures"), {"fields": ["figures_panel"]})]

    def get_queryset(self, request):
        return figures.with_newsletter_summary(super().get_queryset(request))

    @admin.display(description=_("receiving subscribers"), ordering="receiving_count")
    def receiving_subscribers(self, newsletter):
        return newsletter.receiving_count

    @admin.display(description=_("issues"), ordering="issue_count")
    def issues(self, newsletter):
        return newsletter.issue_count

    @admin.display(description=_("last sent"), ordering="last_sent_at", empty_value="—")
    def last_sent(self, newsletter):
        return newsletter.last_sent_at

    @admin.display(description=_("figures"))
    def figures_panel(self, newsletter):
        return figures_admin.newsletter_panel(figures.newsletter_figures(newsletter))


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers are added only by double opt-in, so editors can look, search, export
    and unsubscribe, but not add or confirm anyone by hand."""

    list_display = ["email", "status", "newsletter", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "newsletter", "created_at", "confirmed_at"]
    list_select_related = ["newsletter"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "newsletter",
        "email",
        "status",
        "source",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "complained_at",
        "paused_at",
        "resume_at",
    ]
    actions = ["unsubscribe_selected"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_csv),
            name="newsletter_subscriber_export",
        )
        return [export, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        counts = subscriptions.status_counts()
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(label, counts[value]) for value, label in Subscriber.Status.choices],
        }
        return super().changelist_view(request, extra_context=extra_context)

    def export_csv(self, request):
        """The subscribers the change list shows (same filters and search) as CSV,
        streamed row by row so a large list never sits in memory."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        rows = queryset.order_by("pk").values_list(*[field for field, _label in CSV_COLUMNS])
        writer = csv.writer(_Echo())

        def lines():
            yield writer.writerow([str(label) for _field, label in CSV_COLUMNS])
            for row in rows.iterator(chunk_size=2000):
                yield writer.writerow([_csv_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        return response

    @admin.action(description=_("Unsubscribe the selected subscribers"))
    def unsubscribe_selected(self, request, queryset):
        count = 0
        for subscriber_id in queryset.values_list("pk", flat=True).iterator():
            subscriptions.unsubscribe(subscriber_id=subscriber_id)
            count += 1
        self.message_user(
            request,
            ngettext("%d subscriber unsubscribed.", "%d subscribers unsubscribed.", count) % count,
            messages.SUCCESS,
        )


class TestAddressForm(forms.Form):
    email = forms.EmailField(label=_("Send a test to this address"), max_length=254)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """Issues are made by `manage.py send_newsletter`; editors preview them, read their
    figures (what became of their e-mails) and mail themselves a test copy."""

    list_display = [
        "subject",
        "newsletter",
        "sent_at",
        "sent",
        "delivered",
        "bounced",
        "complained",
        "unsubscribed",
        "failed",
        "queued",
    ]
    list_filter = ["newsletter", "sent_at"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    fields = [
        "newsletter",
        "subject",
        "covers_until",
        "created_at",
        "sent_at",
        "figures_table",
        "preview",
    ]
    readonly_fields = fields
    actions = ["send_test"]

    class Media:
        css = {"all": ["admin/css/newsroom_admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        issues = super().get_queryset(request).select_related("newsletter")
        return figures.with_issue_figures(issues)

    def get_list_display(self, request):
        tracked = ["opened", "clicked"] if figures.tracking() else []
        return [*self.list_display, *tracked]

    @admin.display(description=_("sent"), ordering="figure_sent")
    def sent(self, issue):
        return issue.figure_sent

    @admin.display(description=_("delivered"), ordering="figure_delivered")
    def delivered(self, issue):
        return figures_admin.count(figures.issue_figures(issue).delivered)

    @admin.display(description=_("bounced"), ordering="figure_bounced")
    def bounced(self, issue):
        return issue.figure_bounced

    @admin.display(description=_("spam"), ordering="figure_complained")
    def complained(self, issue):
        return issue.figure_complained

    @admin.display(description=_("unsubscribed"), ordering="figure_unsubscribed")
    def unsubscribed(self, issue):
        return issue.figure_unsubscribed

    @admin.display(description=_("failed"), ordering="figure_failed")
    def failed(self, issue):
        return issue.figure_failed

    @admin.display(description=_("queued"), ordering="figure_queued")
    def queued(self, issue):
        return issue.figure_queued

    @admin.display(description=_("opened"), ordering="figure_opened")
    def opened(self, issue):
        return issue.figure_opened

    @admin.display(description=_("clicked"), ordering="figure_clicked")
    def clicked(self, issue):
        return issue.figure_clicked

    @admin.display(description=_("figures"))
    def figures_table(self, issue):
        return figures_admin.issue_table(figures.issue_figures(issue))

    @admin.display(description=_("preview"))
    def preview(self, issue):
        url = reverse("admin:newsletter_issue_preview", args=[issue.pk])
        return format_html(
            '<p><a href="{}" target="_blank" rel="noopener">{}</a> · '
            '<a href="{}?format=text" target="_blank" rel="noopener">{}</a></p>'
            '<iframe src="{}" sandbox title="{}" class="newsletter-preview" '
            'width="680" height="900"></iframe>',
            url,
            _("Open the HTML e-mail"),
            url,
            _("Open the text e-mail"),
            url,
            _("E-mail preview"),
        )

    def get_urls(self):
        preview = path(
            "<int:issue_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="newsletter_issue_preview",
        )
        return [preview, *alert_admin.alert_urls(self.admin_site), *super().get_urls()]

    def preview_view(self, request, issue_id):
        """The issue as a subscriber sees it (the unsubscribe link goes nowhere)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=issue_id)
        if request.GET.get("format") == "text":
            body = emails.without_recipient_links(issue.text_body)
            return HttpResponse(body, content_type="text/plain; charset=utf-8")
        return email_preview_response(issue.html_body)

    @admin.action(description=_("Send a test e-mail of the selected issue"))
    def send_test(self, request, queryset):
        """Asks for an address on an intermediate page, then mails the issue to it."""
        issues = list(queryset[:2])
        if len(issues) != 1:
            self.message_user(request, _("Select exactly one issue to test."), messages.ERROR)
            return None
        issue = issues[0]
        form = TestAddressForm(request.POST if "send_test_to" in request.POST else None)
        if "send_test_to" in request.POST and form.is_valid():
            address = form.cleaned_data["email"]
            try:
                sending.send_test_issue(issue=issue, to=address)
            except (smtplib.SMTPException, OSError) as error:
                self.message_user(
                    request,
                    _("The mail server did not take the test e-mail: %(error)s") % {"error": error},
                    messages.ERROR,
                )
                return None
            self.message_user(
                request,
                _("Test e-mail of “%(subject)s” sent to %(address)s.")
                % {"subject": issue.subject, "address": address},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send a test e-mail"),
            "issue": issue,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/newsletter/issue/send_test.html", context)


class ComplainedFilter(admin.SimpleListFilter):
    title = _("marked as spam")
    parameter_name = "complained"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(complained_at__isnull=self.value() == "no")
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """One issue to one reader, and what became of it: the mail server's answer, and
    what an e-mail service reported later (delivered, bounced, marked as spam)."""

    list_display = [
        "subscriber",
        "issue",
        "status",
        "sent_at",
        "delivered_at",
        "bounce_type",
        "complained_at",
        "unsubscribed_at",
        "error",
    ]
    list_filter = ["status", "bounce_type", ComplainedFilter, "issue"]
    list_select_related = ["subscriber", "issue"]
    search_fields = ["subscriber__email"]
    readonly_fields = [
        "issue",
        "subscriber",
        "status",
        "attempts",
        "claimed_at",
        "sent_at",
        "retry_at",
        "error",
        "delivered_at",
        "bounced_at",
        "bounce_type",
        "complained_at",
        "unsubscribed_at",
    ]
    show_full_result_count = False

    def get_list_display(self, request):
        tracked = ["opened_at", "clicked_at"] if figures.tracking() else []
        return [*self.list_display, *tracked]

    def get_readonly_fields(self, request, obj=None):
        tracked = ["opened_at", "clicked_at"] if figures.tracking() else []
        return [*self.readonly_fields, *tracked]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
