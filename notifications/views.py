"""The reminders page, opening a reminder, marking read, and the preference page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maksora.access import get_visible_or_404
from maksora.pages import form_action, paginate
from notifications import services
from notifications.digest import preference_for
from notifications.forms import PreferenceForm
from notifications.messages import describe, summary_parts
from notifications.models import Notification, NotificationKind


@login_required
def notification_list(request):
    """Her reminders, today's digest first, each with its link."""
    page_obj = paginate(request, Notification.objects.visible_to(request.user).for_list())
    for notification in page_obj:
        notification.text = describe(notification.kind, notification.params, person=notification.person)
        notification.parts = (
            summary_parts(notification.params) if notification.kind == NotificationKind.UNIT_SUMMARY else []
        )
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page_obj, "today": timezone.localdate()},
    )


@login_required
def notification_open(request, pk):
    """Follow a reminder to its record; it counts as read."""
    notification = get_visible_or_404(Notification.objects, request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request, pk):
    notification = get_visible_or_404(Notification.objects, request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All reminders marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    """Whether she gets the daily digest by e-mail, and in which language."""
    preference = preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    return form_action(
        request,
        form,
        action=lambda data: services.preference_update(
            user=request.user, expected_version=form.expected_version, **data
        ),
        success=_("Reminder settings saved."),
        redirect_to=("notifications:preferences",),
        template="notifications/preferences.html",
        context={},
    )
