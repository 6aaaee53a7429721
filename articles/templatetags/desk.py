"""`{% editors_desk %}`: the desk on the admin's front page (templates/admin/index.html)."""

from django import template

from articles.workflow.desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def editors_desk(context):
    """Nothing for staff who cannot see stories (say, newsletter-only accounts)."""
    user = context["request"].user
    return {"desk": desk_for(user) if user.has_perm("articles.view_article") else None}
