"""The embeds providers told us about (`articles.content.oembed`), for editors to
look at and to ask about again; they are made by saving a story, not by hand, and
the editor who saved is told when a link stays a plain link."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.content import oembed
from articles.content.embed_providers import EmbedLink, match_link
from articles.content.oembed import FetchError, asks, refresh_embed
from articles.models import Embed


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    list_display = ["url", "provider_name", "title", "has_still", "fetched_at"]
    list_filter = ["provider_name"]
    search_fields = ["url", "title"]
    fields = ["url", "provider_name", "title", "frame_url", "width", "height", "thumbnail"]
    readonly_fields = fields
    # Readers' pages keep what the provider said; editors may only ask again.
    actions = ["ask_again"]

    @admin.display(description=_("still"), boolean=True)
    def has_still(self, embed):
        return embed.thumbnail_id is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ask the providers again"), permissions=["refresh"])
    def ask_again(self, request, queryset):
        refreshed = 0
        for embed in queryset:
            link = match_link(embed.url)
            if link is None or not asks(link):
                continue
            try:
                refresh_embed(link)
            except FetchError as error:
                self.message_user(
                    request,
                    _("%(link)s: %(error)s") % {"link": embed.url, "error": error},
                    messages.WARNING,
                )
            else:
                refreshed += 1
        self.message_user(
            request,
            ngettext("%d embed asked again.", "%d embeds asked again.", refreshed) % refreshed,
        )

    def has_refresh_permission(self, request):
        return request.user.has_perm("articles.change_embed")


def ask_providers_after_save(request, html: str) -> None:
    """Ask about a saved story's new embeds (`oembed.ask_providers_after_save`); the
    editor is told of each allowlisted link that readers will get as a plain link."""

    def tell_editor(link: EmbedLink, error: FetchError) -> None:
        if link.provider.allowlisted:
            message = _(
                "Readers get %(link)s as a plain link: %(provider)s gave no player (%(error)s)."
            )
            messages.warning(
                request,
                message % {"link": link.url, "provider": link.provider.label, "error": error},
            )

    oembed.ask_providers_after_save(html, on_failure=tell_editor)
