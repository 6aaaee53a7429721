from django.conf import settings
from django.utils import timezone


def site(request):
    """Site-wide values every template may use: name, tagline, edition link, privacy
    page, whether every reader gets the cookie notice, today."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "EDITION_LINK_URL": settings.EDITION_LINK_URL,
        "EDITION_LINK_LABEL": settings.EDITION_LINK_LABEL,
        "PRIVACY_PAGE_URL": settings.PRIVACY_PAGE_URL,
        "cookie_notice_for_everyone": bool(settings.NON_ESSENTIAL_COOKIES),
        "today": timezone.localdate(),
    }
