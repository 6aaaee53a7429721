import csv
import smtplib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter import alert_admin, emails, sending, subscriptions
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
    list_display = ["name", "slug", "language", "cadence", "confirmed_subscribers"]
    list_filter = ["language"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "subscribers", filter=Q(subscribers__status=Subscriber.Status.CONFIRMED)
                )
            )
        )

    @admin.display(description=_("confirmed subscribers"), ordering="confirmed_count")
    def confirmed_subscribers(self, newsletter):
        return newsletter.confirmed_count


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
    """Issues are made by `manage.py send_newsletter`; editors preview them, read the
    send statistics and mail themselves a test copy."""

    list_display = ["subject", "newsletter", "created_at", "sent_at", "sent", "failed", "queued"]
    list_filter = ["newsletter", "sent_at"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    fields = ["newsletter", "subject", "covers_until", "created_at", "sent_at", "stats", "preview"]
    readonly_fields = fields
    actions = ["send_test"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        def count(*statuses):
            return Count("deliveries", filter=Q(deliveries__status__in=statuses))

        return (
            super()
            .get_queryset(request)
            .select_related("newsletter")
            .annotate(
                sent_count=count(Delivery.Status.SENT),
                failed_count=count(Delivery.Status.FAILED),
                queued_count=count(Delivery.Status.PENDING, Delivery.Status.CLAIMED),
            )
        )

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent(self, issue):
        return issue.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, issue):
        return issue.failed_count

    @admin.display(description=_("queued"), ordering="queued_count")
    def queued(self, issue):
        return issue.queued_count

    @admin.display(description=_("deliveries"))
    def stats(self, issue):
        counts = sending.delivery_counts(issue=issue)
        return ", ".join(f"{label}: {counts[value]}" for value, label in Delivery.Status.choices)

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
        body = emails.without_recipient_links(issue.html_body)
        response = HttpResponse(body)
        # E-mail markup needs inline styles and shows images from anywhere; it runs no
        # script. Unlike every other page, it may be framed: by the issue's own page.
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

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


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "issue", "status", "sent_at", "error"]
    list_filter = ["status", "issue"]
    list_select_related = ["subscriber", "issue"]
    search_fields = ["subscriber__email"]
    readonly_fields = ["issue", "subscriber", "status", "claimed_at", "sent_at", "error"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
