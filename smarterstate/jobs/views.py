from django.shortcuts import render

from smarterstate.authz import Level, get_object, platform_admin, scope
from smarterstate.authz.views import requires
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .models import Job

REFRESH_SECONDS = 5

JOB_COLUMNS = [
    Column("Job", "description"),
    Column("Organisation", lambda job: job.organisation.name if job.organisation else "Platform"),
    Column("Status", "get_status_display"),
    Column("Started by", lambda job: job.created_by.username if job.created_by else ""),
    Column("Queued at", "created_at"),
    Column("Finished at", "finished_at"),
    Column("Records read", "progress_done"),
    Column("Rejected", lambda job: job.report.get("rejected", "")),
]


@requires(Level.AUTHENTICATED)
def job_list(request):
    jobs = scope(Job.objects.select_related("organisation", "created_by"), request.user, Level.READ)
    if not platform_admin(request.user):
        # Platform-wide jobs are for platform administrators only (as on the job page);
        # scope() lets central analysts read every organisation's records, not those.
        jobs = jobs.exclude(organisation__isnull=True)
    status = request.GET.get("status", "")
    if status:
        jobs = jobs.filter(status=status)
    download = export_response(request, jobs, JOB_COLUMNS, "jobs")
    if download:
        return download
    return render(
        request,
        "jobs/list.html",
        {
            "page_title": "Jobs",
            "page": paginate(request, jobs),
            "export_links": export_links(request),
        },
    )


@requires(Level.READ)
def job_detail(request, job_id):
    job = get_object(
        request.user,
        Job.objects.select_related("organisation", "created_by"),
        Level.READ,
        pk=job_id,
    )
    return render(
        request,
        "jobs/detail.html",
        {
            "page_title": job.description,
            "job": job,
            # A running job's page refreshes itself (a meta refresh: no script needed) when the
            # upload form sent the person here (?refresh=on, Job.progress_url) or they ask for
            # it; the page offers to stop, as WCAG 2.2.1 asks of anything timed.
            "refresh": request.GET.get("refresh") == "on",
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
