"""Who is reading: a signed-in reader, found without costing anonymous readers.

Touching `request.user` reads the session, and a read session makes Django add
`Vary: Cookie`, which keeps a page out of every cache. Anonymous readers carry no
session cookie, so for them the answer is known without looking."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from accounts.models import ReaderProfile


def signed_in_reader(request) -> ReaderProfile | None:
    """The profile of the reader signed in on this request, or None (anonymous
    readers, staff, and users without a reader profile)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = request.user
    if not user.is_authenticated or user.is_staff:
        return None
    return ReaderProfile.objects.select_related("user").filter(user=user).first()


def reader(request) -> dict:
    """Context processor: `reader`, looked up only when a template uses it."""
    return {"reader": SimpleLazyObject(lambda: signed_in_reader(request))}
