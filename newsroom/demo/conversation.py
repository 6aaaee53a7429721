"""Readers' comments on the newest demo stories: a thread to read under a story, and
a few comments waiting in the moderation queue (Admin › Comments).

The commenters cannot sign in (no usable password); the demo reader login
(newsroom/demo/accounts.py) is the one to try commenting with. Comments are added in
bulk, so no notification e-mail goes out for them."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import ReaderProfile
from articles.models import Article
from comments.models import Comment

COMMENTERS = [
    ("Ko Zaw", "ko.zaw@example.org"),
    ("မဖြူဖြူ", "ma.phyu@example.org"),
    ("Saw Htoo", "saw.htoo@example.org"),
]
# Under each story: the first commenter asks, the second answers, the third adds a
# link; one more of the third's waits for a moderator on the newest story.
QUESTION = "Thank you for reporting this. Is there word from the townships further north?"
ANSWER = "မြောက်ပိုင်းမြို့နယ်များမှ သတင်းများ မနက်ဖြန် ထပ်မံဖော်ပြပါမည်။"
LINK = "More photos of the market reopening here: https://example.org/photos"
WAITING = "Is this confirmed by a second source?"


def ensure_demo_comments(stories: int = 3) -> int:
    """Add the demo comments when there are none; return how many were added."""
    if Comment.objects.exists():
        return 0
    newest = list(Article.objects.published().order_by("-publish_at")[:stories])
    if not newest:
        return 0
    with transaction.atomic():
        asker, answerer, linker = (_commenter(name, email) for name, email in COMMENTERS)
        approved = Comment.Status.APPROVED
        first = Comment.objects.bulk_create(
            Comment(article=story, author=asker, body=QUESTION, status=approved) for story in newest
        )
        answers = [
            Comment(article=story, author=answerer, body=ANSWER, status=approved, parent=asked)
            for story, asked in zip(newest, first, strict=True)
        ]
        links = [
            Comment(article=story, author=linker, body=LINK, status=approved) for story in newest
        ]
        waiting = Comment(article=newest[0], author=linker, body=WAITING)
        rest = Comment.objects.bulk_create([*answers, *links, waiting])
    return len(first) + len(rest)


def _commenter(name: str, email: str):
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email}
    )
    if created:
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        ReaderProfile.objects.create(user=user, display_name=name)
    return user
