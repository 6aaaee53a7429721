"""Readers' own pages, and allauth's pages for a signed-in account guarded so that
only readers use them (a staff session gets the sign-in page). Included before
allauth's URLs, so these addresses answer first."""

from allauth.account import views as allauth_views
from django.urls import path

from accounts import views
from accounts.views import reader_required

urlpatterns = [
    path("profile/", views.profile, name="reader_profile"),
    path("delete/", views.delete, name="reader_delete"),
    path("delete/done/", views.deleted, name="reader_deleted"),
    path(
        "password/change/",
        reader_required(allauth_views.password_change),
        name="account_change_password",
    ),
    path("password/set/", reader_required(allauth_views.password_set), name="account_set_password"),
    path("email/", reader_required(allauth_views.email), name="account_email"),
    path(
        "reauthenticate/",
        reader_required(allauth_views.reauthenticate),
        name="account_reauthenticate",
    ),
]
