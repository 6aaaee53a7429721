from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """`django.contrib.admin` with our site as `admin.site`, so every app's
    `admin.site.register(...)` and `@admin.register` lands on it unchanged."""

    default_site = "newsroom.staff.admin_site.StaffAdminSite"
