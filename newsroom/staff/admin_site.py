from django.contrib import admin
from django.urls import path

from newsroom.staff import views
from newsroom.staff.forms import StaffLoginForm


class StaffAdminSite(admin.AdminSite):
    """Django's admin site with a login that asks for the second factor and a page
    where each staff member sets it up. Who may in without one is decided by
    `newsroom.staff.middleware` for every staff page, the admin's and others."""

    login_form = StaffLoginForm
    login_template = "admin/staff/login.html"

    def get_urls(self):
        return [
            path(
                "two-factor/",
                self.admin_view(views.TwoFactorView.as_view(admin_site=self)),
                name="staff-two-factor",
            ),
            *super().get_urls(),
        ]
