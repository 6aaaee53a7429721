"""The "stop these e-mails" link in e-mails about a reader's comments.

GET shows one button and changes nothing (mail scanners follow links); POST, from that
button or a mail client's RFC 8058 one-click request, turns the e-mails off. Neither
needs a sign-in or a CSRF token: the signed token in the URL is the authority, and all
it can do is stop e-mails. Nothing here reads the session, so no cookie is set.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import ReaderProfile
from comments.tokens import InvalidToken, read_stop_token


@never_cache
@csrf_exempt  # RFC 8058 one-click POSTs carry no cookie; the signed token is the authority.
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request, token):
    try:
        profile_id = read_stop_token(token)
    except InvalidToken:
        message = _("This link is not valid. Please check that you copied all of it.")
        return render(request, "comments/stop_emails.html", {"message": message}, status=400)
    if request.method != "POST":
        return render(request, "comments/stop_emails.html", {"ask": True})
    if not ReaderProfile.objects.filter(pk=profile_id).update(notify_on_replies=False):
        message = _("We have no account for this link. You will not get our e-mails.")
        return render(request, "comments/stop_emails.html", {"message": message}, status=404)
    message = _(
        "Done: we will not e-mail you about your comments any more. You can turn these "
        "e-mails back on in your profile."
    )
    return render(request, "comments/stop_emails.html", {"message": message, "done": True})
