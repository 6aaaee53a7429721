import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom.demo.accounts import ensure_demo_accounts

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "newsroom-dev-admin"


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists and print its login. "
        "Uses ADMIN_USERNAME / ADMIN_PASSWORD, or a development default when DEBUG is on; "
        "in development it also makes one demo account per role (editor, contributor)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", DEFAULT_USERNAME)
        password = os.environ.get("ADMIN_PASSWORD", "")
        if not password:
            if not settings.DEBUG:
                raise CommandError(
                    "Set ADMIN_PASSWORD: there is no default password in production."
                )
            password = DEFAULT_PASSWORD
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(password)
            user.email = os.environ.get("ADMIN_EMAIL", "")
            user.save()
        if user.check_password(password):
            self.stdout.write(
                self.style.SUCCESS(f"Admin login: {username} / {password}  (/admin/)")
            )
        else:
            self.stdout.write(f"Admin account “{username}” exists; its password was changed.")
        if settings.DEBUG:
            for account in ensure_demo_accounts():
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{account.role} login: {account.username} / {account.password}"
                    )
                )
