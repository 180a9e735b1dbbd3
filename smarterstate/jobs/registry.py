"""What a web upload may run as a background job, as each app declares it.

An app lists its uploads in its ``AppConfig.upload_importers``: a name (the
``importer`` of ``jobs.services.import_job_start``) → the dotted path of either

* an ``core.importing.Importer`` subclass, built with the job's ``importer_options``
  and run by ``core.importing.run_import`` (every import but one), or
* a function ``(*, job, paths, display_names, progress, **options) -> Report`` for
  an import with its own streaming path (OCDS, see docs/decisions/0008).

Collected here, so ``jobs`` names no higher app and a new importer is one line in
its own app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from smarterstate.core.importing import Importer, Report, run_import

from .models import Job


@cache
def upload_importers() -> dict[str, str]:
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        for name, dotted in getattr(config, "upload_importers", {}).items():
            if name in found:
                raise ValueError(f"two apps declare the upload importer {name!r}")
            found[name] = dotted
    return found


def is_upload_importer(name: str) -> bool:
    return name in upload_importers()


def run_upload_importer(
    name: str,
    *,
    job: Job,
    paths: list[str],
    display_names: dict[str, str],
    options: dict[str, Any],
    progress: Callable[[Report], None],
) -> Report:
    """Run the importer an app declared under ``name`` (KeyError if none did)."""
    runner = import_string(upload_importers()[name])
    if isinstance(runner, type) and issubclass(runner, Importer):
        return run_import(
            runner(**options),
            paths,
            progress=lambda report, _total: progress(report),
            display_names=display_names,
        )
    return runner(job=job, paths=paths, display_names=display_names, progress=progress, **options)
