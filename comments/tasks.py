"""E-mails about comments, sent by the background worker (`manage.py db_worker`) after
the moderator's or reader's request has been answered. A task holds only the comment's
id: whether the e-mail is still due is decided when it runs (comments/emails.py)."""

from django_tasks import task

from comments import emails


@task()
def send_approval_notice(*, comment_id: int) -> None:
    emails.send_approval_notice(comment_id)


@task()
def send_reply_notice(*, reply_id: int) -> None:
    emails.send_reply_notice(reply_id)
