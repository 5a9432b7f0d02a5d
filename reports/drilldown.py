"""How the records behind a figure are listed: columns and joins per model.

Lists show identifying facts only (no note text): a drill-down explains a number.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.querysets import hidden_from
from cases.restricted import RESTRICTED_LABEL


def _attr(path):
    def get(obj):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
            if callable(value):
                value = value()
        return value

    return get


def _lower(path):
    return lambda obj: getattr(getattr(obj, path), "lower", "") or ""


def _upper(path):
    return lambda obj: getattr(getattr(obj, path), "upper", "") or ""


COLUMNS = {
    "cases.person": (
        (),
        [
            (_("Name"), _attr("full_name")),
            (_("Sex"), _attr("get_sex_display")),
            (_("Date of birth"), _attr("birth_date_display")),
            (_("District"), _attr("get_district_display")),
        ],
    ),
    "cases.case": (
        ("unit", "primary_person"),
        [
            (_("Case number"), _attr("number")),
            (_("Primary person"), _attr("primary_person")),
            (_("Unit"), _attr("unit")),
            (_("Status"), _attr("get_status_display")),
            (_("Opened on"), _attr("opened_on")),
            (_("Closed on"), _attr("closed_on")),
        ],
    ),
    "cases.note": (
        ("case",),
        [
            (_("Date"), _attr("date")),
            (_("Kind of contact"), _attr("get_kind_display")),
            (_("Case number"), _attr("case.number")),
        ],
    ),
    "shelters.stay": (
        ("person", "house__unit"),
        [
            (_("Person"), _attr("person")),
            (_("House"), _attr("house")),
            (_("First night"), _lower("period")),
            (_("Exit day"), _attr("exit_day")),
            (_("Exit destination"), _attr("get_exit_destination_display")),
        ],
    ),
    "sponsorship.sponsoredchild": (
        ("person",),
        [
            (_("AVSI child code"), _attr("avsi_code")),
            (_("Child"), _attr("person")),
            (_("Enrolled on"), _attr("enrolled_on")),
            (_("Left the program on"), _attr("exited_on")),
        ],
    ),
    "sponsorship.sponsorship": (
        ("child__person", "sponsor"),
        [
            (_("Child"), _attr("child")),
            (_("Sponsor"), _attr("sponsor")),
            (_("From"), _lower("period")),
            (_("Until (exclusive)"), _upper("period")),
            (_("End reason"), _attr("get_end_reason_display")),
        ],
    ),
    "sponsorship.contribution": (
        ("sponsorship__child", "sponsorship__sponsor"),
        [
            (_("Received on"), _attr("received_on")),
            (_("Amount (EUR)"), _attr("amount")),
            (_("For year"), _attr("period_year")),
            (_("Child"), _attr("sponsorship.child.avsi_code")),
            (_("Sponsor"), _attr("sponsorship.sponsor.avsi_code")),
        ],
    ),
    "sponsorship.correspondence": (
        ("sponsorship__child", "sponsorship__sponsor"),
        [
            (_("Due on"), _attr("due_on")),
            (_("Sent on"), _attr("sent_on")),
            (_("Child"), _attr("sponsorship.child.avsi_code")),
            (_("Sponsor"), _attr("sponsorship.sponsor.avsi_code")),
        ],
    ),
}


# The person each listed row is about: a restricted one's row is listed without its facts.
PERSON_PATHS = {
    "cases.person": "pk",
    "cases.case": "primary_person",
    "cases.note": "case__primary_person",
    "shelters.stay": "person",
    "sponsorship.sponsoredchild": "person",
    "sponsorship.sponsorship": "child__person",
    "sponsorship.contribution": "sponsorship__child__person",
    "sponsorship.correspondence": "sponsorship__child__person",
}


def columns_for(model_label: str):
    """(select_related, [(heading, getter)]) for a model label like "cases.person"."""
    return COLUMNS.get(model_label, ((), [(_("Record"), str)]))


def model_for(model_label: str):
    return apps.get_model(model_label)


def scoped_records(model_label: str, user):
    """Rows of a saved figure's model the reader may count today (as the live figures scope them).

    Notes are counted through their cases (confidential ones included, see
    cases.reports.local_notes_by_kind) and listed without their text. Restricted people
    are counted like the live figures count them; `table` lists them without their facts.
    """
    model = model_for(model_label)
    if model_label == "cases.note":
        return model._default_manager.filter(case__in=Case.objects.counted_for(user))
    manager = model._default_manager
    return manager.counted_for(user) if hasattr(manager, "counted_for") else manager.visible_to(user)


def _hidden_rows(model_label: str, page_objects, user) -> set[int]:
    """Pks of the rows on the page about a restricted person the user is not named for."""
    path = PERSON_PATHS.get(model_label)
    pks = [obj.pk for obj in page_objects]
    if user is None or path is None or not pks:
        return set()
    model = model_for(model_label)
    return set(model._default_manager.filter(hidden_from(user, path), pk__in=pks).values_list("pk", flat=True))


def table(queryset, model_label: str, page_objects, *, user=None):
    """Headings and rows (lists of cell values) of one page of records.

    A row about a restricted person `user` is not named for keeps its place (the figure
    counts it) but shows only the "restricted" placeholder.
    """
    _related, columns = columns_for(model_label)
    headings = [heading for heading, _getter in columns]
    page_objects = list(page_objects)
    hidden = _hidden_rows(model_label, page_objects, user)
    rows = []
    for obj in page_objects:
        if obj.pk in hidden:
            rows.append([RESTRICTED_LABEL] + [""] * (len(columns) - 1))
        else:
            rows.append([getter(obj) for _heading, getter in columns])
    return headings, rows
