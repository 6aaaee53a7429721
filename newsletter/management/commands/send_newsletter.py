from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import ngettext

from newsletter import issues, schedule, sending, subscriptions
from newsletter.models import Newsletter


class Command(BaseCommand):
    help = (
        "Build the next issue of a digest from stories published since the previous one and "
        "send it to every confirmed subscriber, at most one issue per day (week, for a weekly "
        "newsletter). Finishes an interrupted issue first (a digest's or a breaking news "
        "alert's); safe to re-run and to run on several servers at once. --newsletter sends "
        "now, whatever the newsletter's schedule. --all is the timer's run (every 15 minutes): "
        "for every newsletter it finishes an interrupted issue, and builds a digest only once "
        "its send time (and weekday, for a weekly one) has come in TIME_ZONE and it has no "
        "issue this period. Alert lists never get a digest: editors send their alerts from "
        "the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--newsletter",
            default=None,
            metavar="SLUG",
            help="Newsletter to send (default: settings.NEWSLETTER_DEFAULT_SLUG).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every_newsletter",
            help="Every newsletter in turn, on its schedule: finish interrupted issues, send "
            "the digests that are due. One that fails does not stop the others, and the run "
            "then fails.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; change nothing."
        )
        parser.add_argument(
            "--resend-interrupted",
            action="store_true",
            help="Only send again the deliveries a killed sender left in “sending” (the "
            "reader may have them or not), with their first Message-ID. Lists them first; "
            "with --dry-run, only lists them.",
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

    def handle(self, *args, newsletter, every_newsletter, workers, batch_size, **options):
        if workers < 1 or batch_size < 1:
            raise CommandError("--workers and --batch-size must be at least 1.")
        if every_newsletter and newsletter:
            raise CommandError("Give --newsletter or --all, not both.")
        if not every_newsletter:
            slug = newsletter or subscriptions.default_newsletter_slug()
            try:
                newsletter = Newsletter.objects.get(slug=slug)
            except Newsletter.DoesNotExist:
                raise CommandError(f"No newsletter with slug {slug!r}.")
            self.send(
                newsletter, on_schedule=False, workers=workers, batch_size=batch_size, **options
            )
            return
        failed = []
        for newsletter in Newsletter.objects.order_by("pk"):
            self.stdout.write(f"{newsletter.name} ({newsletter.slug}):")
            try:
                self.send(
                    newsletter, on_schedule=True, workers=workers, batch_size=batch_size, **options
                )
            except CommandError as error:
                self.stderr.write(str(error))
                failed.append(newsletter.slug)
        if failed:
            raise CommandError(f"Not every newsletter went out: {', '.join(failed)}.")

    def send(
        self,
        newsletter,
        *,
        on_schedule,
        dry_run,
        resend_interrupted,
        batch_size,
        workers,
        verbosity,
        **options,
    ):
        """Send (or finish, or resend the interrupted deliveries of) one newsletter;
        `on_schedule`, only if its digest is due (`newsletter.schedule`)."""
        if resend_interrupted:
            self.resend_interrupted(newsletter, dry_run=dry_run)
            return
        issue = issues.unfinished_issue(newsletter=newsletter)
        if issue is not None:
            self.stdout.write(f"Resuming unfinished issue “{issue.subject}” (#{issue.pk}).")
        elif newsletter.kind == Newsletter.Kind.ALERTS:
            self.stdout.write(
                "A breaking news list: editors send its alerts from the admin, and none is "
                "unfinished; nothing to send."
            )
            return
        else:
            now = timezone.now()
            sent = issues.issue_of_period(newsletter=newsletter, now=now)
            if sent is not None:
                self.stdout.write(
                    f"This period's issue “{sent.subject}” (#{sent.pk}) went out already; "
                    "nothing to send."
                )
                return
            if on_schedule and not schedule.is_due(newsletter=newsletter, now=now):
                moment = timezone.localtime(schedule.send_moment(newsletter=newsletter, now=now))
                self.stdout.write(f"Not due before {moment:%Y-%m-%d %H:%M}; nothing to send.")
                return
            plan = issues.plan_issue(newsletter=newsletter, now=now)
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
            issue = issues.create_issue(plan=plan)
        if dry_run:
            counts = sending.delivery_counts(issue=issue)
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
            report = sending.send_issue(issue=issue, batch_size=batch_size, workers=workers)
        except sending.SendInterrupted as error:
            counts = sending.delivery_counts(issue=issue)
            self.report_unfinished(counts)
            raise CommandError(
                f"Sending stopped: {error}. Sent so far: {counts['sent']}, still queued: "
                f"{counts['pending']}. Run the command again to send the rest."
            )
        counts = sending.delivery_counts(issue=issue)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {report.sent}, failed {report.failed}, skipped {report.skipped} "
                f"(issue #{issue.pk} total sent: {counts['sent']})."
            )
        )
        if report.deferred:
            self.stdout.write(
                ngettext(
                    "%(count)d delivery was refused for now by the recipient's mail server; "
                    "it is tried again at its retry time (the timer's next run after it).",
                    "%(count)d deliveries were refused for now by the recipients' mail "
                    "servers; they are tried again at their retry times (the timer's next "
                    "run after them).",
                    report.deferred,
                )
                % {"count": report.deferred}
            )
        self.report_unfinished(counts)

    def report_unfinished(self, counts: dict[str, int]) -> None:
        """Say what this run left for later, and what to do about it."""
        if counts["claimed"]:
            self.stderr.write(
                ngettext(
                    "%(count)d delivery is held by another sender, or by one that stopped "
                    "less than NEWSLETTER_CLAIM_TIMEOUT_SECONDS ago; run again later.",
                    "%(count)d deliveries are held by another sender, or by one that stopped "
                    "less than NEWSLETTER_CLAIM_TIMEOUT_SECONDS ago; run again later.",
                    counts["claimed"],
                )
                % {"count": counts["claimed"]}
            )
        if counts["sending"]:
            self.stderr.write(
                ngettext(
                    "%(count)d delivery was interrupted between handing the message to the "
                    "mail server and recording its answer: the reader may have it or not. "
                    "Send it again with --resend-interrupted.",
                    "%(count)d deliveries were interrupted between handing the message to the "
                    "mail server and recording its answer: the readers may have them or not. "
                    "Send them again with --resend-interrupted.",
                    counts["sending"],
                )
                % {"count": counts["sending"]}
            )

    def resend_interrupted(self, newsletter: Newsletter, *, dry_run: bool) -> None:
        interrupted = list(sending.interrupted_deliveries(newsletter=newsletter))
        for delivery in interrupted:
            self.stdout.write(
                f"  issue #{delivery.issue_id} “{delivery.issue.subject}” → "
                f"{delivery.subscriber.email} (delivery #{delivery.pk})"
            )
        if dry_run:
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)d interrupted delivery would be sent again.",
                    "Dry run: %(count)d interrupted deliveries would be sent again.",
                    len(interrupted),
                )
                % {"count": len(interrupted)}
            )
            return
        try:
            report = sending.resend_interrupted(newsletter=newsletter)
        except sending.SendInterrupted as error:
            raise CommandError(f"Sending stopped: {error}. Run the command again.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent again {report.sent}, failed {report.failed}, skipped {report.skipped}."
            )
        )
