"""How allauth treats readers (settings.ACCOUNT_ADAPTER).

Readers and staff are kept apart: a reader's account is never staff, and a staff
account is a stranger to the readers' forms: signing in with its password fails
exactly as a wrong password does, and asking for a password reset answers exactly as
for an unknown address (accounts/tokens.py refuses staff reset links too).

E-mails name the site (SITE_NAME) and link to its one address (SITE_URL), never to
whatever Host the request carried."""

from types import SimpleNamespace
from urllib.parse import quote

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import ReaderProfile
from newsroom.clients import client_address
from newsroom.site import absolute_url, site_domain

# Messages for a page that shows none (readers land on a story after signing in or
# out). Left in the messages cookie they would keep every later page out of nginx's
# cache until some account page happened to show them.
UNSHOWN_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


def is_staff_account(user) -> bool:
    return user.is_staff or user.is_superuser


class ReaderAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new reader: never staff, and created with their profile (display name)."""
        user.is_staff = user.is_superuser = False
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            ReaderProfile.objects.create(user=user, display_name=form.cleaned_data["display_name"])
        return user

    def authenticate(self, request, **credentials):
        """A staff account's right password fails here like a wrong one, and counts
        towards the failed-login limit as one (which allauth took back on success)."""
        user = super().authenticate(request, **credentials)
        if user is not None and is_staff_account(user):
            self.pre_authenticate(request, **credentials)
            self.authentication_failed(request, **credentials)
            return None
        return user

    def send_password_reset_mail(self, user, email, context):
        if is_staff_account(user):
            self.send_unknown_account_mail(email)
            return
        super().send_password_reset_mail(user, email, context)

    def send_unknown_account_mail(self, email):
        """What allauth sends an address without an account that asked for a reset."""
        if app_settings.EMAIL_UNKNOWN_ACCOUNTS:
            context = {"signup_url": absolute_url(reverse("account_signup"))}
            self.send_mail("account/email/unknown_account", email, context)

    def send_mail(self, template_prefix, email, context):
        """Every e-mail names the site and links to SITE_URL (allauth would use the
        `sites` row and the request's host)."""
        context = {
            **context,
            "current_site": SimpleNamespace(name=settings.SITE_NAME, domain=site_domain()),
        }
        if "signup_url" in context:  # allauth's unknown-address e-mail builds its own
            context["signup_url"] = absolute_url(reverse("account_signup"))
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"[{settings.SITE_NAME}] {subject}"

    def send_account_already_exists_mail(self, email):
        context = {
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        """`key` is allauth's opaque "<uidb36>-<token>", which the URL takes whole."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in UNSHOWN_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_client_ip(self, request):
        """The one rule for a client's address (behind our proxies too)."""
        return client_address(request)
