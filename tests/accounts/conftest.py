import re
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from tests import readers
from tests.readers import PASSWORD

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class Account:
    user: User
    email: str
    password: str = PASSWORD


def make_reader(email: str, display_name: str = "Ma Ei") -> Account:
    """A reader as sign-up and confirmation leave one: a verified primary address."""
    return Account(readers.make_reader(display_name, email=email).user, email)


@pytest.fixture
def reader(db) -> Account:
    return make_reader("ma.ei@example.org")


@pytest.fixture
def staff(db) -> Account:
    """An editor whose address is also known to allauth (as if it had one row)."""
    email = "editor@example.org"
    user = User.objects.create_user("editor", email, PASSWORD, is_staff=True)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return Account(user, email)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def page_without_tokens(response, *replace: str) -> str:
    """The page's HTML with its per-render CSRF token and the given strings (the
    address a reader typed) taken out, to compare two answers."""
    html = CSRF_TOKEN.sub("", response.content.decode())
    for text in replace:
        html = html.replace(text, "ADDRESS")
    return html
