from django.urls import path

from articles import beacon, search_views, views

app_name = "articles"

urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("tag/<uslug:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("author/<uslug:slug>/", views.AuthorArticleList.as_view(), name="author"),
    path("admin-upload/image/", views.editor_image_upload, name="editor-upload"),
    path("views/<int:article_id>/", beacon.view_beacon, name="view-beacon"),
    # An article lives under its primary section: /news/burma/<slug>/. The view hands
    # the request to the section page when the whole path is a section (news/burma).
    path("<path:section_path>/<uslug:slug>/", views.article_or_section, name="detail"),
]
