"""Readers in the admin: who they are, how much they comment, and bans.

Readers sign up themselves and are never staff; moderators look at them here, ban or
unban them, note why, and open a reader's history (every comment they wrote, in the
comments' change list). The comment counts are annotated, so the list costs the same
few queries for any number of readers.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import bans
from accounts.models import ReaderProfile


class BannedFilter(admin.SimpleListFilter):
    title = _("banned")
    parameter_name = "banned"

    def lookups(self, request, model_admin):
        return [("yes", _("Banned")), ("no", _("Not banned"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(banned_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(banned_at__isnull=True)
        return queryset


@admin.register(ReaderProfile)
class ReaderProfileAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "email",
        "joined",
        "approved_comments",
        "total_comments",
        "banned",
        "history",
    ]
    list_filter = [BannedFilter, "notify_on_replies"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__email"]
    ordering = ["-user__date_joined"]
    show_full_result_count = False
    actions = ["ban", "unban"]
    fields = [
        "display_name",
        "email",
        "joined",
        "history",
        "notify_on_replies",
        "banned_at",
        "ban_reason",
    ]
    # A moderator may rename an abusive display name and say why a reader is banned;
    # the e-mail choice is the reader's, and bans come and go by the actions.
    readonly_fields = ["email", "joined", "history", "notify_on_replies", "banned_at"]

    def get_queryset(self, request):
        # Comments point at the user (related_name "comments"): counted by name, as
        # accounts does not import the comments app.
        return (
            super()
            .get_queryset(request)
            .annotate(
                total_count=Count("user__comments"),
                approved_count=Count("user__comments", filter=Q(user__comments__status="approved")),
            )
        )

    def has_add_permission(self, request):
        return False  # Readers sign up on the site.

    def has_delete_permission(self, request, obj=None):
        return False  # Deleting an account is the reader's (or a superuser's, as a user).

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, profile):
        return profile.user.email

    @admin.display(description=_("joined"), ordering="user__date_joined")
    def joined(self, profile):
        return profile.user.date_joined

    @admin.display(description=_("approved comments"), ordering="approved_count")
    def approved_comments(self, profile):
        return profile.approved_count

    @admin.display(description=_("comments"), ordering="total_count")
    def total_comments(self, profile):
        return profile.total_count

    @admin.display(description=_("banned"), boolean=True, ordering="banned_at")
    def banned(self, profile):
        return profile.is_banned

    @admin.display(description=_("history"))
    def history(self, profile):
        changelist = reverse("admin:comments_comment_changelist")
        return format_html(
            '<a href="{}?author__id__exact={}&amp;status=all">{}</a>',
            changelist,
            profile.user_id,
            _("Comments"),
        )

    @admin.action(
        description=_("Ban the selected readers (their waiting comments: spam)"),
        permissions=["change"],
    )
    def ban(self, request, queryset):
        banned = bans.ban_readers(readers=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d reader banned.", "%(count)d readers banned.", banned)
            % {"count": banned},
            messages.SUCCESS,
        )

    @admin.action(description=_("Lift the ban of the selected readers"), permissions=["change"])
    def unban(self, request, queryset):
        lifted = bans.unban_readers(readers=queryset)
        self.message_user(
            request,
            ngettext("%(count)d reader unbanned.", "%(count)d readers unbanned.", lifted)
            % {"count": lifted},
            messages.SUCCESS,
        )
