from django.contrib import admin, messages
from django.utils.translation import gettext as _

from api.keys import issue_key
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "prefix"]
    fields = ["name", "is_active", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = issue_key(obj)
        messages.warning(
            request,
            _(
                "The key for %(name)s is %(key)s — copy it now: it is shown only this once "
                "and cannot be read again."
            )
            % {"name": obj.name, "key": key},
        )
