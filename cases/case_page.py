"""What the case page reads, in as few queries as its sections allow, whatever the case's size.

The case's own short lists (tasks, approvals, goals, notes, activities, goal progress,
files, the names of members the reader may not see) come as JSON columns of the query that
fetches the case (maksora.bundles); the members come with their consents and whether they
are restricted. Each list keeps the scoping it had as a query of its own (`visible_to`).

The timeline (activities, notes, goal progress) is shown a page at a time: each of its three
lists is read only as far as the page asked for (`timeline_rows`), so a case's page costs the
same after ten years of notes as after ten notes.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef
from django.db.models.functions import JSONObject

from cases.models import (
    Approval,
    Attachment,
    Case,
    CaseActivity,
    CaseMember,
    Consent,
    Goal,
    GoalUpdate,
    Note,
    Person,
    Restriction,
    Task,
)
from cases.querysets import hidden_from
from maksora.bundles import instances_of, rows_column
from maksora.pages import UncountedPage, UncountedPaginator

TIMELINE_PAGE_SIZE = 25
TIMELINE_SECTIONS = ("page_activities", "page_notes", "page_goal_updates")

# Each list: attribute on the case → (model, related records read with it).
SECTIONS = {
    "page_tasks": (Task, ("assigned_to",)),
    "page_approvals": (Approval, ("requested_by", "decided_by")),
    "page_goals": (Goal, ()),
    "page_activities": (CaseActivity, ("actor",)),
    "page_notes": (Note, ("author",)),
    "page_goal_updates": (GoalUpdate, ("author", "goal")),
    "page_attachments": (Attachment, ("document_type",)),
}


def timeline_rows(page_number: int) -> int:
    """How far each timeline list is read for page `page_number`: its pages so far and one row more.

    The newest N entries of the merged timeline hold at most N of any one list, and each list
    is read in the timeline's own order, so its first N rows are all it can contribute; the
    one more tells whether an older page follows.
    """
    return page_number * TIMELINE_PAGE_SIZE + 1


def _section_rows(user, *, timeline_page: int = 1) -> dict:
    """Each list's rows for `user`, in the order the page shows them."""
    case = OuterRef("pk")
    reach = timeline_rows(timeline_page)
    rows = {
        "page_tasks": Task.objects.filter(case=case).order_by("done_on", "due_on", "id"),
        "page_approvals": Approval.objects.filter(case=case).order_by("kind", "-requested_at").distinct("kind"),
        "page_goals": Goal.objects.filter(case=case).order_by("status", "target_date", "id"),
        "page_activities": CaseActivity.objects.filter(case=case).order_by("-happened_at", "-id"),
        # (date, created_at): the order the timeline sorts notes in, so the rows cut are the oldest
        "page_notes": Note.objects.visible_to(user).filter(case=case).order_by("-date", "-created_at", "-id"),
        "page_goal_updates": GoalUpdate.objects.filter(goal__case=case).order_by("-date", "-id"),
        "page_attachments": Attachment.objects.visible_to(user).filter(case=case).order_by("-uploaded_at"),
    }
    return {name: queryset[:reach] if name in TIMELINE_SECTIONS else queryset for name, queryset in rows.items()}


def with_page_sections(queryset, user, *, timeline_page: int = 1):
    """The cases of `queryset`, each with the lists its page shows to `user` (no extra query)."""
    sections = _section_rows(user, timeline_page=timeline_page)
    columns = {name: rows_column(rows, related=SECTIONS[name][1]) for name, rows in sections.items()}
    hidden = Person.objects.filter(hidden_from(user), memberships__case=OuterRef("pk")).values(
        row=JSONObject(family_name="family_name", given_name="given_name", patronymic="patronymic")
    )
    return queryset.annotate(page_hidden_people=ArraySubquery(hidden), **columns)


def page_sections(case: Case, user, *, timeline_page: int = 1) -> dict[str, list]:
    """The lists `with_page_sections` read, as model instances (read now if the case came without them)."""
    if not hasattr(case, "page_tasks"):
        cases = with_page_sections(Case.objects.filter(pk=case.pk), user, timeline_page=timeline_page)
        loaded = cases.values("page_hidden_people", *SECTIONS)
        for name, value in loaded.get().items():
            setattr(case, name, value)
    lists = {
        name.removeprefix("page_"): instances_of(model, getattr(case, name), related=related)
        for name, (model, related) in SECTIONS.items()
    }
    lists["hidden_people"] = [Person(**row) for row in case.page_hidden_people or ()]
    return lists


def timeline_page(entries: list, number: int) -> UncountedPage:
    """Page `number` of the merged timeline, its lists read by `timeline_rows(number)`.

    The site's uncounted pages, over the entries read: a page past the end shows the last
    one, as the site's other lists do (the merged lists are all there is then, so counting
    them reads nothing more).
    """
    return UncountedPaginator(entries, TIMELINE_PAGE_SIZE).get_page(number)


def page_members(user, case: Case, *, day) -> list[CaseMember]:
    """The members the reader sees, each with `restricted` and her `page_consents` (in force on `day` marked)."""
    consents = (
        Consent.objects.filter(person=OuterRef("person_id"))
        .annotate(in_force=Exists(Consent.objects.in_force_on(day).filter(pk=OuterRef("pk"))))
        .order_by("purpose", "-given_on", "id")
    )
    members = list(
        CaseMember.objects.visible_to(user)
        .filter(case=case)
        .select_related("person")
        .annotate(
            restricted=Exists(Restriction.objects.filter(person=OuterRef("person_id"))),
            page_consents=rows_column(consents, extra=("in_force",)),
        )
        .order_by("role", "person__birth_date")
    )
    for member in members:
        member.consents = instances_of(Consent, member.page_consents, extra=("in_force",))
    return members
