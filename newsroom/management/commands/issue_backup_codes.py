from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom.staff.two_factor import BACKUP_CODE_COUNT, issue_backup_codes


class Command(BaseCommand):
    help = (
        "Print a fresh set of single-use backup codes for a staff member's two-factor "
        "sign-in (a lost phone); their earlier backup codes stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--count", type=int, default=BACKUP_CODE_COUNT)

    def handle(self, *args, username, count, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No account “{username}”.") from error
        if not user.is_staff:
            raise CommandError(f"“{username}” is not a staff account.")
        codes = issue_backup_codes(user=user, count=count)
        self.stdout.write(f"Backup codes for {username} (each works once):")
        for code in codes:
            self.stdout.write(code)
