"""The project's URL map as a list of patterns, with sample URLs built from a small dataset.

A new view is covered the day it is routed: the walk reads the resolver, and a pattern
whose sample arguments are unknown fails `test_every_url_pattern_has_sample_arguments`.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from assessments.models import Assessment, AssessmentTool
from cases.models import Approval, Attachment, Case, CaseMember, Consent, MergeRecord, Person, Relationship
from datachecks.models import DataCheck, DataProblem
from jobs.models import BackgroundJob
from notifications.models import Notification
from privacy.models import DestructionAct
from reports.models import SavedReport
from reports.snapshots import saved_report_create
from tests.cases.factories import CaseFactory, GoalFactory, PersonFactory, TaskFactory, UserFactory, unit
from tests.shelters.factories import StayFactory, house
from tests.sponsorship.factories import CorrespondenceFactory

MISSING_PK = 987654321
EMPTY_MERGE = ("case_members_moved", "case_members_deleted", "cases_primary", "relationships_moved")
EMPTY_MERGE += ("relationships_deleted", "consents", "attachments", "merged_into", "stays")


def _each(namespace: str, names: str, **arguments: str) -> dict[str, dict[str, str]]:
    return {f"{namespace}:{name}": arguments for name in names.split()}


# Site URL name → its arguments: a record kind of the sample data, or "=" and a literal.
SITE_ARGUMENTS: dict[str, dict[str, str]] = {
    **_each("cases", "case_detail case_status case_close case_review note_add goal_add task_add member_add", pk="case"),
    **_each("cases", "case_edit case_history", pk="case"),
    **_each("cases", "case_attachment_add", pk="case"),
    **_each("cases", "person_detail person_edit person_merge consent_add person_attachment_add", pk="person"),
    **_each("cases", "relationship_add person_history person_restriction person_restriction_lift", pk="person"),
    **_each("cases", "person_family", pk="person"),
    "cases:relationship_end": {"pk": "person", "link_pk": "relationship"},
    "cases:person_merge_confirm": {"pk": "person", "keep_pk": "stay_person"},
    **_each("cases", "person_unmerge", pk="merge_record"),
    **_each("cases", "goal_progress", pk="goal"),
    **_each("cases", "task_done task_reopen", pk="task"),
    **_each("cases", "consent_withdraw", pk="consent"),
    **_each("cases", "consent_print consent_print_pdf", pk="person", purpose="=data_processing"),
    **_each("cases", "attachment_download", pk="attachment"),
    **_each("shelters", "admit", case_pk="case"),
    **_each("shelters", "discharge", case_pk="stay_case"),
    **_each("shelters", "transfer", pk="stay"),
    **_each("shelters", "person_stays", pk="stay_person"),
    **_each("sponsorship", "child_detail child_edit child_exit sponsorship_start", pk="child"),
    **_each("sponsorship", "sponsorship_end contribution_add correspondence_add", pk="sponsorship"),
    **_each("sponsorship", "sponsor_detail sponsor_edit sponsor_statement sponsor_statement_csv", pk="sponsor"),
    **_each("sponsorship", "sponsor_statement_print sponsor_statement_pdf", pk="sponsor"),
    **_each("sponsorship", "yearly_update_letter yearly_update_letter_pdf", pk="correspondence"),
    **_each(
        "sponsorship",
        "correspondence_detail correspondence_edit correspondence_mark_sent correspondence_photo",
        pk="correspondence",
    ),
    **_each("notifications", "open mark_read", pk="notification"),
    **_each(
        "sponsorship",
        "correspondence_checklist",
        pk="correspondence",
    ),
    **_each("documents", "case_summary case_summary_pdf", pk="case"),
    **_each("documents", "intake_form intake_form_pdf", unit_code="=golubka"),
    **_each("reports", "drilldown", source="=people_served", key="=people_served"),
    **_each("reports", "export", fmt="=csv"),
    **_each("reports", "saved_detail", pk="saved"),
    **_each("reports", "saved_drilldown", pk="saved", ref="=people_served:people_served"),
    **_each("reports", "drilldown_export", source="=people_served", key="=people_served", fmt="=csv"),
    **_each("reports", "saved_drilldown_export", pk="saved", ref="=people_served:people_served", fmt="=csv"),
    **_each("reports", "saved_export", pk="saved", fmt="=csv"),
    **_each("privacy", "destroy subject_access", pk="person"),
    **_each("privacy", "act_detail act_pdf", pk="destruction_act"),
    **_each("jobs", "job_detail job_status job_download", pk="job"),
    "password_reset_confirm": {"uidb64": "=MQ", "token": "=set-password"},
    "datachecks:problem_dismiss": {"pk": "data_problem"},
    "cases:plan_request": {"pk": "case"},
    "cases:approval_decide": {"pk": "approval"},
    "assessments:assessment_add": {"pk": "case"},
    **_each("assessments", "assessment_correct assessment_unlock", pk="assessment"),
}
# Open to anyone: views marked @login_not_required and settings.LOGIN_NOT_REQUIRED_URLS.
PUBLIC = {
    *("login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"),
    *("healthz", "admin:login", *settings.LOGIN_NOT_REQUIRED_URLS),
}


def _role_not_required(name: str) -> bool:
    """Named in ROLE_NOT_REQUIRED_URLS, directly or through its namespace ("two_factor:")."""
    entries = settings.ROLE_NOT_REQUIRED_URLS
    return name in entries or any(entry.endswith(":") and name.startswith(entry) for entry in entries)


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced; "" for an unnamed pattern
    route: str
    params: tuple[str, ...]
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.route.startswith("admin/")

    @property
    def model(self):
        model_admin = getattr(self.callback, "model_admin", None)
        if model_admin is not None:
            return model_admin.model
        # A ModelAdmin's own extra URL (e.g. the user's password form) is named after its model.
        for model in admin.site._registry:
            if self.name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
                return model
        return None


def url_patterns(patterns=None, namespace="", prefix="") -> Iterator[Pattern]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, inner, prefix + str(entry.pattern))
            continue
        pattern = entry.pattern
        params = tuple(pattern.converters if isinstance(pattern, RoutePattern) else pattern.regex.groupindex)
        yield Pattern(f"{namespace}{entry.name}" if entry.name else "", prefix + str(pattern), params, entry.callback)


ALL_PATTERNS = list(url_patterns())
ROLE_NOT_REQUIRED = {p.name for p in ALL_PATTERNS if p.name and _role_not_required(p.name)}


def sample_url(pattern: Pattern, records: dict, *, missing: bool = False) -> str | None:
    """A concrete URL for the pattern with the records' ids (or an id that exists nowhere)."""
    if pattern.is_admin and pattern.params == ("url",):
        return "/admin/no-such-page/"
    if pattern.name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(Case).pk
        return reverse(pattern.name, args=[content_type, MISSING_PK if missing else records["case"].pk])
    kwargs = {}
    for param in pattern.params:
        if pattern.is_admin:
            if param in ("object_id", "id"):
                if pattern.model is None:
                    return None
                obj = records.get(pattern.model) or pattern.model._default_manager.order_by("pk").first()
                kwargs[param] = MISSING_PK if missing or obj is None else obj.pk
            elif param == "app_label":
                kwargs[param] = "cases"
            elif param in SITE_ARGUMENTS.get(pattern.name, {}):
                kwargs[param] = SITE_ARGUMENTS[pattern.name][param].lstrip("=")
            else:
                return None
            continue
        spec = SITE_ARGUMENTS.get(pattern.name, {}).get(param)
        if spec is None:
            return None
        if spec.startswith("="):
            kwargs[param] = spec[1:]
        else:
            kwargs[param] = MISSING_PK if missing else records[spec].pk
    if not pattern.name:  # e.g. the admin's `<object_id>/` redirect: fill the route in
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)
    return reverse(pattern.name, kwargs=kwargs)


