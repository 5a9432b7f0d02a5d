"""The top bar's search: people, cases, sponsored children and sponsors the user may see.

Every group reads through its model's `visible_to(user)` and matches as the case list and
intake do (cases.search: a code, a phone number or a name in either alphabet). The query is
never logged or stored: it is read here and echoed back in the box only.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Person
from sponsorship.models import Sponsor, SponsoredChild

GROUP_LIMIT = 10
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100


@dataclass
class Group:
    key: str
    title: str
    items: list = field(default_factory=list)
    more: bool = False


def _take(queryset: QuerySet) -> tuple[list, bool]:
    rows = list(queryset[: GROUP_LIMIT + 1])
    return rows[:GROUP_LIMIT], len(rows) > GROUP_LIMIT


def search_everything(user, query: str) -> list[Group]:
    """The groups with at least one result, in a fixed order: people, cases, children, sponsors."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if len(query) < MIN_QUERY_LENGTH:
        return []
    people = Person.objects.visible_to(user).search(query).order_by("family_name", "given_name", "id")
    sources = (
        ("people", _("People"), people),
        ("cases", _("Cases"), Case.objects.visible_to(user).search(query, user=user).for_list()),
        ("children", _("Sponsored children"), SponsoredChild.objects.visible_to(user).search(query).for_list()),
        ("sponsors", _("Sponsors"), Sponsor.objects.visible_to(user).search(query).order_by("name", "id")),
    )
    groups = []
    for key, title, queryset in sources:
        if not queryset.query.is_empty():
            items, more = _take(queryset)
            if items:
                groups.append(Group(key, str(title), items, more))
    return groups


SUGGESTION_LIMIT = 8


def suggestions(groups: list[Group]) -> list[dict]:
    """The first results of each group as {group, label, url}, for the top bar's suggestion list."""
    items = []
    for group in groups:
        for item in group.items[:3]:
            items.append({"group": group.title, **_label_and_url(group.key, item)})
    return items[:SUGGESTION_LIMIT]


def _label_and_url(key: str, item) -> dict:
    if key == "people":
        return {"label": item.full_name, "url": reverse("cases:person_detail", args=[item.pk])}
    if key == "cases":
        label = f"{item.number} · {item.primary_person.full_name}"
        return {"label": label, "url": reverse("cases:case_detail", args=[item.pk])}
    if key == "children":
        label = f"{item.person.full_name} · {item.avsi_code}"
        return {"label": label, "url": reverse("sponsorship:child_detail", args=[item.pk])}
    return {"label": f"{item.name} · {item.avsi_code}", "url": reverse("sponsorship:sponsor_detail", args=[item.pk])}
