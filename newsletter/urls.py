from django.urls import path

from articles.page_cache import public_page
from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", public_page(views.subscribe), name="subscribe"),
    path("thanks/", public_page(views.thanks), name="thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
]
