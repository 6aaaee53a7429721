"""Public newsletter pages: sign up, confirm, unsubscribe.

Cross-site request forgery and cached pages
--------------------------------------------
The sign-up box sits in the footer and sidebar of every public page, and those pages
must be byte-identical for all anonymous readers so a cache or CDN can keep them. A
per-reader CSRF token cannot be in them, and the box must work without JavaScript, so
fetching a token by script is no answer either.

So the sign-up POST does not use Django's token. It is still protected against
forgery: `same_origin_post` accepts it only when the browser says it comes from this
site, by the `Origin` header (sent with every form POST by current browsers) or, if
that is missing, by a same-site `Referer`, the checks Django's own CSRF middleware
starts with. A POST carrying neither is refused with a 403 page that explains why. A
forged sign-up could at worst put an address in `pending` and send it one
(throttled) confirmation e-mail; the honeypot and a per-client rate limit stand
behind the origin check.

Confirm, unsubscribe and preferences POSTs need no CSRF token either: the signed
token in the URL is the authority (RFC 8058 one-click unsubscribes come from mail
providers' servers, with no cookies and no Origin), and nobody can forge a POST for a
token they do not have. The preferences page is reached from an e-mail, often in
another browser than the one that signed up or with cookies refused, and has no
account behind it: a CSRF cookie would only make its form fail for those readers,
while protecting nothing the token does not.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from newsletter import preferences as reader_preferences
from newsletter import subscriptions, tasks
from newsletter.forms import PreferencesForm, SignupForm
from newsletter.models import Subscriber
from newsletter.tokens import (
    ExpiredToken,
    InvalidToken,
    make_preferences_token,
    read_confirm_token,
    read_preferences_token,
    read_unsubscribe_token,
)
from newsroom.editions import edition_language

SIGNUP_THANKS = gettext_lazy(
    "Thank you. If this address is not already subscribed, we have sent it an e-mail: "
    "press the button in it to confirm your subscription."
)


def same_origin_post(request) -> bool:
    """Did the browser send this POST from one of our own pages?"""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return False
        try:
            parts = urlsplit(referer)
        except ValueError:  # e.g. an unclosed "[" in an IPv6 host
            return False
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    scheme = "https" if request.is_secure() else "http"
    return origin == f"{scheme}://{request.get_host()}"


def _wants_json(request) -> bool:
    """The sign-up script asks for JSON; a plain form POST asks for HTML."""
    return "application/json" in request.headers.get("Accept", "")


def _signup_answer(request, *, form, status, message=""):
    if _wants_json(request):
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return JsonResponse(
            {"ok": status < 400, "message": message, "errors": errors}, status=status
        )
    context = {**_edition_context(), "form": form, "message": message}
    return render(request, "newsletter/subscribe.html", context, status=status)


def _edition_context() -> dict:
    """The page's edition's (its URL's) default newsletter, and the newsletters it
    offers, its default first."""
    newsletters = subscriptions.edition_newsletters()
    offered = [newsletter for newsletter in newsletters if newsletter.is_public]
    return {"newsletter": newsletters[0], "newsletters": offered}


@csrf_exempt  # Protected by same_origin_post instead; see the module docstring.
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """GET: the newsletter page. POST: a sign-up from that page or any sign-up box."""
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html", _edition_context())
    if not same_origin_post(request):
        message = _(
            "We could not accept this sign-up because your browser did not say which "
            "site sent it. Please use the form on our newsletter page."
        )
        return _signup_answer(request, form=SignupForm(), status=403, message=message)
    usage = get_usage(
        request,
        group="newsletter.subscribe",
        key="ip",
        rate=settings.NEWSLETTER_SIGNUP_RATE,
        method="POST",
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        message = _("Too many sign-ups from your network. Please try again later.")
        response = _signup_answer(request, form=SignupForm(), status=429, message=message)
        # The counter's window ends in time_left seconds (-1 if the cache failed).
        response["Retry-After"] = str(max(usage["time_left"], 1))
        return response
    form = SignupForm(request.POST)
    if form.is_spam:
        # Answer a bot as if it had succeeded, so it learns nothing; record nothing.
        return _signup_success(request)
    if not form.is_valid():
        return _signup_answer(request, form=form, status=400)
    # Everything that depends on the address (looking it up, storing a new one, the
    # e-mail) runs in the background worker: here every address costs the same insert.
    tasks.record_signup.enqueue(
        email=form.cleaned_data["email"],
        source=form.cleaned_data["source"],
        language=edition_language(),
        newsletters=[newsletter.slug for newsletter in form.cleaned_data["newsletter"]],
    )
    return _signup_success(request)


def _signup_success(request):
    if _wants_json(request):
        return _signup_answer(request, form=SignupForm(), status=200, message=str(SIGNUP_THANKS))
    return redirect("newsletter:thanks")


def thanks(request):
    """Where a sign-up without JavaScript lands (Post/Redirect/Get)."""
    return render(
        request, "newsletter/thanks.html", {**_edition_context(), "message": SIGNUP_THANKS}
    )


def _token_problem(request, error: InvalidToken, *, action: str):
    if isinstance(error, ExpiredToken):
        message = _("This link has expired. Please sign up again to get a new one.")
        status = 410
    else:
        message = _("This link is not valid. Please check that you copied all of it.")
        status = 400
    context = {"title": action, "message": message}
    return render(request, "newsletter/message.html", context, status=status)


@never_cache
@csrf_exempt  # The signed token in the URL is the authority; see the module docstring.
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a Confirm button and changes nothing (mail scanners follow links);
    only the POST from that button confirms."""
    title = _("Confirm your subscription")
    try:
        subscriber_ids = read_confirm_token(token)
    except InvalidToken as error:
        return _token_problem(request, error, action=title)
    if request.method != "POST":
        return render(request, "newsletter/confirm.html", {"title": title})
    outcome = subscriptions.confirm(subscriber_ids=subscriber_ids)
    answers = {
        subscriptions.ConfirmOutcome.CONFIRMED: (
            200,
            _("You are subscribed. The next briefing will arrive in your inbox."),
        ),
        subscriptions.ConfirmOutcome.ALREADY_CONFIRMED: (200, _("You are already subscribed.")),
        subscriptions.ConfirmOutcome.UNSUBSCRIBED: (
            409,
            _(
                "This address has been unsubscribed, so this link no longer works. "
                "To subscribe again, please sign up again."
            ),
        ),
        subscriptions.ConfirmOutcome.NOT_FOUND: (
            404,
            _("We have no sign-up for this link any more. Please sign up again."),
        ),
    }
    status, message = answers[outcome]
    context = {"title": title, "message": message}
    if outcome != subscriptions.ConfirmOutcome.NOT_FOUND:
        context["preferences_url"] = _preferences_path(subscriber_ids[0])
    return render(request, "newsletter/message.html", context, status=status)


def _preferences_path(subscriber_id: int) -> str:
    """The preferences page of a subscriber's address, in the page's edition."""
    token = make_preferences_token(subscriber_id)
    return reverse("newsletter:preferences", kwargs={"token": token})


@never_cache
@csrf_exempt  # RFC 8058 one-click POSTs carry no cookie; the signed token is the authority.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows one Unsubscribe button; POST (that button, or a mail client's RFC 8058
    one-click request) unsubscribes."""
    title = _("Unsubscribe")
    try:
        subscriber_id, issue_id = read_unsubscribe_token(token)
    except InvalidToken as error:
        return _token_problem(request, error, action=title)
    if request.method != "POST":
        return render(request, "newsletter/unsubscribe.html", {"title": title})
    if not subscriptions.unsubscribe(subscriber_id=subscriber_id, issue_id=issue_id):
        message = _("We have no subscription for this link. You will not get our e-mails.")
        context = {"title": title, "message": message}
        return render(request, "newsletter/message.html", context, status=404)
    message = _("You are unsubscribed and will not get any more of these e-mails.")
    context = {
        "title": title,
        "message": message,
        "preferences_url": _preferences_path(subscriber_id),
    }
    return render(request, "newsletter/message.html", context)


@never_cache
@csrf_exempt  # The signed token in the URL is the authority; see the module docstring.
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """Every newsletter and what the link's address gets of each; a POST saves the
    reader's choice for each at once (`newsletter.preferences`) and shows the page
    again with the new states."""
    title = _("Your newsletters")
    try:
        subscriber_id = read_preferences_token(token)
    except InvalidToken as error:
        return _token_problem(request, error, action=title)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        message = _("We have no subscription for this link. You will not get our e-mails.")
        context = {"title": title, "message": message}
        return render(request, "newsletter/message.html", context, status=404)
    language = edition_language()
    entries = reader_preferences.entries(email=subscriber.email, language=language)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(entries, request.POST)
        if form.is_valid():
            reader_preferences.save_choices(email=subscriber.email, choices=form.chosen())
            entries = reader_preferences.entries(email=subscriber.email, language=language)
            form = PreferencesForm(entries)
            saved = True
    else:
        form = PreferencesForm(entries)
    context = {
        "title": title,
        "form": form,
        "saved": saved,
        "address": reader_preferences.masked_address(subscriber.email),
        "edition_language": language,
    }
    status = 400 if form.errors else 200
    return render(request, "newsletter/preferences.html", context, status=status)
