from django.urls import path

from articles.lite import feeds, views
from articles.lite.style import with_lite_style
from articles.page_cache import public_page

app_name = "lite"

urlpatterns = [
    path("", public_page(with_lite_style(views.LiteHome.as_view())), name="home"),
    path("feed/", public_page(feeds.LiteFeed()), name="feed"),
    # Above the page pattern, which would read "feed" as a slug.
    path("<path:path>/feed/", public_page(feeds.LiteSectionFeed()), name="section-feed"),
    path("<path:path>/", public_page(with_lite_style(views.lite_page)), name="page"),
]
