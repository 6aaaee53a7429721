"""A reader's newsletters, one address at a time: what the preferences page shows for
each newsletter, and saving the reader's choices.

The page is reached by the signed, non-expiring link in the footer of every e-mail we
send (`tokens.make_preferences_token`). Whoever opens it has read mail sent to that
address, which is what double opt-in asks a reader to prove: so joining a newsletter
from the page confirms it at once, with no second e-mail, and so does choosing to
receive one awaiting confirmation or one that stopped after bounces or a spam
complaint (the reader asks for it again, on purpose).
"""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsletter import subscriptions
from newsletter.models import Newsletter, Subscriber


class Choice(models.TextChoices):
    """What a reader may choose for each newsletter."""

    KEEP = "keep", _("No change")
    RECEIVE = "receive", _("Receive it")
    PAUSE_WEEK = "pause-week", _("Pause for a week")
    PAUSE_MONTH = "pause-month", _("Pause for a month")
    PAUSE = "pause", _("Pause until I resume")
    LEAVE = "leave", _("Don't receive it")


PAUSE_LENGTHS = {Choice.PAUSE_WEEK: timedelta(days=7), Choice.PAUSE_MONTH: timedelta(days=30)}
PAUSES = {Choice.PAUSE_WEEK, Choice.PAUSE_MONTH, Choice.PAUSE}


class State(enum.Enum):
    RECEIVING = "receiving"
    PAUSED = "paused"
    PENDING = "pending"
    NOT_SUBSCRIBED = "not-subscribed"


@dataclass
class Entry:
    """One newsletter on the page, with this address's subscription to it (if any)."""

    newsletter: Newsletter
    subscriber: Subscriber | None

    @property
    def state(self) -> State:
        status = self.subscriber.status if self.subscriber else None
        if status == Subscriber.Status.PENDING:
            return State.PENDING
        if status != Subscriber.Status.CONFIRMED:
            return State.NOT_SUBSCRIBED
        return State.PAUSED if self.subscriber.is_paused else State.RECEIVING

    @property
    def resume_at(self) -> datetime | None:
        """When a pause ends (None: when the reader resumes it, or not paused)."""
        return self.subscriber.resume_at if self.state == State.PAUSED else None

    @property
    def current_choice(self) -> Choice:
        """The choice that leaves it as it is: the page's preselected option."""
        state = self.state
        if state == State.RECEIVING:
            return Choice.RECEIVE
        if state == State.PAUSED:
            return Choice.KEEP if self.resume_at else Choice.PAUSE
        if state == State.PENDING:
            return Choice.KEEP
        return Choice.LEAVE

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The options offered: "no change" only where no other one leaves it as it is
        (a pause with an end, a subscription awaiting confirmation)."""
        offered = [choice for choice in Choice if choice != Choice.KEEP]
        if self.current_choice == Choice.KEEP:
            offered.insert(0, Choice.KEEP)
        return [(choice.value, choice.label) for choice in offered]


def masked_address(email: str) -> str:
    """Enough of the address for its owner to know it, e.g. `ma•••@example.org`: the
    page may be open on a shared screen."""
    local, _at, domain = email.rpartition("@")
    shown = local[:2] if len(local) > 3 else local[:1]
    return f"{shown}•••@{domain}"


def _of_address(email: str):
    return Subscriber.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


def entries(*, email: str, language: str) -> list[Entry]:
    """Every newsletter offered to readers and any other one this address still gets
    or awaits, with its subscription: edition `language`'s first, each edition's
    default first, then oldest first. Two queries."""
    subscribers = {
        subscriber.newsletter_id: subscriber
        for subscriber in _of_address(email).select_related("newsletter")
    }
    newsletters = {
        newsletter.pk: newsletter for newsletter in Newsletter.objects.filter(is_public=True)
    }
    for subscriber in subscribers.values():
        if subscriber.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING):
            newsletters.setdefault(subscriber.newsletter_id, subscriber.newsletter)
    editions = [code for code, _name in settings.LANGUAGES]

    def order(newsletter: Newsletter):
        return (
            newsletter.language != language,
            editions.index(newsletter.language) if newsletter.language in editions else 0,
            newsletter.slug != subscriptions.default_newsletter_slug(),
            newsletter.created_at,
            newsletter.pk,
        )

    return [
        Entry(newsletter, subscribers.get(newsletter.pk))
        for newsletter in sorted(newsletters.values(), key=order)
    ]


def save_choices(
    *, email: str, choices: Mapping[Newsletter, str], now: datetime | None = None
) -> None:
    """Apply the reader's choice for each newsletter, all in one transaction.

    Receiving (or pausing, which is receiving later) a newsletter the address is not
    on joins it, confirmed (see the module docstring). A pause keeps when it began if
    the newsletter was already paused; receiving ends it. Leaving is an unsubscribe
    from that newsletter only (`subscriptions.unsubscribe`). KEEP changes nothing, and
    so does any choice that matches how the newsletter already is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so a one-click unsubscribe arriving meanwhile waits for this to end.
        subscribers = {
            subscriber.newsletter_id: subscriber
            for subscriber in _of_address(email)
            .select_for_update()
            .filter(newsletter__in=list(choices))
        }
        for newsletter, choice in choices.items():
            subscriber = subscribers.get(newsletter.pk)
            if choice == Choice.LEAVE:
                if subscriber is not None:
                    subscriptions.unsubscribe(subscriber_id=subscriber.pk)
            elif choice != Choice.KEEP:
                subscriber = subscriber or _join(newsletter=newsletter, email=email, now=now)
                _receive(subscriber, choice=Choice(choice), now=now)


def _join(*, newsletter: Newsletter, email: str, now: datetime) -> Subscriber:
    """A new, confirmed subscription of this address, or the one a sign-up made a
    moment ago (which `_receive` then confirms)."""
    try:
        with transaction.atomic():
            return Subscriber.objects.create(
                newsletter=newsletter,
                email=email,
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
    except IntegrityError:
        return _of_address(email).select_for_update().get(newsletter=newsletter)


def _receive(subscriber: Subscriber, *, choice: Choice, now: datetime) -> None:
    """Confirm `subscriber` if it is not, and set its pause as `choice` says."""
    changed = []
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        changed += ["status", "confirmed_at"]
    if choice in PAUSES:
        paused_at = subscriber.paused_at if subscriber.is_paused else now
        resume_at = now + PAUSE_LENGTHS[choice] if choice in PAUSE_LENGTHS else None
    else:
        paused_at = resume_at = None
    if (subscriber.paused_at, subscriber.resume_at) != (paused_at, resume_at):
        subscriber.paused_at, subscriber.resume_at = paused_at, resume_at
        changed += ["paused_at", "resume_at"]
    if changed:
        subscriber.save(update_fields=changed)
