"""The soft lock's heartbeat: the change page's script (static/admin/js/edit_lock.js)
posts here while the page is open, and shows what comes back."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.workflow import locks, roles


@staff_member_required
@require_POST
def editing_heartbeat(request, article_id: int):
    """Keep this editor recorded on the story (or drop them when the page posts
    `leaving`), and answer with the notices the page shows: who else has it open, and
    whether it was saved since the page's form was opened."""
    article = Article.objects.filter(pk=article_id).only("status", "created_by", "edit_version")
    article = article.first()
    if article is None:
        raise Http404("No such article.")
    # Only someone who may edit the story is "editing" it (roles: a contributor their
    # own draft), so nobody else can put their name on a colleague's page.
    if not roles.can_edit(request.user, article):
        raise PermissionDenied
    version = article.edit_version
    if request.POST.get("leaving"):
        locks.stop_editing(article_id=article_id, user=request.user)
        return HttpResponse(status=204)
    others = locks.note_editing(article_id=article_id, user=request.user)
    notices = [editor.notice() for editor in others]
    if request.POST.get("edit_version") != str(version):
        notices.append(
            _(
                "This story was saved by someone else after you opened it: saving now "
                "will be refused. Reload the page to edit the newest version."
            )
        )
    return JsonResponse({"notices": notices})
