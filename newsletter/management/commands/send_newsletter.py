from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import ngettext

from newsletter import services
from newsletter.models import Newsletter


class Command(BaseCommand):
    help = (
        "Build the next issue from stories published since the previous one and send it "
        "to every confirmed subscriber. Finishes an interrupted issue first; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--newsletter",
            default=None,
            metavar="SLUG",
            help="Newsletter to send (default: settings.NEWSLETTER_DEFAULT_SLUG).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; change nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.NEWSLETTER_BATCH_SIZE,
            help="Messages per SMTP connection (default: settings.NEWSLETTER_BATCH_SIZE).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.NEWSLETTER_WORKERS,
            help="Senders working in parallel, each with its own SMTP connection "
            "(default: settings.NEWSLETTER_WORKERS).",
        )

    def handle(self, *args, newsletter, dry_run, batch_size, workers, verbosity, **options):
        if workers < 1 or batch_size < 1:
            raise CommandError("--workers and --batch-size must be at least 1.")
        slug = newsletter or services.default_newsletter_slug()
        try:
            newsletter = Newsletter.objects.get(slug=slug)
        except Newsletter.DoesNotExist:
            raise CommandError(f"No newsletter with slug {slug!r}.")
        issue = services.unfinished_issue(newsletter=newsletter)
        if issue is not None:
            self.stdout.write(f"Resuming unfinished issue “{issue.subject}” (#{issue.pk}).")
        else:
            plan = services.plan_issue(newsletter=newsletter, now=timezone.now())
            if not plan.articles:
                self.stdout.write(
                    f"Nothing published since {timezone.localtime(plan.since):%Y-%m-%d %H:%M}; "
                    "no issue sent."
                )
                return
            stories = ngettext("%(count)d story", "%(count)d stories", len(plan.articles)) % {
                "count": len(plan.articles)
            }
            readers = ngettext(
                "%(count)d confirmed subscriber", "%(count)d confirmed subscribers", plan.recipients
            ) % {"count": plan.recipients}
            self.stdout.write(f"“{plan.subject}”: {stories} for {readers}.")
            if verbosity > 1:
                for article in plan.articles:
                    self.stdout.write(f"  - {article.headline}")
            if dry_run:
                self.stdout.write("Dry run: nothing stored or sent.")
                return
            issue = services.create_issue(plan=plan)
        if dry_run:
            counts = services.delivery_counts(issue=issue)
            pending = counts["pending"]
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)d delivery would be sent.",
                    "Dry run: %(count)d deliveries would be sent.",
                    pending,
                )
                % {"count": pending}
            )
            return
        try:
            report = services.send_issue(issue=issue, batch_size=batch_size, workers=workers)
        except services.SendInterrupted as error:
            counts = services.delivery_counts(issue=issue)
            raise CommandError(
                f"Sending stopped: {error}. Sent so far: {counts['sent']}, still queued: "
                f"{counts['pending']}. Run the command again to send the rest."
            )
        counts = services.delivery_counts(issue=issue)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {report.sent}, failed {report.failed}, skipped {report.skipped} "
                f"(issue #{issue.pk} total sent: {counts['sent']})."
            )
        )
        if counts["sending"]:
            self.stderr.write(
                f"{counts['sending']} deliveries were interrupted mid-message by an earlier "
                "crash; they are not retried (the reader may have it). Check them in the admin."
            )
