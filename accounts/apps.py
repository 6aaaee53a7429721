from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Readers' accounts (django-allauth): sign-up, sign-in, profile, deletion."""

    name = "accounts"
    verbose_name = "Reader accounts"
