from django.apps import AppConfig


class LearningRecordsConfig(AppConfig):
    name = "smarterstate.learningrecords"
    label = "learningrecords"
    verbose_name = "Learning records (xAPI LRS)"
    # The skills pillar's person erasure and subject access export call these
    # (smarterstate.skills.services.privacy collects them: skills never imports this app).
    person_erasers = {
        "statements": "smarterstate.learningrecords.services.erasure.learning_records_erase"
    }
    person_exporters = {
        "learning_records": "smarterstate.learningrecords.selectors.learning_records_of"
    }
