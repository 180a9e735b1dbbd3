from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "smarterstate.search"
    label = "search"
    verbose_name = "Search"
