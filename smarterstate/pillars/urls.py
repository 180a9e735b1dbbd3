from django.urls import path

from smarterstate.core.context_processors import PILLARS

from .views import pillar_placeholder

app_name = "pillars"
urlpatterns = [path(f"{key}/", pillar_placeholder(key, label), name=key) for key, label in PILLARS]
