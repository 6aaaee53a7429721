from django.conf import settings
from django.utils import timezone

from articles.edition_links import other_edition_home


def site(request):
    """Site-wide values every template may use: name, tagline, edition link, privacy
    page, whether every reader gets the cookie notice, today."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        # The other edition's home; pages that other edition also has give their own
        # (articles/edition_links.py). Called by the template only when it is shown.
        "edition_link": other_edition_home,
        "PRIVACY_PAGE_URL": settings.PRIVACY_PAGE_URL,
        "cookie_notice_for_everyone": bool(settings.NON_ESSENTIAL_COOKIES),
        "today": timezone.localdate(),
    }
