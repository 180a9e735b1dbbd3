"""Starting background jobs: the one entry point every upload (web form or API) goes through."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from .cleanup import upload_folder
from .models import Job
from .registry import is_upload_importer
from .tasks import run_import_job


def save_upload(job: Job, upload: UploadedFile) -> str:
    """Keep an upload for its job (the form's UploadField has held it to its limits);
    cleanup.py deletes it when the job ends."""
    folder = upload_folder(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / get_valid_filename(upload.name or "upload")
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(path)


# What an upload form says once the file is queued: not "Success", since nothing is checked yet.
UPLOADED = "File uploaded. It is being checked and imported: this page shows when that ends."


def import_job_start(
    *,
    importer: str,
    upload: UploadedFile,
    description: str,
    user,
    organisation=None,
    importer_options: dict | None = None,
    came_from: tuple[str, str] | None = None,
    results: tuple[str, str] | None = None,
) -> Job:
    """Save the upload and queue an import job for it; returns the Job.

    ``importer`` names one an app declares in its ``AppConfig.upload_importers``
    (see registry.py); ``importer_options`` go to it as keyword arguments.
    ``came_from`` and ``results`` are (link text, URL) pairs the job page links to: the
    page the upload was made from, and the page that shows what the import changed.
    """
    if not is_upload_importer(importer):
        raise ValueError(f"unknown importer {importer!r}")
    job = Job.objects.create(
        organisation=organisation,
        kind=f"import:{importer}",
        description=description,
        created_by=user,
    )
    path = save_upload(job, upload)
    job.arguments = {"importer": importer, "paths": [path], "options": importer_options or {}}
    for key, link in (("came_from", came_from), ("results", results)):
        if link:
            job.arguments[key] = {"text": link[0], "href": link[1]}
    job.save(update_fields=["arguments"])
    # Enqueue only once the job row is committed, or a fast worker could miss it.
    transaction.on_commit(lambda: enqueue_job(job, run_import_job))
    return job


def enqueue_job(job: Job, task) -> None:
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
