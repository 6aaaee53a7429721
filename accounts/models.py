from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.text import nfc


class ReaderProfile(models.Model):
    """What a reader's account adds to Django's user: the name shown with their
    comments, their e-mail choices and whether moderators have banned them.

    Readers are users who are never staff: they sign in through allauth's pages only
    (accounts/adapter.py) and never reach the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reader",
    )
    display_name = models.CharField(
        _("display name"), max_length=50, help_text=_("Shown with your comments.")
    )
    notify_on_replies = models.BooleanField(
        _("e-mail me when my comment is approved or answered"), default=True
    )
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    ban_reason = models.CharField(_("ban reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = nfc(self.display_name).strip()
        super().save(*args, **kwargs)

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None
