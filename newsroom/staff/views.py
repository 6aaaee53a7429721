from base64 import b32encode

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.staff import two_factor
from newsroom.staff.forms import AuthenticatorCodeForm


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(View):
    """Set up (or replace) the logged-in staff member's authenticator app: a QR code
    and the secret to type in, confirmed with one code; backup codes are shown once
    on success."""

    admin_site = None
    template_name = "admin/staff/two_factor.html"

    def get(self, request):
        return self.render(request, AuthenticatorCodeForm())

    def post(self, request):
        form = AuthenticatorCodeForm(request.POST)
        device = two_factor.pending_authenticator(request.user)
        if form.is_valid():
            if two_factor.confirm_authenticator(device=device, token=form.cleaned_data["token"]):
                otp_login(request, device)
                codes = two_factor.issue_backup_codes(user=request.user)
                messages.success(request, _("Two-factor sign-in is on."))
                return TemplateResponse(
                    request,
                    "admin/staff/backup_codes.html",
                    {**self.admin_site.each_context(request), "codes": codes},
                )
            form.add_error("token", _("That code is not right or has expired. Try the next one."))
        return self.render(request, form, status=400)

    def render(self, request, form, status=200):
        device = two_factor.pending_authenticator(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Two-factor sign-in"),
            "form": form,
            "enrolled": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "required": two_factor.needs_enrolment(request.user),
            # Made by qrcode from our own data, never from input.
            "qr_code": mark_safe(two_factor.qr_code_svg(device.config_url)),
            "secret": b32encode(device.bin_key).decode(),
        }
        return TemplateResponse(request, self.template_name, context, status=status)
