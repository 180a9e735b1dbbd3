from django.apps import AppConfig


class LearningRecordsConfig(AppConfig):
    name = "smarterstate.learningrecords"
    label = "learningrecords"
    verbose_name = "Learning records (xAPI LRS)"
