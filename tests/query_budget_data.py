"""Data builders for the query-budget tests: one record of each kind, or many."""

from datetime import date, timedelta

from django.db.backends.postgresql.psycopg_any import DateRange

from assessments.models import AssessmentTool
from assessments.services import assessment_record
from cases.models import Approval, Attachment, CaseActivity, Consent, DocumentType, GoalUpdate
from tests.cases.factories import (
    CaseFactory,
    CaseMemberFactory,
    GoalFactory,
    NoteFactory,
    PersonFactory,
    RelationshipFactory,
    TaskFactory,
    unit,
)
from tests.shelters.factories import StayFactory, house
from tests.sponsorship.factories import SponsoredChildFactory, SponsorshipFactory


def case_with_everything(*, size: int, worker, unit_code: str = "golubka"):
    """A case of `unit_code` with `size` records of each kind its page shows."""
    case = CaseFactory(unit=unit(unit_code), assigned_to=worker, opened_on=date(2025, 1, 15))
    mother = case.primary_person
    tool = AssessmentTool.objects.first()
    paper = DocumentType.objects.first()
    for index in range(size):
        child = PersonFactory(given_name=f"Ребёнок{index}", birth_date=date(2015, 1, 1) + timedelta(days=index))
        CaseMemberFactory(case=case, person=child, role="child")
        RelationshipFactory(from_person=mother, to_person=child, kind="mother")
        NoteFactory(case=case, author=worker)
        goal = GoalFactory(case=case)
        GoalUpdate.objects.create(goal=goal, text="Подала заявление", status="open", author=worker)
        TaskFactory(case=case, assigned_to=worker)
        Consent.objects.create(person=child, purpose="photos", given_on=date(2025, 2, 1))
        Consent.objects.create(
            person=child, purpose="data_processing", given_on=date(2025, 2, 1), withdrawn_on=date(2025, 3, 1)
        )
        Attachment.objects.create(
            person=child,
            case=case,
            file="attachments/x",
            original_name=f"paper{index}.pdf",
            content_type="application/pdf",
            size=1,
            kind="identity",
            document_type=paper,
            valid_until=date(2030, 1, 1),
            uploaded_by=worker,
        )
        CaseActivity.objects.create(case=case, kind="status", summary="Статус", actor=worker)
        if unit_code in ("golubka", "margarita"):
            StayFactory(
                house=house(unit_code),
                person=child,
                case=case,
                period=DateRange(date(2025, 1, 20), None, "[)"),
            )
        sponsored = SponsoredChildFactory(person=child, distance_case=False)
        SponsorshipFactory(child=sponsored)
        if tool is not None:
            assessment_record(
                case=case,
                tool=tool,
                occasion="review",
                assessed_on=date(2025, 2, 1) + timedelta(days=index),
                scores={domain.pk: 3 for domain in tool.domains.all()},
                by=worker,
            )
    Approval.objects.create(case=case, kind="case_plan", requested_by=worker)
    return case
