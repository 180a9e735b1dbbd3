"""Signals the shared building blocks send, so apps that derive data from others can follow.

``data_changed`` is sent after an import stores data (by ``core.importing.run_import``, which
every CLI import and web upload goes through, and by imports with their own driver). Apps that
keep summaries of other apps' data (capacity's scorecard and radar) listen to it and queue a
refresh, so the apps whose data changed never import them.
"""

from django.dispatch import Signal

# kwargs: what (str, e.g. "import:people survey rows"), report (ImportReport or None)
data_changed = Signal()
