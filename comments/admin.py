"""Moderating readers' comments: the queue, decisions one by one or in bulk, bans,
reports and a reader's history.

The change list opens on the queue (pending comments, oldest first); its status
filter reaches every other state and "All". Everything a reader wrote (comments,
display names, report reasons) is shown as text: `format_html` escapes it.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import bans
from accounts.models import ReaderProfile
from comments import moderation
from comments.models import Comment, CommentReport

EXCERPT_LENGTH = 80


def excerpt(comment: Comment) -> str:
    return Truncator(comment.body).chars(EXCERPT_LENGTH) or _("(empty)")


def reader_name(user) -> str:
    profile = getattr(user, "reader", None) if user is not None else None
    if profile is not None:
        return profile.display_name
    return _("(deleted account)") if user is None else user.get_username()


def history_url(user_id: int) -> str:
    """The change list of every comment by this reader, whatever its status."""
    changelist = reverse("admin:comments_comment_changelist")
    return f"{changelist}?author__id__exact={user_id}&status=all"


class StatusFilter(admin.SimpleListFilter):
    """Pending (the queue) unless another status, or "All", is chosen."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("All"))]

    def choices(self, changelist):
        current = self.value() or Comment.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reported")), ("no", _("Not reported"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


class ReportInline(admin.TabularInline):
    """What readers reported about the comment; reports are theirs, never edited."""

    model = CommentReport
    extra = 0
    can_delete = False
    fields = ["reporter_name", "reason", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter__reader")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reported by"))
    def reporter_name(self, report):
        return reader_name(report.reporter)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "story", "reader", "status", "reports", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, ReportedFilter, "created_at"]
    list_select_related = ["article", "author__reader"]
    search_fields = ["body", "author__reader__display_name", "author__email"]
    ordering = ["created_at", "pk"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["approve", "reject", "mark_spam", "ban_readers"]
    inlines = [ReportInline]
    fields = [
        "story",
        "reader",
        "created_at",
        "parent_comment",
        "text",
        "replies_list",
        "status",
        "moderated_at",
        "moderated_by",
        "first_approved_at",
    ]
    readonly_fields = [
        "story",
        "reader",
        "created_at",
        "parent_comment",
        "text",
        "replies_list",
        "moderated_at",
        "moderated_by",
        "first_approved_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    def has_add_permission(self, request):
        return False  # Readers write comments; moderators decide on them.

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == Comment.Status.REMOVED:
            return [*self.readonly_fields, "status"]
        return self.readonly_fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [
                (value, label)
                for value, label in Comment.Status.choices
                if value != Comment.Status.REMOVED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """A changed status is the moderator's decision: stamped with who and when.
        Saving it approved announces it (comments/signals.py)."""
        if "status" in form.changed_data:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)

    # --- columns and fields ----------------------------------------------------

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return excerpt(comment)

    @admin.display(description=_("story"), ordering="article__headline")
    def story(self, comment):
        url = reverse("admin:articles_article_change", args=[comment.article_id])
        return format_html('<a href="{}">{}</a>', url, comment.article.headline)

    @admin.display(description=_("reader"), ordering="author__reader__display_name")
    def reader(self, comment):
        if comment.author_id is None:
            return reader_name(None)
        return format_html(
            '<a href="{}" title="{}">{}</a>',
            history_url(comment.author_id),
            _("Every comment by this reader"),
            reader_name(comment.author),
        )

    @admin.display(description=_("reports"), ordering="report_count")
    def reports(self, comment):
        return comment.report_count

    @admin.display(description=_("comment"))
    def text(self, comment):
        """The whole comment as the reader wrote it, line breaks kept, as text."""
        return format_html("<div>{}</div>", linebreaksbr(comment.body))

    @admin.display(description=_("in reply to"))
    def parent_comment(self, comment):
        if comment.parent is None:
            return "—"
        parent = comment.parent
        url = reverse("admin:comments_comment_change", args=[parent.pk])
        return format_html(
            '<a href="{}">{}</a> — {} ({})',
            url,
            excerpt(parent),
            reader_name(parent.author),
            parent.get_status_display(),
        )

    @admin.display(description=_("replies"))
    def replies_list(self, comment):
        replies = comment.replies.select_related("author__reader").order_by("created_at", "pk")
        rows = [
            (
                reverse("admin:comments_comment_change", args=[reply.pk]),
                excerpt(reply),
                reader_name(reply.author),
                reply.get_status_display(),
            )
            for reply in replies
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> — {} ({})</li>', rows)
        )

    # --- bulk actions ------------------------------------------------------------

    def _decide(self, request, queryset, status, done):
        changed = moderation.moderate(comments=queryset, status=status, by=request.user)
        self.message_user(request, done(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(description=_("Reject the selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            Comment.Status.REJECTED,
            lambda n: ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", n),
        )

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._decide(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
            ),
        )

    @admin.action(
        description=_("Ban the readers of the selected comments (their waiting comments: spam)"),
        permissions=["ban"],
    )
    def ban_readers(self, request, queryset):
        readers = ReaderProfile.objects.filter(user_id__in=queryset.values("author_id"))
        banned = bans.ban_readers(readers=readers, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d reader banned; their waiting comments are marked as spam.",
                "%(count)d readers banned; their waiting comments are marked as spam.",
                banned,
            )
            % {"count": banned},
            messages.SUCCESS,
        )

    def has_ban_permission(self, request):
        return request.user.has_perm("accounts.change_readerprofile")
