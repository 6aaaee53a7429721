"""An e-mail's HTML as the admin shows it, framed in its own pages (issues, alerts)."""

from django.http import HttpResponse

from newsletter import emails


def email_preview_response(stored_html: str) -> HttpResponse:
    """`stored_html` (an issue's body, its recipient links going nowhere) under a policy
    of its own: e-mail markup needs inline styles and shows images from anywhere; it
    runs no script. Unlike every other page, it may be framed, by the admin's own."""
    response = HttpResponse(emails.without_recipient_links(stored_html))
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    )
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
