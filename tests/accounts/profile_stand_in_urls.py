"""The site's URLs plus a stand-in for `reader_profile`, for the shell's tests while
accounts/urls.py (the reader's profile and delete pages, built on another branch) is
not there: the header links a signed-in reader's name to that page. The tests use
this URLconf only while `accounts.urls` cannot be imported; once it can, delete this
module and the `reader_profile_page` fixture."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("accounts/profile/", lambda request: HttpResponse("profile"), name="reader_profile"),
    *site_urlpatterns,
]
