"""Upload of the AVSI spreadsheet: a dry run first, then the same file applied in one transaction.

A file of more than IMPORT_SYNC_ROW_LIMIT rows (2,000) is applied by a background job,
whose page shows the outcome.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.thresholds import import_in_background
from sponsorship.forms import ImportForm
from sponsorship.importing import ImportFileError, avsi_spreadsheet_import
from sponsorship.importing.pending import (
    PendingFileMissing,
    pending_forget,
    pending_hand_over,
    pending_load,
    pending_rows,
    pending_store,
)
from sponsorship.importing.result import RECORD_LABELS
from sponsorship.importing.rows import OPTIONAL, REQUIRED
from sponsorship.tasks import import_enqueue
from sponsorship.views.helpers import require_editor

UPLOAD_TEMPLATE = "sponsorship/import_upload.html"
RESULT_TEMPLATE = "sponsorship/import_result.html"


@login_required
def import_upload(request):
    """Upload and check: nothing is saved; the file waits privately for "Apply"."""
    require_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = avsi_spreadsheet_import(data=data, name=upload.name, dry_run=True, by=request.user)
        except ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            token = (
                pending_store(request.session, data=data, name=upload.name, rows=result.rows)
                if result.ok and (result.created or result.changed)
                else ""
            )
            return render(request, RESULT_TEMPLATE, {"result": result, "token": token, "name": upload.name})
    columns = [(RECORD_LABELS[record], required, OPTIONAL[record]) for record, required in REQUIRED.items()]
    status = 400 if form.is_bound else 200
    return render(request, UPLOAD_TEMPLATE, {"form": form, "columns": columns}, status=status)


@login_required
@require_POST
def import_apply(request):
    """Apply the checked file: all rows in one transaction, or none if any row is rejected."""
    require_editor(request.user)
    try:
        data, name = pending_load(request.session, request.POST.get("token", ""))
    except PendingFileMissing:
        messages.error(request, _("That check is no longer available: upload the file again."))
        return redirect("sponsorship:import_upload")
    if import_in_background(pending_rows(request.session)):
        job = import_enqueue(pending_hand_over(request.session), by=request.user, language=get_language())
        return redirect("jobs:job_detail", pk=job.pk)
    pending_forget(request.session)
    try:
        result = avsi_spreadsheet_import(data=data, name=name, dry_run=False, by=request.user)
    except ImportFileError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sponsorship:import_upload")
    if result.applied:
        messages.success(request, _("The file has been imported."))
    else:
        messages.error(
            request, _("Nothing was imported: some rows are rejected. Correct them and upload the file again.")
        )
    return render(request, RESULT_TEMPLATE, {"result": result, "name": name}, status=200 if result.applied else 400)
