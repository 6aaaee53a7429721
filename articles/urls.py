from django.urls import path

from articles import embed_views, views
from articles.content import views as content_views
from articles.page_cache import public_page
from articles.readership import views as readership_views
from articles.search import views as search_views
from articles.seo import feeds
from articles.workflow import lock_views

app_name = "articles"

# Every edition has these, under its prefix (newsroom/editions.py); the site-wide
# sitemaps and robots.txt are in articles/seo/urls.py.

urlpatterns = [
    path("", public_page(views.HomePage.as_view()), name="home"),
    path("search/", public_page(search_views.search_page), name="search"),
    path("search/suggest/", search_views.suggest, name="suggest"),
    path("feed/", public_page(feeds.LatestStoriesFeed()), name="feed"),
    path("feed/atom/", public_page(feeds.LatestStoriesAtomFeed()), name="feed-atom"),
    path("tag/<uslug:slug>/feed/", public_page(feeds.TagFeed()), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", public_page(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("author/<uslug:slug>/feed/", public_page(feeds.AuthorFeed()), name="author-feed"),
    path(
        "author/<uslug:slug>/feed/atom/",
        public_page(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),
    path("corrections/", public_page(views.CorrectionList.as_view()), name="corrections"),
    path("corrections/feed/", public_page(feeds.CorrectionsFeed()), name="corrections-feed"),
    path(
        "corrections/feed/atom/",
        public_page(feeds.CorrectionsAtomFeed()),
        name="corrections-feed-atom",
    ),
    path("tag/<uslug:slug>/", public_page(views.TagArticleList.as_view()), name="tag"),
    path("author/<uslug:slug>/", public_page(views.AuthorArticleList.as_view()), name="author"),
    path("similar/<int:pk>/", public_page(views.SimilarArticleList.as_view()), name="similar"),
    path("admin-upload/image/", content_views.editor_image_upload, name="editor-upload"),
    path("admin-library/images/", content_views.image_library, name="image-library"),
    path("admin-editing/<int:article_id>/", lock_views.editing_heartbeat, name="editing-heartbeat"),
    path("embed/frame/", embed_views.embed_frame, name="embed-frame"),
    path("views/<int:article_id>/", readership_views.view_beacon, name="view-beacon"),
    path("preview/<str:token>/", views.ArticlePreview.as_view(), name="preview"),
    # Section feeds sit above the page pattern, which would read "feed" as a slug.
    path("<path:path>/feed/", public_page(feeds.SectionFeed()), name="section-feed"),
    path("<path:path>/feed/atom/", public_page(feeds.SectionAtomFeed()), name="section-feed-atom"),
    # Last, as it matches any path: a section (/news/burma/) or an article under its
    # primary section (/news/burma/<slug>/).
    path("<path:path>/", public_page(views.section_or_article), name="page"),
]
