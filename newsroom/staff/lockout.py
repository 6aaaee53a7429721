"""django-axes watches admin logins only.

Readers' sign-ins are throttled by allauth alone, per address and per account
(accounts/). Were axes to count them too, five failures by anyone behind one address
(a mobile carrier's shared address) would lock every reader there out with the staff
lockout page; and its log of successful logins would keep every reader's address and
browser for a month."""

from axes.handlers.database import AxesDatabaseHandler
from django.urls import reverse


def outside_the_admin(request, credentials=None) -> bool:
    """Whether a sign-in is a reader's, not an admin login (AXES_WHITELIST_CALLABLE)."""
    return not request.path.startswith(reverse("admin:index"))


class AdminLoginsHandler(AxesDatabaseHandler):
    """Axes' database handler, logging admin logins and logouts only (AXES_HANDLER)."""

    def user_logged_in(self, sender, request, user, **kwargs):
        if not outside_the_admin(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if not outside_the_admin(request):
            super().user_logged_out(sender, request, user, **kwargs)
