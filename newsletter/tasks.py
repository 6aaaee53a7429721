"""Newsletter work that runs in the background worker (`manage.py db_worker`), after
the request that asked for it has been answered."""

from django.dispatch import receiver
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from newsletter import sending, subscriptions
from newsletter.models import Issue


@task()
def record_signup(
    *,
    email: str,
    source: str,
    language: str | None = None,
    newsletters: list[str] | None = None,
    newsletter: str = "",
) -> None:
    """Store a sign-up and mail its confirmation, if one is due.

    The sign-up view only enqueues this, the same row for every address, so its answer
    takes the same time (and the same SQL) whether the address is new, pending or
    confirmed: looking the address up, storing a new one and mailing it all happen
    here. A refused e-mail fails the task (its row keeps the error); the service has
    lifted the resend throttle, so signing up again retries.

    The sign-up joins the newsletters of edition `language` (default: the default
    language's) with the slugs `newsletters`, or that edition's default one; ONE
    e-mail asks to confirm every one of them now awaiting confirmation. `newsletter`
    (one slug) is how sign-ups queued before a reader could choose several name theirs.
    """
    slugs = newsletters or ([newsletter] if newsletter else [])
    due = []
    for joined in subscriptions.signup_newsletters(language=language, slugs=slugs):
        subscriber = subscriptions.subscribe(email=email, source=source, newsletter=joined)
        if subscriber is not None:
            due.append(subscriber)
    if due:
        subscriptions.send_confirmation(subscribers=due)


@receiver(task_finished, dispatch_uid="newsletter_forget_finished_signup")
def forget_finished_signup(sender, task_result, **kwargs):
    """A sign-up's task row holds the reader's address: once the work is done, the
    row goes. A failed one stays, with its error, for the operator (README: prune
    them daily); the address itself is then in the subscriber table anyway."""
    if (
        task_result.task.func is record_signup.func
        and task_result.status == TaskResultStatus.SUCCESSFUL
    ):
        DBTaskResult.objects.filter(pk=task_result.id).delete()


@task()
def send_issue(*, issue_id: int) -> None:
    """Send an issue's deliveries: a breaking news alert, moments after an editor
    confirmed it (`newsletter.alerts`). If the worker dies mid-list, the
    `send_newsletter --all` timer finishes the issue; if the mail server goes away,
    the task fails with the error and the timer finishes it too."""
    sending.send_issue(issue=Issue.objects.get(pk=issue_id))
