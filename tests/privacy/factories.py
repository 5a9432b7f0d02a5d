"""A family whose data are to be destroyed, with her name written everywhere a name can go.

The sentinel surname «Сентинелова» (and its Latin spelling) is unique to these data: after
destruction, no text, varchar or JSON column of any table may hold it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Attachment, CaseActivity, Consent, GoalUpdate, Person, Restriction, RestrictionGrant
from maksora.models import AccessAction, AccessRecord
from privacy.models import LegalHold
from privacy.retention_defaults import ensure_retention_periods
from shelters.models import Stay
from sponsorship.models import Correspondence
from tests.cases.factories import (
    CaseFactory,
    GoalFactory,
    NoteFactory,
    PersonFactory,
    RelationshipFactory,
    TaskFactory,
    unit,
)
from tests.shelters.factories import BedFactory, RoomFactory, add_member, house
from tests.sponsorship.factories import ContributionFactory, SponsoredChildFactory, SponsorshipFactory

_references = count(1)
SENTINEL = "Сентинелова"
SENTINEL_LATIN = "Sentinelova"
SENTINEL_PHONE = "+7 913 555-12-34"
SENTINEL_DOCUMENT = "5012 777333"


def retention_policies() -> None:
    """The default periods (a transactional test empties the table the migration filled)."""
    ensure_retention_periods()


@dataclass
class Family:
    person: Person
    mother: Person
    sibling: Person
    own_case: object
    mother_case: object
    files: list[str]


def sentinel_family(*, author, withdrawn_days_ago: int | None = 31, closed: bool = True) -> Family:
    """Vera Sentinelova (the person), her mother's Local case she is a member of, her own Golubka case.

    Her own case is closed (unless `closed=False`); her processing consent was withdrawn
    `withdrawn_days_ago` days ago.
    """
    today = timezone.localdate()
    person = PersonFactory(
        family_name=SENTINEL,
        given_name="Вера",
        patronymic="Игоревна",
        birth_date=date(2008, 6, 15),
        phone=SENTINEL_PHONE,
        document_type="passport_ru",
        document_number=SENTINEL_DOCUMENT,
        address="ул. Сентинеловская, 7",
        district="lenin",
    )
    duplicate = PersonFactory(family_name=SENTINEL, given_name="Вера", birth_date=date(2008, 6, 15))
    mother = PersonFactory(family_name="Иванова", given_name="Ольга", birth_date=date(1985, 2, 1))
    sibling = PersonFactory(family_name="Иванов", given_name="Пётр", sex="M", birth_date=date(2012, 1, 1))
    RelationshipFactory(from_person=mother, to_person=person, kind="mother")

    opened = date(2024, 3, 1)
    own_case = CaseFactory(unit=unit("golubka"), primary_person=person, opened_on=opened, assigned_to=author)
    NoteFactory(case=own_case, author=author, text=f"Вера {SENTINEL} пришла с мамой.", date=date(2024, 3, 2))
    goal = GoalFactory(case=own_case, text=f"Документы для Веры {SENTINEL}ой")
    GoalUpdate.objects.create(goal=goal, text=f"{SENTINEL_LATIN}: справка готова", status="in_progress", author=author)
    TaskFactory(case=own_case, title=f"Позвонить {SENTINEL}ой", assigned_to=author)
    CaseActivity.objects.create(case=own_case, kind="opened", summary=f"{SENTINEL} Вера", actor=author)
    bed = BedFactory(room=RoomFactory(house=house("golubka")))
    from django.db.backends.postgresql.psycopg_any import DateRange

    Stay.objects.create(
        person=person, case=own_case, house=house("golubka"), bed=bed,
        period=DateRange(opened, date(2024, 6, 1), "[)"), notes=f"Кровать у окна, {SENTINEL}",
    )  # fmt: skip

    mother_case = CaseFactory(
        unit=unit("local"), primary_person=mother, opened_on=date(2024, 1, 10), assigned_to=author
    )
    add_member(mother_case, person)
    add_member(mother_case, sibling)
    NoteFactory(case=mother_case, author=author, text=f"Ольга и дочь Вера {SENTINEL}ой обсудили школу; Пётр здоров.")
    GoalFactory(case=mother_case, text="Работа для Ольги")

    evidence = Attachment.objects.create(
        person=person,
        file=ContentFile(b"%PDF-1.4 consent", name="consent.pdf"),
        original_name=f"Согласие {SENTINEL}.pdf",
        content_type="application/pdf",
        size=16,
        kind="document",
        uploaded_by=author,
    )
    photo = Attachment.objects.create(
        case=own_case,
        file=ContentFile(b"\xff\xd8photo", name="photo.jpg"),
        original_name="IMG_001.jpg",
        content_type="image/jpeg",
        size=7,
        kind="photo",
        description=f"{SENTINEL} в саду",
        uploaded_by=author,
    )
    Consent.objects.create(
        person=person,
        purpose="data_processing",
        given_on=opened,
        withdrawn_on=(today - timedelta(days=withdrawn_days_ago)) if withdrawn_days_ago is not None else None,
        evidence=evidence,
        recorded_by=author,
    )
    restriction = Restriction.objects.create(person=person, reason=f"Отец ищет {SENTINEL}у", set_by=author)
    RestrictionGrant.objects.create(restriction=restriction, user=author, granted_by=author)
    LegalHold.objects.create(
        person=person, reason=f"Суд по делу {SENTINEL}ой", set_by=author, until=today - timedelta(days=1)
    )

    child = SponsoredChildFactory(person=person, school=f"Школа им. {SENTINEL}", distance_case=False)
    CaseFactory(unit=unit("distance"), primary_person=person, opened_on=child.enrolled_on, status="closed",
                closed_on=date(2025, 6, 30), closure_reason="other")  # fmt: skip
    sponsorship = SponsorshipFactory(child=child, end=date(2025, 6, 30))
    ContributionFactory(sponsorship=sponsorship, reference=f"AVSI {SENTINEL_LATIN} {next(_references)}")
    letter = Correspondence.objects.create(
        sponsorship=sponsorship,
        kind="letter_to_sponsor",
        language="it",
        text=f"Cara famiglia, sono Vera {SENTINEL_LATIN}.",
        photo=ContentFile(b"\xff\xd8letter", name="letter.jpg"),
    )

    # The duplicate record merged into her carries the name too.
    Person.objects.filter(pk=duplicate.pk).update(merged_into=person)
    CaseFactory(unit=unit("golubka"), primary_person=duplicate, opened_on=date(2023, 1, 1), status="closed",
                closed_on=date(2023, 2, 1), closure_reason="duplicate")  # fmt: skip

    if closed:
        own_case.status, own_case.closed_on, own_case.closure_reason = "closed", date(2024, 6, 1), "moved_away"
        own_case.save()
        mother_case.status, mother_case.closed_on, mother_case.closure_reason = "closed", date(2024, 12, 1), "other"
        mother_case.save()

    AccessRecord.objects.create(user=author, action=AccessAction.VIEW_PERSON, object_id=person.pk, person_id=person.pk)
    AccessRecord.objects.create(user=author, action=AccessAction.VIEW_DRILLDOWN, filters={"q": SENTINEL})
    LogEntry.objects.create(
        user=author,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["{SENTINEL}"]}}}}]',
    )
    return Family(
        person=person,
        mother=mother,
        sibling=sibling,
        own_case=own_case,
        mother_case=mother_case,
        files=[evidence.file.name, photo.file.name, letter.photo.name],
    )
