from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maksora.access import access_for
from maksora.units import HOUSE_UNITS, UnitCode

# (label, url name, who sees it): the navigation follows the role, not the URL list.
NAVIGATION = (
    # Each role's own home (portal.views.home): a worker's caseload, a coordinator's units…
    (pgettext_lazy("start page", "Home"), "home", lambda a: bool(a.case_unit_codes)),
    (_("Caseload review"), "cases:caseload", lambda a: a.is_coordinator and bool(a.own_unit_codes)),
    (_("Cases"), "cases:case_list", lambda a: bool(a.case_unit_codes)),
    (
        _("New intake"),
        "cases:intake",
        lambda a: a.does_intake,
    ),
    (_("Houses"), "shelters:board", lambda a: bool(a.case_unit_codes & HOUSE_UNITS)),
    (UnitCode.DISTANCE.label, "sponsorship:child_list", lambda a: a.reads_sponsorship_programme),
    (_("Reports"), "reports:yearly", lambda a: a.sees_reports),
)

# Lists of things to check or decide, opened a few times a week: one menu, so the bar
# stays one line on a desktop and short on a phone.
CHECKS = (
    (_("Expiring papers"), "cases:papers_expiring", lambda a: bool(a.case_unit_codes)),
    (_("Data problems"), "datachecks:problem_list", lambda a: bool(a.case_unit_codes)),
    (_("Approvals"), "cases:approvals", lambda a: a.is_coordinator),
    (_("Consents to renew"), "cases:consents_expiring", lambda a: a.follows_consents and bool(a.case_unit_codes)),
    (_("Possible duplicates"), "cases:stewards", lambda a: a.is_registry_steward),
    (_("To be destroyed"), "privacy:due", lambda a: a.is_coordinator),
)


def _items(entries, access, path) -> list[dict]:
    items = []
    for label, url_name, visible in entries:
        if not visible(access):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a section whose pages are not installed yet is simply not shown
            continue
        items.append({"label": label, "url": url, "active": path == url})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "check_items": []}
    access = access_for(user)
    check_items = _items(CHECKS, access, request.path)
    return {
        "nav_items": _items(NAVIGATION, access, request.path),
        "check_items": check_items,
        "checks_active": any(item["active"] for item in check_items),
        "user_access": access,
        "show_admin_link": user.is_staff,
        "show_search": bool(access.case_unit_codes) or access.sees_sponsors,
    }
