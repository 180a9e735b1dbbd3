"""Queue a capacity refresh when another app's data changes (core.signals.data_changed).

The pillars never import capacity: they (and core's import driver) send the signal, and
capacity decides what to do with it. Queued on commit, so a rolled-back import (a dry run)
queues nothing.
"""

from django.db import transaction
from django.dispatch import receiver

from smarterstate.core.signals import data_changed


@receiver(data_changed, dispatch_uid="capacity-refresh-after-import")
def refresh_after_import(sender, what: str = "import", **kwargs) -> None:
    from .tasks import queue_refresh

    transaction.on_commit(lambda: queue_refresh(f"after {what}"))
