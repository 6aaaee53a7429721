"""One demo login per newsroom role, for trying the workflow in development.

Made only with `DEBUG` on (`ensure_admin`, `seed_demo`), like the admin's default
password: a production newsroom makes its staff accounts itself. The contributor gets
a byline of their own, as a reporter would.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
    return usable
