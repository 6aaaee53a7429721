from django.urls import path

from sections import views

app_name = "sections"

urlpatterns = [
    path("<path:path>/", views.SectionDetail.as_view(), name="detail"),
]
