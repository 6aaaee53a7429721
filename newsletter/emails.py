"""Building newsletter e-mails: absolute links (on the site's address, `newsroom.site`),
RFC 8058 headers, multipart bodies.

What large mailbox providers ask of bulk senders is met here: a one-click
List-Unsubscribe (RFC 8058), a plain-text part beside the HTML, a stable Message-ID,
a Feedback-ID that groups complaints by issue (Gmail), and, through an e-mail service,
no open or click tracking unless NEWSLETTER_TRACKING says so (docs/deploy.md).

Each e-mail is in its newsletter's language (`Newsletter.language`), rendered under
`translation.override`: its words, subject and dates, and every link into the site in
that edition (`/my/...`, `/my/newsletter/...` for Burmese).
"""

from email.utils import formataddr, parseaddr
from urllib.parse import quote

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsletter.models import Delivery, Issue, Newsletter, Subscriber
from newsletter.tokens import make_confirm_token, make_preferences_token, make_unsubscribe_token
from newsroom.editions import edition_home
from newsroom.site import absolute_url, site_host

# Stand in the stored issue bodies for each recipient's own links.
UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"
PREFERENCES_PLACEHOLDER = "__PREFERENCES_URL__"


def _edition_url(name: str, *, token: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, kwargs={"token": token}))


def confirm_url(*subscribers: Subscriber, language: str) -> str:
    """The confirmation link for `subscribers` (one sign-up), on the newsletter page
    of edition `language`."""
    token = make_confirm_token(*(subscriber.pk for subscriber in subscribers))
    return _edition_url("newsletter:confirm", token=token, language=language)


def unsubscribe_url(subscriber: Subscriber, *, language: str, issue: Issue | None = None) -> str:
    """The one-click unsubscribe link (this newsletter only), on the newsletter page of
    edition `language`; with `issue`, the issue's figures count it."""
    token = make_unsubscribe_token(subscriber.pk, issue_id=issue.pk if issue else None)
    return _edition_url("newsletter:unsubscribe", token=token, language=language)


def preferences_url(subscriber: Subscriber, *, language: str) -> str:
    """The subscriber's preferences page (every newsletter, one address), in edition
    `language`: no account needed, the signed link is the key."""
    token = make_preferences_token(subscriber.pk)
    return _edition_url("newsletter:preferences", token=token, language=language)


