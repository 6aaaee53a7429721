from django.urls import path

from comments import notification_views

app_name = "comment_emails"

urlpatterns = [
    path("stop-emails/<str:token>/", notification_views.stop, name="stop"),
]
