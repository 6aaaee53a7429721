"""Our frame page around a provider's player: the one page whose policy lets a
provider in, and only after a reader pressed "Load" on a story's embed
(`articles.content.embeds`).

The story page frames this page (same origin, so its own policy names no provider);
this page frames the player. Its Content-Security-Policy allows frames from that
one provider's origin and lets only our own pages frame it; the address is checked
against the providers (and, for the operator's oEmbed allowlist, against the `Embed`
row an editor's save stored), so it cannot frame anything else.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles.content.embed_providers import match_link, origin_of
from articles.content.embeds import playable_frame_url
from articles.models import Embed


@require_safe
@xframe_options_sameorigin
def embed_frame(request):
    """The player of the link in `?url=`, or 404 for a link we do not embed."""
    link = match_link(request.GET.get("url", ""))
    if link is None:
        raise Http404("Not a link we embed.")
    embed = Embed.objects.filter(url=link.url).first() if link.provider.allowlisted else None
    frame_url = playable_frame_url(link, embed)
    if not frame_url:
        raise Http404("No player for this link.")
    response = render(
        request,
        "articles/embed_frame.html",
        {
            "frame_url": frame_url,
            "frame_title": link.provider.frame_title(embed.title if embed else ""),
        },
    )
    response._csp_replace = {
        "frame-src": [origin_of(frame_url)],
        "frame-ancestors": ["'self'"],
    }
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=settings.EMBED_FRAME_CACHE_SECONDS)
    return response
