"""Deleting a library image names the stories and bylines that show it, on the
delete page and on the "delete selected" page: the image leaves their bodies,
featured and share images and the authors' photos with it
(articles.content.image_usage)."""

from django.contrib.admin.actions import delete_selected
from django.template.response import TemplateResponse

from articles.content.image_usage import authors_pictured, stories_showing


def delete_selected_images(modeladmin, request, queryset):
    """Django's "delete selected" action, with the stories and bylines that show the
    images."""
    response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse):
        image_ids = list(queryset.values_list("pk", flat=True))
        response.context_data.update(uses_of(image_ids))
    return response


def uses_of(image_ids: list[int]) -> dict:
    return {
        "stories_showing_images": stories_showing(image_ids),
        "authors_pictured": authors_pictured(image_ids),
    }


class ImageUsageWarningMixin:
    delete_selected_confirmation_template = "admin/articles/image/delete_selected_confirmation.html"
    delete_confirmation_template = "admin/articles/image/delete_confirmation.html"

    def render_delete_form(self, request, context):
        context.update(uses_of([context["object"].pk]))
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _action, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_images, name, description)
        return actions
