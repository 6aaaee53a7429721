from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A partner's key to the read API: higher rate limits, nothing more (everything
    the API serves is public). Only the key's SHA-256 is stored; the key itself is
    shown once, when the key is made (`api.keys.issue_key`)."""

    name = models.CharField(_("partner"), max_length=150)
    prefix = models.CharField(
        _("prefix"), max_length=12, editable=False, help_text=_("The key's first characters.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
