"""Readable history pages of a person and of a case, for the coordinators of their units."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import history
from cases.services import person_unit_codes
from cases.views.helpers import get_case_for_user, get_person_for_user
from maksora.access import can_read_case_history, can_read_person_history
from maksora.accesslog import access_record
from maksora.models import AccessAction
from maksora.pages import paginate

HISTORY_PAGE_SIZE = 50


def _history_page(request, *, title: str, back_url: str, entries):
    context = {"title": title, "back_url": back_url, "page_obj": paginate(request, entries, HISTORY_PAGE_SIZE)}
    return render(request, "cases/history.html", context)


@login_required
def person_history(request, pk):
    person = get_person_for_user(request.user, pk)
    if not can_read_person_history(request.user, person_unit_codes(person)):
        raise PermissionDenied
    entries = history.person_history(person, request.user)
    access_record(request, action=AccessAction.VIEW_PERSON_HISTORY, obj=person)
    return _history_page(
        request,
        title=_("History of %(name)s") % {"name": person.full_name},
        back_url=reverse("cases:person_detail", args=[person.pk]),
        entries=entries,
    )


@login_required
def case_history(request, pk):
    case = get_case_for_user(request.user, pk)
    if not can_read_case_history(request.user, case):
        raise PermissionDenied
    entries = history.case_history(case, request.user)
    access_record(request, action=AccessAction.VIEW_CASE_HISTORY, obj=case)
    return _history_page(
        request,
        title=_("History of case %(number)s") % {"number": case.number},
        back_url=reverse("cases:case_detail", args=[case.pk]),
        entries=entries,
    )