def needs_missing_records(pattern: Pattern, records: dict) -> bool:
    return any(spec not in records for spec in SITE_ARGUMENTS.get(pattern.name, {}).values() if spec[0] != "=")


def takes_a_record(pattern: Pattern) -> bool:
    if pattern.is_admin:
        return {"object_id", "id"} & set(pattern.params) and pattern.name != "admin:view_on_site"
    return any(not spec.startswith("=") for spec in SITE_ARGUMENTS.get(pattern.name, {}).values())


def unit_records(unit_code: str, author) -> dict:
    """A case, its person, goal, task, consent and attachment, and a stay, all in one unit."""
    case = CaseFactory(unit=unit(unit_code))
    attachment = Attachment(case=case, kind="other", uploaded_by=author, original_name="a.pdf")
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4 sample"), save=False)
    attachment.content_type, attachment.size = "application/pdf", attachment.file.size
    attachment.save()
    stay = StayFactory(house=house(unit_code), period=DateRange(date(2026, 1, 10), None, "[)"))
    child = PersonFactory()
    CaseMember.objects.create(case=case, person=child, role="child")
    relationship = Relationship.objects.create(from_person=case.primary_person, to_person=child, kind="mother")
    # A duplicate record merged into the case's person (nothing of hers had moved).
    twin = PersonFactory(merged_into=case.primary_person)
    merge_record = MergeRecord.objects.create(
        keep=case.primary_person, duplicate=twin, merged_by=author, moved=dict.fromkeys(EMPTY_MERGE, [])
    )
    records = {
        "case": case,
        "person": case.primary_person,
        "goal": GoalFactory(case=case),
        "task": TaskFactory(case=case, assigned_to=author),
        "consent": Consent.objects.create(
            person=case.primary_person, purpose="data_processing", given_on=date(2026, 1, 15)
        ),
        "attachment": attachment,
        "stay": stay,
        "stay_case": stay.case,
        "stay_person": stay.person,
        "relationship": relationship,
        "merge_record": merge_record,
        "assessment": Assessment.objects.create(
            case=case,
            tool=AssessmentTool.objects.get(),
            occasion="admission",
            assessed_on=date(2026, 2, 1),
            assessed_by=author,
        ),  # fmt: skip
        "approval": Approval.objects.create(
            case=case, kind="case_plan", details={"goals": []}, requested_by=UserFactory(username=f"asks_{unit_code}")
        ),
        "data_problem": DataProblem.objects.create(
            kind=DataCheck.QUIET_CASE,
            record_key=f"case:{case.pk}",
            unit=case.unit,
            person=case.primary_person,
            case=case,
            found_on=date(2026, 6, 1),
            seen_on=date(2026, 6, 1),
        ),
        # A reminder of the unit's worker: nobody else may open or mark it.
        "notification": Notification.objects.create(
            user=author,
            day=date(2026, 3, 9),
            key=f"review_due:{case.pk}:2026-03-09",
            kind="review_due",
            params={"case": case.number, "due_on": "2026-03-09"},
            url=f"/cases/{case.pk}/",
            case=case,
        ),
    }
    # A person of the unit whose data were destroyed, with her act.
    destroyed = CaseFactory(unit=unit(unit_code)).primary_person
    act = DestructionAct.objects.create(person=destroyed, legal_ground="subject_request", keep_until=date(2029, 1, 1))
    records["destruction_act"] = act
    records.update({Case: case, Person: case.primary_person, type(stay): stay, DestructionAct: act})
    return records


