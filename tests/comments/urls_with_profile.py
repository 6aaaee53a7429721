"""The site's URLs with a stand-in at the reader's profile address (/accounts/profile/,
`reader_profile`, made by the accounts helper's branch), which e-mails about comments
link to. Once that page is merged, the site's own pattern answers the same address
and this module can go."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def profile_stand_in(request):
    return HttpResponse("Your profile")


urlpatterns = [
    path("accounts/profile/", profile_stand_in, name="reader_profile"),
    *site_urlpatterns,
]
