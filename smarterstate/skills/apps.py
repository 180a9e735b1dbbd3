from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "smarterstate.skills"
    label = "skills"
    verbose_name = "Skills and learning"
    # Uploads a background job may run (collected by smarterstate.jobs.registry).
    upload_importers = {
        "skills-people": "smarterstate.skills.importers.people_csv.PeopleCSVImporter",
        "skills-training-records": "smarterstate.skills.importers.training_csv.TrainingRecordsImporter",
    }