def sender(newsletter: Newsletter) -> str:
    """The From header: the newsletter's sender name (or the site's) and the address
    of NEWSLETTER_FROM_EMAIL (by default DEFAULT_FROM_EMAIL's)."""
    address = parseaddr(settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((newsletter.sender_name or settings.SITE_NAME, address))


def edition_site_url(language: str) -> str:
    """The home of edition `language` on the site's address, without the final slash
    (the templates add it, as they do to SITE_URL)."""
    return absolute_url(edition_home(language)).rstrip("/")


def unsubscribe_mailto(subscriber: Subscriber) -> str | None:
    """The `mailto:` unsubscribe, when NEWSLETTER_UNSUBSCRIBE_MAILTO names a mailbox
    someone (or something) reads; None otherwise."""
    address = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO
    if not address:
        return None
    token = make_unsubscribe_token(subscriber.pk)
    return f"mailto:{address}?subject={quote('unsubscribe ' + token)}"


def list_headers(*, newsletter: Newsletter, subscriber: Subscriber, url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an Unsubscribe button that POSTs
    `List-Unsubscribe=One-Click` to `url` (and may offer the optional mailto)."""
    mailto = unsubscribe_mailto(subscriber)
    return {
        "List-Id": f"{newsletter.name} <{newsletter.slug}.{site_host()}>",
        "List-Unsubscribe": f"<{url}>, <{mailto}>" if mailto else f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def feedback_id(*, campaign: str | int, newsletter: Newsletter) -> str:
    """Gmail's Feedback-ID: its postmaster tools report spam complaints per value of
    each field, so the campaign (an issue's id, or "confirm"), its newsletter and the
    sender (the site) can be told apart. No reader in it."""
    return f"{campaign}:{newsletter.slug}:newsletter:{site_host()}"


def confirmation_message(*subscribers: Subscriber) -> AnymailMessage:
    """One e-mail asking to confirm `subscribers`: one address's subscriptions to the
    newsletters of one edition, chosen in one sign-up. Its link confirms them all; its
    footer and List-Unsubscribe headers are the first one's (the preferences page they
    lead to shows every newsletter of the address)."""
    first = subscribers[0]
    newsletters = [subscriber.newsletter for subscriber in subscribers]
    language = first.newsletter.language
    leave_url = unsubscribe_url(first, language=language)
    context = {
        "newsletter": first.newsletter,
        "newsletters": newsletters,
        "confirm_url": confirm_url(*subscribers, language=language),
        "unsubscribe_url": leave_url,
        "preferences_url": preferences_url(first, language=language),
        "site_name": settings.SITE_NAME,
        "site_url": edition_site_url(language),
        "max_age_days": settings.NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS,
    }
    with translation.override(language):
        if len(newsletters) == 1:
            subject = _("Please confirm your subscription to %(name)s") % {
                "name": first.newsletter.name
            }
        else:
            subject = _("Please confirm your newsletter subscriptions")
        headers = list_headers(newsletter=first.newsletter, subscriber=first, url=leave_url)
        headers["Feedback-ID"] = feedback_id(campaign="confirm", newsletter=first.newsletter)
        message = AnymailMessage(
            subject=subject,
            body=render_to_string("emails/confirm.txt", context),
            from_email=sender(first.newsletter),
            to=[first.email],
            headers=headers,
            tags=["confirmation"],
            track_opens=settings.NEWSLETTER_TRACKING,
            track_clicks=settings.NEWSLETTER_TRACKING,
        )
        message.attach_alternative(render_to_string("emails/confirm.html", context), "text/html")
    return message


def render_issue_bodies(
    *, newsletter: Newsletter, subject: str, articles, template: str | None = None
) -> tuple[str, str]:
    """HTML and text bodies of an issue, in its newsletter's language, with
    UNSUBSCRIBE_PLACEHOLDER and PREFERENCES_PLACEHOLDER for the recipient's links.

    `template` (default: the newsletter's) names the pair
    `emails/newsletters/<template>.html` and `.txt`.
    """
    with translation.override(newsletter.language):
        return _issue_bodies(
            newsletter=newsletter,
            subject=subject,
            articles=articles,
            template=template or newsletter.template,
        )


def _issue_bodies(*, newsletter: Newsletter, subject: str, articles, template: str):
    stories = [
        {
            "headline": article.headline,
            "standfirst": article.standfirst,
            "url": absolute_url(article.get_absolute_url()),
            "section": article.primary_section.local_name,
            # The e-mail crop around the focal point, a JPEG or PNG: Outlook shows no WebP.
            "image_url": (
                absolute_url(article.featured_image.email_card_url)
                if article.featured_image and article.featured_image.email_card_url
                else ""
            ),
            "image_alt": article.featured_image.alt_text if article.featured_image else "",
        }
        for article in articles
    ]
    context = {
        "newsletter": newsletter,
        "subject": subject,
        "stories": stories,
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": edition_site_url(newsletter.language),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": PREFERENCES_PLACEHOLDER,
    }
    return (
        render_to_string(f"emails/newsletters/{template}.html", context),
        render_to_string(f"emails/newsletters/{template}.txt", context),
    )


def issue_message_id(*, issue: Issue, subscriber: Subscriber) -> str:
    """The Message-ID of `issue` for `subscriber`, the same on every attempt, so a mail
    provider that already has the message can drop a repeat. The issue's creation time
    keeps it unique should the ids start again (a new database)."""
    created = f"{issue.created_at:%Y%m%d%H%M%S}"
    return f"<issue-{issue.pk}.reader-{subscriber.pk}.{created}@{site_host()}>"


def issue_message(
    *, issue: Issue, subscriber: Subscriber, delivery: Delivery | None = None, connection=None
) -> AnymailMessage:
    """The issue for one subscriber: the stored bodies with their own links.

    Through an e-mail service (django-anymail), the message names its `delivery`, so
    the service's webhooks find it again (`newsletter.deliverability`), is tagged with
    the newsletter, and says whether to track opens and clicks: NEWSLETTER_TRACKING,
    off by default, which overrides the service account's own default. SMTP ignores
    all three.
    """
    newsletter = issue.newsletter
    url = unsubscribe_url(subscriber, language=newsletter.language, issue=issue)
    links = {
        UNSUBSCRIBE_PLACEHOLDER: url,
        PREFERENCES_PLACEHOLDER: preferences_url(subscriber, language=newsletter.language),
    }
    headers = list_headers(newsletter=newsletter, subscriber=subscriber, url=url)
    headers["Message-ID"] = issue_message_id(issue=issue, subscriber=subscriber)
    headers["Feedback-ID"] = feedback_id(campaign=issue.pk, newsletter=newsletter)
    message = AnymailMessage(
        subject=issue.subject,
        body=_fill(issue.text_body, links),
        from_email=sender(newsletter),
        to=[subscriber.email],
        headers=headers,
        connection=connection,
        metadata={"delivery": delivery.pk} if delivery else {},
        tags=[newsletter.slug],
        track_opens=settings.NEWSLETTER_TRACKING,
        track_clicks=settings.NEWSLETTER_TRACKING,
    )
    message.attach_alternative(
        _fill(issue.html_body, {key: escape(value) for key, value in links.items()}),
        "text/html",
    )
    return message


def without_recipient_links(body: str) -> str:
    """A stored body with its recipient links going nowhere (for previews)."""
    return _fill(body, {UNSUBSCRIBE_PLACEHOLDER: "#", PREFERENCES_PLACEHOLDER: "#"})


def _fill(body: str, links: dict[str, str]) -> str:
    for placeholder, url in links.items():
        body = body.replace(placeholder, url)
    return body


def sample_issue_message(*, issue: Issue, to: str) -> EmailMultiAlternatives:
    """The issue as editors check it: marked as a test, its links pointing nowhere."""
    url = absolute_url(issue.newsletter.get_absolute_url())
    links = {UNSUBSCRIBE_PLACEHOLDER: url, PREFERENCES_PLACEHOLDER: url}
    with translation.override(issue.newsletter.language):
        subject = _("[Test] %(subject)s") % {"subject": issue.subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=_fill(issue.text_body, links),
        from_email=sender(issue.newsletter),
        to=[to],
    )
    message.attach_alternative(
        _fill(issue.html_body, {key: escape(value) for key, value in links.items()}),
        "text/html",
    )
    return message
