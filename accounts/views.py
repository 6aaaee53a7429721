"""A signed-in reader's own pages: their profile, and deleting their account."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.readers import signed_in_reader


def reader_required(view):
    """Only for a signed-in reader (`request.reader`); anyone else, anonymous or staff,
    is sent to the readers' sign-in page."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        request.reader = signed_in_reader(request)
        if request.reader is None:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        return view(request, *args, **kwargs)

    return guarded


@require_http_methods(["GET", "POST"])
@reader_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.reader)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("reader_profile")
    return render(request, "accounts/profile.html", {"form": form, "reader": request.reader})


@require_http_methods(["GET", "POST"])
@reader_required
def delete(request):
    """After the reader confirms with their password, their user goes (what becomes of
    their comments is the comments' business: a receiver on the user's deletion)."""
    user = request.reader.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if form.is_valid():
        with transaction.atomic():
            logout(request)
            user.delete()
        return redirect("reader_deleted")
    return render(request, "accounts/delete.html", {"form": form})


@require_safe
def deleted(request):
    return render(request, "accounts/deleted.html")
