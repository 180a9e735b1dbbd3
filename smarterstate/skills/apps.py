from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "smarterstate.skills"
    label = "skills"
    verbose_name = "Skills and learning"