def distance_records() -> dict:
    correspondence = CorrespondenceFactory()
    sponsorship = correspondence.sponsorship
    return {
        "child": sponsorship.child,
        "sponsorship": sponsorship,
        "sponsor": sponsorship.sponsor,
        "correspondence": correspondence,
        type(sponsorship.child): sponsorship.child,
        type(sponsorship): sponsorship,
        type(sponsorship.sponsor): sponsorship.sponsor,
    }


def saved_report(client, user) -> SavedReport:
    """A snapshot saved by `user` (the page saves through a background job; the same service here)."""
    return saved_report_create(
        title="Sample", start=date(2026, 1, 1), end=date(2027, 1, 1), by=user, idempotency_key=f"sample-{user.pk}"
    )


def finished_job(user, saved: SavedReport) -> BackgroundJob:
    """A done background job of `user` with a file to download: only she reaches its pages."""
    job = BackgroundJob(owner=user, kind="reports.saved_report", status="done", idempotency_key=f"sample-{user.pk}")
    job.result = {"saved_report": saved.pk}
    job.result_file.save("sample.csv", ContentFile(b"a,b\n"), save=False)
    job.result_name = "sample.csv"
    job.save()
    return job


ROLES = ("golubka_worker", "coordinator", "manager", "sponsorship_officer", "site_admin")
# Records each actor must not reach (the manager reads every unit): they must look missing.
OUT_OF_SCOPE = {
    "golubka_worker": ("margarita", "distance", "saved_by_other"),
    "coordinator": ("margarita", "distance", "saved_by_other"),
    "sponsorship_officer": ("margarita", "saved_by_other"),
    "site_admin": ("golubka", "distance", "saved_by_other"),
}


def merged(sample_data, parts) -> dict:
    records = {}
    for part in parts:
        records.update(sample_data[part])
    return records
