"""Who counts as logged in to the staff side: a staff member who set up a second
factor only once they have given it this session, and with `STAFF_REQUIRE_2FA` on,
one without a second factor only on the page where they set it up."""

from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import user_has_device

from newsroom.staff.two_factor import needs_enrolment

# Admin pages a staff member who must enrol can still open.
ENROLMENT_PAGES = ("admin:staff-two-factor", "admin:logout", "admin:jsi18n")


def _second_factor_user(user):
    """`user`, or anonymous when their session skipped the second factor they have
    (it began before they set one up, or a colleague set it up for them)."""
    skipped = user.is_authenticated and user.is_staff and not user.is_verified()
    return AnonymousUser() if skipped and user_has_device(user) else user


def staff_two_factor(get_response):
    """After django-otp's `OTPMiddleware`. Reader pages never touch the user (the
    check is lazy), so they stay free of session reads and `Vary: Cookie`."""

    def middleware(request):
        request.user = SimpleLazyObject(partial(_second_factor_user, request.user))
        if (
            request.path.startswith(reverse("admin:index"))
            and needs_enrolment(request.user)
            and request.path not in {reverse(name) for name in ENROLMENT_PAGES}
        ):
            return redirect("admin:staff-two-factor")
        return get_response(request)

    return middleware
