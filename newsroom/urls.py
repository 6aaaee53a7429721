from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from api.views import api
from newsletter.webhooks import FreshMailgunTrackingWebhookView
from newsroom.csp import csp_report
from newsroom.health import healthz
from newsroom.text import SlugConverter

register_converter(SlugConverter, "uslug")

admin.site.site_header = f"{settings.SITE_NAME} — editors"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The Content-Security-Policy's report-uri (settings.CSP_REPORT_PATH).
    path(settings.CSP_REPORT_PATH.strip("/") + "/", csp_report, name="csp-report"),
    # Readers' own pages first: they also guard some of allauth's (accounts/urls.py).
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.seo.urls")),
    # The read API is site-wide: the edition is a filter (`language`), not a prefix.
    path("api/v1/", api.urls),
    # E-mail service webhooks (django-anymail): bounces, complaints… reach
    # newsletter/deliverability.py. Mailgun's also refuses stale signatures.
    path(
        "anymail/mailgun/tracking/",
        FreshMailgunTrackingWebhookView.as_view(),
        name="mailgun-tracking-webhook",
    ),
    path("anymail/", include("anymail.urls")),
]
# Each edition's pages: the default language's at the root, the others under their
# language code (/my/...). See newsroom/editions.py.
urlpatterns += i18n_patterns(
    path("newsletter/", include("newsletter.urls")),
    # The lite edition (articles/lite/) before the full site's catch-all below.
    path("lite/", include("articles.lite.urls")),
    # Last: its final pattern (/<section path>/) matches any path.
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
