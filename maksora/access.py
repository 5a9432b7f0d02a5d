"""Who may see and do what: the one place that decides.

Every view, search, autocomplete, admin queryset, export and report drill-down asks
here: through the models' `visible_to(user)` queryset methods, and through the
predicates below, which views, admin `has_*_permission` methods and templates'
`can_edit` flags come from. Records a user may not see answer 404, never 403, so their
existence is not revealed.
"""

from functools import cached_property

from django.db.models import Value
from django.http import Http404

from maksora import roles
from maksora.units import ALL_UNITS, UnitCode


class Access:
    """What one user may reach, computed once per request and cached on the user."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _groups_and_units(self) -> tuple[frozenset[str], frozenset[str]]:
        """Her role groups and her units, read together: one query on every page instead of two."""
        if not self.user.is_authenticated:
            return frozenset(), frozenset()
        groups = self.user.groups.annotate(kind=Value("role")).values_list("kind", "name")
        units = self.user.units.annotate(kind=Value("unit")).values_list("kind", "code")
        rows = list(groups.union(units, all=True))
        return (
            frozenset(name for kind, name in rows if kind == "role"),
            frozenset(code for kind, code in rows if kind == "unit"),
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.user.is_authenticated or not self.user.is_active:
            return frozenset()
        return self._groups_and_units[0]

    @property
    def role_labels(self) -> list[str]:
        """Her roles as people read them («Координатор»), in the order of maksora.roles."""
        return [str(label) for code, label in roles.ROLE_LABELS.items() if code in self.roles]

    def has_role(self, *names: str) -> bool:
        return bool(self.roles.intersection(names))

    @property
    def has_any_role(self) -> bool:
        """Signed-in accounts without a role reach nothing but their own account pages (403).

        A superuser counts: the first administrator is created with `createsuperuser`.
        """
        return bool(self.roles.intersection(roles.ALL_ROLES)) or (self.user.is_active and self.user.is_superuser)

    @cached_property
    def own_unit_codes(self) -> frozenset[str]:
        return self._groups_and_units[1]

    @cached_property
    def case_unit_codes(self) -> frozenset[str]:
        """Units whose cases, people and stays the user may read."""
        if self.has_role(roles.MANAGER):
            return frozenset(ALL_UNITS)
        codes = set()
        if self.has_role(roles.SOCIAL_WORKER, roles.COORDINATOR):
            codes |= self.own_unit_codes
        if self.has_role(roles.SPONSORSHIP_OFFICER):
            codes.add(UnitCode.DISTANCE)
        return frozenset(codes)

    @property
    def is_manager(self) -> bool:
        return self.has_role(roles.MANAGER)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(roles.COORDINATOR)

    @property
    def sees_all_confidential_notes(self) -> bool:
        return self.has_role(roles.COORDINATOR)

    @property
    def sees_sponsors(self) -> bool:
        return self.has_role(roles.SPONSORSHIP_OFFICER, roles.MANAGER)

    @property
    def reads_sponsorship_programme(self) -> bool:
        """The programme's pages (children, tracker): its unit's staff, sponsorship staff and managers."""
        return self.sees_sponsors or UnitCode.DISTANCE in self.case_unit_codes

    @property
    def edits_sponsorship(self) -> bool:
        return self.has_role(roles.SPONSORSHIP_OFFICER)

    @property
    def needs_second_factor(self) -> bool:
        """Whoever can reach the admin, and coordinators and managers on the site, sign in with a code."""
        if not self.user.is_authenticated:
            return False
        return self.user.is_staff or self.user.is_superuser or self.has_role(roles.COORDINATOR, roles.MANAGER)

    @property
    def sees_reports(self) -> bool:
        return self.has_role(roles.MANAGER, roles.COORDINATOR)

    @property
    def sees_access_log(self) -> bool:
        """The export log and the access-log admin: managers and administrators."""
        return self.has_role(roles.MANAGER, roles.ADMIN) or (self.user.is_active and self.user.is_superuser)

    @property
    def sees_raw_history(self) -> bool:
        """The raw pghistory event admin (every model, every field): administrators only."""
        return self.has_role(roles.ADMIN) or (self.user.is_active and self.user.is_superuser)

    @property
    def sees_job_queue(self) -> bool:
        """The job queue's rows in the admin (procrastinate's jobs, every user's background jobs): administrators.

        They carry only ids and parameters, but whose work ran when is for those who run the system.
        """
        return self.has_role(roles.ADMIN) or (self.user.is_active and self.user.is_superuser)

    def can_edit_unit(self, unit_code: str) -> bool:
        """Social workers and coordinators write in their own units; managers only read."""
        if unit_code in self.own_unit_codes and self.has_role(roles.SOCIAL_WORKER, roles.COORDINATOR):
            return True
        return unit_code == UnitCode.DISTANCE and self.has_role(roles.SPONSORSHIP_OFFICER)

    @property
    def does_intake(self) -> bool:
        """Registers new families (intake): social workers and coordinators writing in one of their units.

        Sponsorship staff register children through the programme's enrolment instead.
        """
        return self.has_role(roles.SOCIAL_WORKER, roles.COORDINATOR) and any(
            self.can_edit_unit(code) for code in self.own_unit_codes
        )

    @property
    def carries_cases(self) -> bool:
        """Social workers carry cases of their own: their lists start with those."""
        return self.has_role(roles.SOCIAL_WORKER)

    @property
    def is_registry_steward(self) -> bool:
        """Decides possible duplicates across units (the stewards' queue): managers, and coordinators of several units.

        A steward sees both records of a pair whatever their units, so the permission goes only
        to people who already span units; the role groups carry `cases.steward_registry`.
        """
        if not self.user.is_authenticated or not self.user.is_active:
            return False
        if self.has_role(roles.MANAGER):
            return True
        return self.has_role(roles.COORDINATOR) and len(self.own_unit_codes) > 1

    @property
    def follows_consents(self) -> bool:
        """The list of consents to renew: the social workers and coordinators who collect them."""
        return self.has_role(roles.SOCIAL_WORKER, roles.COORDINATOR)

    def can_manage_unit(self, unit_code: str) -> bool:
        """Reassign, merge, close: coordinators of the unit."""
        return self.is_coordinator and unit_code in self.own_unit_codes


def access_for(user) -> Access:
    cached = getattr(user, "_maksora_access", None)
    if cached is None:
        cached = Access(user)
        try:
            user._maksora_access = cached
        except AttributeError:  # AnonymousUser instances are shared; do not cache on them
            pass
    return cached


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one record through `visible_to(user)`: invisible and missing look the same."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- object-level predicates ------------------------------------------------------------


def can_edit_case(user, case) -> bool:
    return case is not None and access_for(user).can_edit_unit(case.unit.code) and case.is_visible_to(user)


def can_manage_case(user, case) -> bool:
    return case is not None and access_for(user).can_manage_unit(case.unit.code)


def can_see_confidential(user, note) -> bool:
    if not note.confidential:
        return True
    if note.author_id == user.pk:
        return True
    return access_for(user).sees_all_confidential_notes and note.case.unit.code in access_for(user).own_unit_codes


def coordinates_any_unit(user, unit_codes) -> bool:
    """A coordinator of one of `unit_codes` (e.g. the units of a person's cases)."""
    access = access_for(user)
    return access.is_coordinator and bool(access.own_unit_codes.intersection(unit_codes))


def handles_withdrawn_record(user, person_unit_codes) -> bool:
    """A person who withdrew her processing consent: seen only by the coordinators of her units.

    They handle the record until it is destroyed (docs/consent.md); the querysets apply the
    same rule to every list (cases.querysets.withdrawn_q).
    """
    return coordinates_any_unit(user, person_unit_codes)


def can_see_person_readers(user, person_unit_codes) -> bool:
    """Who opened a person's records: the coordinators of her units."""
    return coordinates_any_unit(user, person_unit_codes)


def can_read_person_history(user, person_unit_codes) -> bool:
    """The readable history of a person: the coordinators of her units."""
    return coordinates_any_unit(user, person_unit_codes)


def can_read_case_history(user, case) -> bool:
    """The readable history of a case (confidential notes included): the coordinators of its unit."""
    return case is not None and access_for(user).can_manage_unit(case.unit.code)


def can_restrict_person(user, unit_codes) -> bool:
    """Restrict a person, change her named staff or lift it: a coordinator of one of her units.

    The callers also require that the user sees her (the named staff of a restricted
    record only), so a coordinator left off the list cannot change it.
    """
    access = access_for(user)
    return access.is_coordinator and any(access.can_manage_unit(code) for code in unit_codes)


def can_handle_data_problem(user, *, unit_code: str | None, assigned_to_id: int | None) -> bool:
    """Dismiss a data-check finding: its worker, the unit's coordinators; a unit-less one (a
    duplicate pair across units) the registry stewards."""
    access = access_for(user)
    if unit_code is None:
        return access.is_registry_steward
    return (assigned_to_id == user.pk and access.can_edit_unit(unit_code)) or access.can_manage_unit(unit_code)


def closure_needs_approval(user, case) -> bool:
    """A case is closed by its unit's coordinator; anyone else, or a coordinator closing a case
    she carries herself, asks a coordinator to approve."""
    return not can_manage_case(user, case) or case.assigned_to_id == user.pk


def can_decide_approval(user, case, *, requested_by_id: int) -> bool:
    """The unit's coordinators answer approval requests, never their own."""
    return can_manage_case(user, case) and requested_by_id != user.pk


def can_destroy_person(user, person_unit_codes) -> bool:
    """Destroy a person's data, or export everything held about her: a coordinator of every unit she has a case in.

    Both reach her records in every unit at once, so coordinating one of them is not enough.
    """
    access = access_for(user)
    codes = set(person_unit_codes)
    return access.is_coordinator and bool(codes) and all(access.can_manage_unit(code) for code in codes)


def sees_destruction_lists(user) -> bool:
    """The lists of people due for destruction (withdrawn consents, retention): coordinators."""
    return access_for(user).is_coordinator
