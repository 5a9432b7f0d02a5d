"""A background job's page (progress, then the result or what went wrong), its status as JSON, its file.

Owner only: `BackgroundJob.objects.visible_to(user)`, so another user's job answers 404.
"""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render

from jobs.kinds import kind_named
from jobs.models import BackgroundJob, JobStatus
from maksora.access import get_visible_or_404


def _job(request, pk) -> BackgroundJob:
    return get_visible_or_404(BackgroundJob.objects, request.user, pk=pk)


def job_detail(request, pk):
    job = _job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "kind": kind_named(job.kind)})


def job_status(request, pk):
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent,
            "finished": job.finished,
        }
    )


def job_download(request, pk):
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=job.result_name or job.result_file.name)
