"""The article admin's revision pages: a story's history, a word-level diff of one
revision against the one before it or the current story, a preview of any revision
and restoring one. `ArticleHistoryMixin` gives them to the article admin; every
change the admin makes is recorded as one revision by the editor who made it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from reversion.models import Version

from articles.models import Article
from articles.views import ArticlePreview
from articles.workflow import history


class RevisionPreview(ArticlePreview):
    """A revision shown with the readers' article template: staff only (the admin
    wraps it), never counted or indexed, like every preview."""

    def get_object(self, queryset=None):
        current = get_object_or_404(self.get_queryset(), pk=self.kwargs["object_id"])
        try:
            version = history.revision_of(current, self.kwargs["version_id"])
        except Version.DoesNotExist as error:
            raise Http404("No such revision.") from error
        return history.article_from_revision(version, current=current)


class ArticleHistoryMixin:
    """History, revision, revision preview and restore pages for `ArticleAdmin`."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        revision = "<path:object_id>/history/<int:version_id>/"
        return [
            path(
                revision,
                self.admin_site.admin_view(self.revision_view),
                name=f"{name}_revision",
            ),
            path(
                f"{revision}preview/",
                self.admin_site.admin_view(never_cache(self.revision_preview_view)),
                name=f"{name}_revision_preview",
            ),
            path(
                f"{revision}restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{name}_revision_restore",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with history.recording(user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _story_for(self, request, object_id, *, change=False) -> Article:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story.")
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def _revision_for(self, article, version_id):
        try:
            return history.revision_of(article, version_id)
        except Version.DoesNotExist as error:
            raise Http404("No such revision.") from error

    def history_view(self, request, object_id, extra_context=None):
        """The story's revisions, newest first (replaces Django's log-entry history)."""
        article = self._story_for(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(headline)s") % {"headline": article.headline},
            "opts": self.model._meta,
            "original": article,
            "revisions": history.revisions(article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_view(self, request, object_id, version_id):
        """One revision compared word by word with the previous one (`?against=current`:
        with the story as it is now)."""
        article = self._story_for(request, object_id)
        version = self._revision_for(article, version_id)
        against_current = request.GET.get("against") == "current"
        if against_current:
            older = version.field_dict
            newer = {name: getattr(article, name) for name in history.COMPARED_NAMES}
        else:
            previous = history.previous_revision(version)
            older = (
                previous.field_dict if previous else {"headline": "", "standfirst": "", "body": ""}
            )
            newer = version.field_dict
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revision of %(headline)s") % {"headline": article.headline},
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "against_current": against_current,
            "changes": history.compare(older, newer),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision.html", context)

    def revision_preview_view(self, request, object_id, version_id):
        self._story_for(request, object_id)
        return RevisionPreview.as_view()(request, object_id=object_id, version_id=version_id)

    @method_decorator(require_http_methods(["POST"]))
    def restore_view(self, request, object_id, version_id):
        """Restore the revision's text and relations as a new revision; the story's
        status and times stay as they are (see `history.RESTORED_FIELDS`)."""
        article = self._story_for(request, object_id, change=True)
        version = self._revision_for(article, version_id)
        history.restore(article, version, user=request.user)
        self.message_user(
            request,
            _("Restored the revision. The story's status and publish time did not change."),
            messages.SUCCESS,
        )
        opts = self.model._meta
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk])
        )
