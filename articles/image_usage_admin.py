"""Deleting a library image names the stories that show it, on the delete page and
on the "delete selected" page: the image leaves their bodies, featured and share
images with it (articles.content.image_usage)."""

from django.contrib.admin.actions import delete_selected
from django.template.response import TemplateResponse

from articles.content.image_usage import stories_showing


def delete_selected_images(modeladmin, request, queryset):
    """Django's "delete selected" action, with the stories that show the images."""
    response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse):
        image_ids = queryset.values_list("pk", flat=True)
        response.context_data["stories_showing_images"] = stories_showing(image_ids)
    return response


class ImageUsageWarningMixin:
    delete_selected_confirmation_template = "admin/articles/image/delete_selected_confirmation.html"
    delete_confirmation_template = "admin/articles/image/delete_confirmation.html"

    def render_delete_form(self, request, context):
        context["stories_showing_images"] = stories_showing([context["object"].pk])
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _action, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_images, name, description)
        return actions
