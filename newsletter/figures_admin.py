"""The figures tables of the newsletter and issue admin pages: each figure with what it
means, since "delivered", the rates and the missing opens need saying."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletter import figures
from newsletter.figures import DeliveryFigures, NewsletterFigures

NOT_REPORTED = "—"


@dataclass
class Row:
    label: str
    values: list[str]
    help: str


def count(value: int | None) -> str:
    return NOT_REPORTED if value is None else number_format(value)


def percent(value: float | None) -> str:
    return NOT_REPORTED if value is None else f"{floatformat(value, 1)} %"


def bounced(got: DeliveryFigures) -> str:
    return _("%(bounced)s (hard %(hard)s, soft %(soft)s)") % {
        "bounced": count(got.bounced),
        "hard": count(got.hard_bounced),
        "soft": count(got.soft_bounced),
    }


# (label, how to show it, what it means), in the order editors read them.
DELIVERY_ROWS = [
    (
        gettext_lazy("Sent"),
        lambda got: count(got.sent),
        gettext_lazy("Taken by the mail server for the reader."),
    ),
    (
        gettext_lazy("Delivered"),
        lambda got: count(got.delivered),
        gettext_lazy(
            "In the reader's mailbox, as reported by an e-mail service's webhooks. A mail "
            "server reached over SMTP reports nothing after taking a message, so without "
            "such a service this stays “—” (not reported), which does not mean none."
        ),
    ),
    (
        gettext_lazy("Bounced"),
        bounced,
        gettext_lazy(
            "Came back undelivered. Hard: the address takes no mail (it gets no more "
            "issues). Soft: a full mailbox or a busy server (retried)."
        ),
    ),
    (
        gettext_lazy("Bounce rate"),
        lambda got: percent(got.bounce_rate),
        gettext_lazy(
            "Bounced ÷ tried (sent + failed). Mailbox providers judge a sender by it: "
            "a rising rate means old or mistyped addresses."
        ),
    ),
    (
        gettext_lazy("Marked as spam"),
        lambda got: count(got.complained),
        gettext_lazy(
            "Readers who pressed “Report spam”, as the e-mail service reports it; they "
            "get no more issues."
        ),
    ),
    (
        gettext_lazy("Complaint rate"),
        lambda got: percent(got.complaint_rate),
        gettext_lazy(
            "Marked as spam ÷ sent. Gmail and Yahoo ask bulk senders to stay below 0.3 %."
        ),
    ),
    (
        gettext_lazy("Unsubscribed"),
        lambda got: count(got.unsubscribed),
        gettext_lazy(
            "Left through an issue's own unsubscribe link or their mail program's button."
        ),
    ),
    (
        gettext_lazy("Failed"),
        lambda got: count(got.failed),
        gettext_lazy("Refused by the reader's mail server: the deliveries list says why."),
    ),
    (
        gettext_lazy("Queued"),
        lambda got: count(got.queued),
        gettext_lazy("Waiting to be sent, or to be tried again."),
    ),
    (
        gettext_lazy("Skipped"),
        lambda got: count(got.skipped),
        gettext_lazy("Unsubscribed or paused before their turn came."),
    ),
    (
        gettext_lazy("Outcome unknown"),
        lambda got: count(got.unknown),
        gettext_lazy(
            "A sender stopped while handing these to the mail server; "
            "“manage.py send_newsletter --resend-interrupted” sends them again."
        ),
    ),
]
TRACKING_ROWS = [
    (
        gettext_lazy("Opened"),
        lambda got: count(got.opened),
        gettext_lazy(
            "Counted by the e-mail service's tracking pixel (NEWSLETTER_TRACKING is on); "
            "mail programs that block images are not counted."
        ),
    ),
    (
        gettext_lazy("Clicked"),
        lambda got: count(got.clicked),
        gettext_lazy("Counted through the e-mail service's rewritten links."),
    ),
]
SUBSCRIBER_ROWS = {
    "receiving": (
        gettext_lazy("Receiving"),
        gettext_lazy("Confirmed and not pausing: the next issue goes to them."),
    ),
    "paused": (
        gettext_lazy("Paused"),
        gettext_lazy("Confirmed, but pausing the newsletter for now."),
    ),
    "pending": (gettext_lazy("Pending"), gettext_lazy("Signed up, not confirmed yet.")),
    "unsubscribed": (
        gettext_lazy("Unsubscribed"),
        gettext_lazy("Left; kept so they are never mailed again."),
    ),
    "bounced": (gettext_lazy("Bounced"), gettext_lazy("Their address takes no mail.")),
    "complained": (gettext_lazy("Marked as spam"), gettext_lazy("Reported an issue as spam.")),
}


def delivery_table(headings: list[str], columns: list[DeliveryFigures]) -> SafeString:
    rows = DELIVERY_ROWS + (TRACKING_ROWS if figures.tracking() else [])
    return render_to_string(
        "admin/newsletter/includes/figures_table.html",
        {
            "caption": _("e-mails"),
            "headings": headings,
            "rows": [
                Row(str(label), [show(got) for got in columns], str(meaning))
                for label, show, meaning in rows
            ],
            "note": ""
            if figures.tracking()
            else _(
                "Opens and clicks are not tracked: NEWSLETTER_TRACKING is off, as it should "
                "be while readers are watched (no tracking pixels, no rewritten links)."
            ),
        },
    )


def issue_table(got: DeliveryFigures) -> SafeString:
    return delivery_table([_("this issue")], [got])


def newsletter_panel(got: NewsletterFigures) -> SafeString:
    subscribers = render_to_string(
        "admin/newsletter/includes/figures_table.html",
        {
            "caption": _("subscribers"),
            "headings": [_("now")],
            "rows": [
                Row(str(label), [count(got.subscribers[state])], str(meaning))
                for state, (label, meaning) in SUBSCRIBER_ROWS.items()
            ],
        },
    )
    last_sent = (
        date_format(timezone.localtime(got.last_sent_at), "DATETIME_FORMAT")
        if got.last_sent_at
        else NOT_REPORTED
    )
    issues = render_to_string(
        "admin/newsletter/includes/figures_table.html",
        {
            "caption": _("issues"),
            "headings": [_("all time")],
            "rows": [
                Row(
                    _("Issues"), [count(got.issues)], _("Built by its schedule or sent as alerts.")
                ),
                Row(_("Last sent"), [last_sent], _("When the last issue finished sending.")),
            ],
        },
    )
    deliveries = delivery_table(
        [_("last %(days)d days") % {"days": figures.RECENT_DAYS}, _("all time")],
        [got.recent, got.all_time],
    )
    return subscribers + issues + deliveries
