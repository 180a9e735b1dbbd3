from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in.

    What they may see and change comes from their memberships of
    organisations, except for two user-wide roles: superusers (everything) and
    central analysts, who read every organisation and write none.
    """

    is_central_analyst = models.BooleanField(
        "central analyst",
        default=False,
        help_text="Reads every organisation's data to compare bodies; cannot change any.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    def __str__(self) -> str:
        return self.get_full_name() or self.username
