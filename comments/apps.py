from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments under stories, and their moderation."""

    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from comments import signals  # noqa: F401 - connects the receivers
