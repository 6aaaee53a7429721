"""Newsletter work that runs in the background worker (`manage.py db_worker`), after
the request that asked for it has been answered."""

from django_tasks import task

from newsletter import subscriptions


@task()
def record_signup(*, email: str, source: str) -> None:
    """Store a sign-up and mail its confirmation, if one is due.

    The sign-up view only enqueues this, the same row for every address, so its answer
    takes the same time (and the same SQL) whether the address is new, pending or
    confirmed: looking the address up, storing a new one and mailing it all happen
    here. A refused e-mail fails the task (its row keeps the error); the service has
    lifted the resend throttle, so signing up again retries.
    """
    due = subscriptions.subscribe(email=email, source=source)
    if due is not None:
        subscriptions.send_confirmation(subscriber=due)
