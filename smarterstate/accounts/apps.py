from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smarterstate.accounts"
    label = "accounts"
