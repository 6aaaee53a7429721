"""Readers as signing up and confirming leave them, for any test that needs one."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import ReaderProfile

PASSWORD = "a long reader passphrase"


def address_for(name: str) -> str:
    """`ko.zaw@example.org` for Ko Zaw; a name without Latin letters or digits keeps
    its own words (`မောင်မောင်@example.org`)."""
    local = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") or name.replace(" ", ".")
    return f"{local}@example.org"


def make_reader(
    name: str = "Ma Ei", *, email: str | None = None, verified=True, banned=False, **profile
) -> ReaderProfile:
    """A reader who is not staff: a user signing in with their address, their profile
    and their primary address (confirmed unless `verified=False`)."""
    email = email or address_for(name)
    user = User.objects.create_user(email, email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if banned:
        profile.setdefault("banned_at", timezone.now())
    return ReaderProfile.objects.create(user=user, display_name=name, **profile)
