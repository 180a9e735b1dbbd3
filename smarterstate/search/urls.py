from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("o/<slug:org_slug>/search/", views.search_page, name="page"),
]
