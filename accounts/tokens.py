"""Password-reset links for readers only (ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from accounts.adapter import is_staff_account


class ReaderPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of their own kind (a token made for any other reset form does not work
    here), never valid for a staff account: staff reset passwords through the admin."""

    key_salt = "accounts.tokens.ReaderPasswordResetTokenGenerator"

    def check_token(self, user, token):
        if user is not None and is_staff_account(user):
            return False
        return super().check_token(user, token)
