"""E-mail service webhooks (django-anymail): anymail checks each post and sends a
`tracking` signal per event, which `newsletter.deliverability` learns from
(connected in `newsletter.signals`).

Mailgun signs its posts (HMAC of a timestamp and a token) but anymail does not look
at the timestamp, so a captured post could be replayed for ever. This view also
refuses posts signed longer ago than NEWSLETTER_WEBHOOK_MAX_AGE_SECONDS: long enough
for Mailgun's own retries (up to 8 hours), short enough that an old complaint cannot
undo a later sign-up.
"""

import json
import time

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from django.conf import settings


class FreshMailgunTrackingWebhookView(MailgunTrackingWebhookView):
    def validate_request(self, request):
        # anymail runs every validate_request in the class chain: this one adds to
        # the basic auth and signature checks, it does not replace them.
        try:
            if request.content_type == "application/json":
                timestamp = json.loads(request.body)["signature"]["timestamp"]
            else:
                timestamp = request.POST["timestamp"]
            age = time.time() - float(timestamp)
        except (KeyError, TypeError, ValueError) as error:
            raise AnymailWebhookValidationFailure(
                "Mailgun webhook called without a readable timestamp"
            ) from error
        if abs(age) > settings.NEWSLETTER_WEBHOOK_MAX_AGE_SECONDS:
            raise AnymailWebhookValidationFailure("Mailgun webhook signed too long ago")
