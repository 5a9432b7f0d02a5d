"""The job queue in the admin, for administrators only: procrastinate's job rows and our background jobs.

Procrastinate's own job admin is kept (its retry / cancel / abort actions included) and
narrowed to administrators; its columns are drawn without inline styles (the CSP forbids them).
"""

import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import models as procrastinate_models
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin

from jobs.models import BackgroundJob
from maksora.access import access_for


class AdministratorsOnly:
    def has_module_permission(self, request):
        return access_for(request.user).sees_job_queue

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).sees_job_queue

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(procrastinate_models.ProcrastinateJob)


@admin.register(procrastinate_models.ProcrastinateJob)
class QueueJobAdmin(AdministratorsOnly, ProcrastinateJobAdmin):
    show_full_result_count = False

    @admin.display(description=_("arguments"))
    def pretty_args(self, instance):
        return format_html('<pre class="mb-0">{}</pre>', json.dumps(instance.args)[:2000])

    @admin.display(description=_("summary"))
    def summary(self, instance):
        event = instance.procrastinateevent_set.first()
        items = [(event.type, event.at)] if event else []
        if instance.queueing_lock:
            items.append(("queueing lock", instance.queueing_lock))
        if instance.attempts > 1:
            items.append(("attempts", instance.attempts))
        return format_html_join("", "<div>{}: {}</div>", items)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("id", "kind", "owner", "status", "progress_done", "progress_total", "attempts", "created_at")
    list_filter = ("status", "kind", "created_at")
    list_select_related = ("owner",)
    show_full_result_count = False
    fields = (
        "kind",
        "owner",
        "status",
        "progress_done",
        "progress_total",
        "parameters",
        "result",
        "result_name",
        "error_msgid",
        "error_params",
        "idempotency_key",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields
