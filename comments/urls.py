from django.urls import path

from articles.page_cache import public_page
from comments import feeds, notification_views, views

app_name = "comments"

urlpatterns = [
    path("story/<int:article_id>/", views.post_comment, name="post"),
    path("story/<int:article_id>/feed/", public_page(feeds.StoryCommentsFeed()), name="feed"),
    path("<int:comment_id>/report/", views.report_comment, name="report"),
    # The signed "stop these e-mails" link of comment e-mails.
    path("stop-emails/<str:token>/", notification_views.stop, name="stop-emails"),
]
