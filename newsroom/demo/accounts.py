"""One demo login per newsroom role, and a reader's, for trying things in development.

Made only with `DEBUG` on (`ensure_admin`, `seed_demo`), like the admin's default
password: a production newsroom makes its staff accounts itself. The contributor gets
a byline of their own, as a reporter would.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import ReaderProfile
from articles.models import Author
from articles.workflow import roles


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


DEMO_ACCOUNTS = [
    DemoAccount("editor", "newsroom-dev-editor", roles.EDITOR),
    DemoAccount("contributor", "newsroom-dev-contributor", roles.CONTRIBUTOR),
]


# A reader with a confirmed address, to try signing in and commenting on the site.
DEMO_READER = DemoAccount("reader@example.org", "newsroom-dev-reader", "Reader")


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that are missing (their passwords are left alone once
    made); returns those whose password is still the demo one."""
    User = get_user_model()
    usable = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username, defaults={"is_staff": True}
        )
        if created:
            user.set_password(account.password)
            user.save()
            user.groups.add(Group.objects.get(name=account.role))
            if account.role == roles.CONTRIBUTOR:
                Author.objects.get_or_create(
                    user=user, defaults={"name": "Demo Contributor", "role": "Reporter"}
                )
        if user.check_password(account.password):
            usable.append(account)
    if _ensure_demo_reader().check_password(DEMO_READER.password):
        usable.append(DEMO_READER)
    return usable


def _ensure_demo_reader():
    email = DEMO_READER.username
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email}
    )
    if created:
        user.set_password(DEMO_READER.password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        ReaderProfile.objects.create(user=user, display_name="Ma Ei")
    return user
