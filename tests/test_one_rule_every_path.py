"""Each rule the site enforces holds on every way in: the site's pages, the admin, the AVSI import.

One entry per rule: how to set it up, and how each path tries to break it. The site must
refuse the form (400, the reason shown, nothing written); the admin either refuses the
record kind outright (403: it is edited on the site only) or shows the reason on its form;
the import rejects the row with the same words. A path that cannot express a rule (no
import column for a note) is left out of that rule's entry.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from cases.models import Case, CaseMember, Consent, Note, Person, Relationship, Task
from shelters.models import BedOutOfService, Stay
from sponsorship.importing import avsi_spreadsheet_import
from sponsorship.models import Contribution, Correspondence, Sponsor, SponsoredChild, Sponsorship
from tests.admin.posting import admin_change
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.data.avsi_rows import child_row, contribution_row, csv_bytes, sponsorship_row
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory, house
from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorFactory,
    SponsorshipFactory,
)

FUTURE = timezone.localdate() + timedelta(days=30)


@dataclass
class Rule:
    """`arrange(actors)` returns the records the attempts need; each attempt returns (response or result, count)."""

    name: str
    message: str
    arrange: object
    written: object  # how many rows of the guarded kind exist (must not grow)
    site: object = None
    admin: object = None
    avsi_import: object = None
    # The words a path uses when they differ from `message` (e.g. a choice the page never offered).
    says: dict = field(default_factory=dict)


def golubka_case(actors):
    return {"case": CaseFactory(unit=unit("golubka"), assigned_to=actors["golubka_worker"])}


def child_enrolled_with_a_sponsorship(actors):
    child = SponsoredChildFactory(enrolled_on=date(2024, 1, 1))
    sponsorship = SponsorshipFactory(child=child, start=date(2024, 9, 1))
    return {"child": child, "sponsorship": sponsorship, "other": SponsorFactory()}


def enrolment_data(**changes):
    data = {
        "family_name": "Смирнова",
        "given_name": "Алина",
        "sex": "F",
        "birth_date": "2016-04-02",
        "avsi_code": "RU-NSK-0042",
        "living_situation": "family",
        "enrolled_on": "01.09.2025",
    }
    return data | changes


def stay_for_someone_outside_the_case(actors):
    case = CaseFactory(unit=unit("golubka"), assigned_to=actors["golubka_worker"])
    return {"case": case, "outsider": PersonFactory(), "bed": BedFactory(room=RoomFactory(house=house("golubka")))}


def occupied_bed(actors):
    return {"bed": StayFactory().bed}


def person_of_golubka(actors):
    case = CaseFactory(unit=unit("golubka"), assigned_to=actors["golubka_worker"])
    return {"person": case.primary_person}


def child_of_golubka(actors):
    case = CaseFactory(unit=unit("golubka"), assigned_to=actors["golubka_worker"])
    child = PersonFactory(birth_date=date(2016, 3, 1))
    CaseMember.objects.create(case=case, person=child, role="child")
    Relationship.objects.create(from_person=case.primary_person, to_person=child, kind="mother")
    return {"person": child}


def update_of_a_child_without_transfer_consent(actors):
    return {"item": CorrespondenceFactory()}


RULES = [
    Rule(
        "a minor signing her own consent",
        "is a minor: her consent is signed by her legal representative",
        child_of_golubka,
        lambda r: Consent.objects.count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("cases:consent_add", args=[r["person"].pk]),
            {"purpose": "data_processing", "given_on": "2026-01-20"},
        ),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:cases_consent_add"),
            {"person": r["person"].pk, "purpose": "data_processing", "given_on": "2026-01-20"},
        ),
    ),
    Rule(
        "an update sent to Italy without the child's transfer consent",
        "has no consent to the transfer of her data to Italy (AVSI, sponsor)",
        update_of_a_child_without_transfer_consent,
        lambda r: Correspondence.objects.filter(sent_on__isnull=False).count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:correspondence_mark_sent", args=[r["item"].pk]), {"sent_on": "01.11.2025"}
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_correspondence_change", args=[r["item"].pk]), {"sent_on": "2025-11-01"}
        ),
    ),
    Rule(
        "note in the future",
        "A contact cannot be recorded in the future.",
        golubka_case,
        lambda r: Note.objects.count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("cases:note_add", args=[r["case"].pk]),
            {"date": FUTURE.isoformat(), "kind": "home_visit", "duration_minutes": "30", "text": "Later"},
        ),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:cases_note_add"),
            {"case": r["case"].pk, "date": FUTURE.isoformat(), "kind": "home_visit", "text": "Later"},
        ),
    ),
    Rule(
        "task for a worker of another unit",
        "Choose a worker of the case's unit.",
        golubka_case,
        lambda r: Task.objects.count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("cases:task_add", args=[r["case"].pk]),
            {"title": "Call", "due_on": FUTURE.isoformat(), "assigned_to": r["margarita_worker"].pk},
        ),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:cases_task_add"),
            {
                "case": r["case"].pk,
                "title": "Call",
                "due_on": FUTURE.isoformat(),
                "assigned_to": r["margarita_worker"].pk,
            },
        ),
        says={"site": "Select a valid choice."},  # the page offers only workers of the case's unit
    ),
    Rule(
        "stay for a person who is not a member of the case",
        "",  # the admission page offers only the case's members: the outsider's choice is ignored
        stay_for_someone_outside_the_case,
        lambda r: Stay.objects.filter(person=r["outsider"]).count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("shelters:admit", args=[r["case"].pk]),
            {"start": timezone.localdate().isoformat(), f"bed_{r['outsider'].pk}": r["bed"].pk},
        ),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:shelters_stay_add"),
            {
                "person": r["outsider"].pk,
                "case": r["case"].pk,
                "house": house("golubka").pk,
                "bed": r["bed"].pk,
                "period_0": timezone.localdate().isoformat(),
            },
        ),
    ),
    Rule(
        "date of birth in the future",
        "A date of birth cannot be in the future.",
        person_of_golubka,
        lambda r: Person.objects.filter(birth_date__gt=timezone.localdate()).count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("cases:person_edit", args=[r["person"].pk]),
            {
                "family_name": "Иванова",
                "given_name": "Мария",
                "sex": "F",
                "birth_date": FUTURE.isoformat(),
                "birth_date_precision": "day",
            },
        ),  # fmt: skip
        admin=lambda c, r: admin_change(
            c("coordinator"), "admin:cases_person_change", r["person"].pk, birth_date=FUTURE.isoformat()
        ),
    ),
    Rule(
        "risk level raised without a reason",
        "Say why the risk level changes: it goes into the case timeline.",
        golubka_case,
        lambda r: Case.objects.filter(risk_level="high").count(),
        site=lambda c, r: c("golubka_worker").post(
            reverse("cases:case_edit", args=[r["case"].pk]), {"risk_level": "high", "risk_reason": ""}
        ),
    ),
    Rule(
        "relationship of a person with herself",
        "relationship_not_self",
        person_of_golubka,
        lambda r: Relationship.objects.count(),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:cases_relationship_add"),
            {"from_person": r["person"].pk, "to_person": r["person"].pk, "kind": "mother"},
        ),
    ),
    Rule(
        "bed out of service while someone sleeps in it",
        "is occupied on some of these days",
        occupied_bed,
        lambda r: BedOutOfService.objects.count(),
        admin=lambda c, r: c("coordinator").post(
            reverse("admin:shelters_bedoutofservice_add"),
            {"bed": r["bed"].pk, "period_0": "2025-03-01", "period_1": "2025-04-01", "reason": "Broken"},
        ),
    ),
    Rule(
        "enrolment in the future",
        "A child cannot be enrolled in the future.",
        lambda actors: {},
        lambda r: SponsoredChild.objects.count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:child_enrol"), enrolment_data(enrolled_on=FUTURE.strftime("%d.%m.%Y"))
        ),
        admin=lambda c, r: c("sponsorship_officer").post(reverse("admin:sponsorship_sponsoredchild_add"), {}),
        avsi_import=lambda r: (child_row(enrolled_on=FUTURE.strftime("%d.%m.%Y")),),
    ),
    Rule(
        "a child code already used",
        "Another child already has the AVSI code ru-nsk-0042.",
        lambda actors: {"child": SponsoredChildFactory(avsi_code="RU-NSK-0042"), "second": SponsoredChildFactory()},
        lambda r: SponsoredChild.objects.filter(avsi_code__iexact="RU-NSK-0042").count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:child_enrol"), enrolment_data(avsi_code="ru-nsk-0042")
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_sponsoredchild_change", args=[r["second"].pk]), {"avsi_code": "ru-nsk-0042"}
        ),
        # The import matches children by their code: a row with a known code is that child's row.
    ),
    Rule(
        "a sponsor code already used",
        "Another sponsor already has the AVSI code it-mi-0099.",
        lambda actors: {"sponsor": SponsorFactory(avsi_code="IT-MI-0099")},
        lambda r: Sponsor.objects.filter(avsi_code__iexact="IT-MI-0099").count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:sponsor_add"),
            {
                "avsi_code": "it-mi-0099",
                "kind": "family",
                "name": "Famiglia Esposito",
                "country": "it",
                "language": "it",
            },
        ),  # fmt: skip
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_sponsor_add"), {"avsi_code": "it-mi-0099", "kind": "family", "name": "E"}
        ),
    ),
    Rule(
        "sponsorship before the enrolment",
        "The child is not enrolled in the program on that day.",
        child_enrolled_with_a_sponsorship,
        lambda r: Sponsorship.objects.count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:sponsorship_start", args=[r["child"].pk]),
            {"sponsor": r["other"].pk, "start": "01.06.2023"},
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_sponsorship_add"),
            {"child": r["child"].pk, "sponsor": r["other"].pk, "period_0": "2023-06-01"},
        ),
        avsi_import=lambda r: (sponsorship_row(r["child"].avsi_code, r["other"].avsi_code, start="01.06.2023"),),
    ),
    Rule(
        "a second sponsorship overlapping the one recorded",
        "This period overlaps the child's sponsorship by",
        child_enrolled_with_a_sponsorship,
        lambda r: Sponsorship.objects.count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:sponsorship_start", args=[r["child"].pk]),
            {"sponsor": r["other"].pk, "start": "01.03.2024"},
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_sponsorship_add"),
            {"child": r["child"].pk, "sponsor": r["other"].pk, "period_0": "2024-03-01"},
        ),
        avsi_import=lambda r: (sponsorship_row(r["child"].avsi_code, r["other"].avsi_code, start="01.03.2024"),),
    ),
    Rule(
        "an enrolment moved after the start of a sponsorship",
        "The child has a sponsorship that starts before this date.",
        child_enrolled_with_a_sponsorship,
        lambda r: SponsoredChild.objects.filter(enrolled_on__gt=date(2024, 9, 1)).count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:child_edit", args=[r["child"].pk]),
            {"avsi_code": r["child"].avsi_code, "living_situation": "family", "enrolled_on": "01.10.2024"},
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_sponsoredchild_change", args=[r["child"].pk]), {"enrolled_on": "2024-10-01"}
        ),
        avsi_import=lambda r: (child_row(r["child"].avsi_code, enrolled_on="01.10.2024"),),
    ),
    Rule(
        "a contribution with a reference already recorded",
        "The reference BONIF-7 is already recorded for",
        lambda actors: {"contribution": ContributionFactory(reference="BONIF-7")},
        lambda r: Contribution.objects.count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:contribution_add", args=[r["contribution"].sponsorship_id]),
            {"period_year": 2025, "amount": "99,90", "received_on": "14.03.2025", "reference": "bonif-7"},
        ),
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_contribution_add"),
            {
                "sponsorship": r["contribution"].sponsorship_id,
                "period_year": 2025,
                "amount": "9.90",
                "received_on": "2025-03-14",
                "reference": "bonif-7",
            },
        ),  # fmt: skip
        avsi_import=lambda r: (
            contribution_row(
                "bonif-7",
                child=r["contribution"].sponsorship.child.avsi_code,
                sponsor=r["contribution"].sponsorship.sponsor.avsi_code,
                year="2025",
                amount="99,90",
                received_on="14.03.2025",
            ),
        ),
    ),
    Rule(
        "a second yearly update in the same year",
        "This sponsorship already has a yearly update due in that year.",
        lambda actors: {"update": CorrespondenceFactory(due_on=date(2025, 10, 31))},
        lambda r: Correspondence.objects.count(),
        site=lambda c, r: c("sponsorship_officer").post(
            reverse("sponsorship:correspondence_add", args=[r["update"].sponsorship_id]),
            {
                "kind": "yearly_update",
                "due_on": "30.11.2025",
                "language": "it",
                "text": "Ciao",
                "translation_status": "done",
            },
        ),  # fmt: skip
        admin=lambda c, r: c("sponsorship_officer").post(
            reverse("admin:sponsorship_correspondence_add"),
            {
                "sponsorship": r["update"].sponsorship_id,
                "kind": "yearly_update",
                "due_on": "2025-11-30",
                "language": "it",
                "translation_status": "done",
            },
        ),  # fmt: skip
    ),
]


ATTEMPTS = [(rule, path) for rule in RULES for path in ("site", "admin", "avsi_import") if getattr(rule, path)]


@pytest.fixture
def actors(request, golubka_worker, margarita_worker, coordinator, sponsorship_officer):
    return {
        "golubka_worker": golubka_worker,
        "margarita_worker": margarita_worker,
        "coordinator": coordinator,
        "sponsorship_officer": sponsorship_officer,
    }


@pytest.mark.parametrize(("rule", "path"), ATTEMPTS, ids=[f"{rule.name} via {path}" for rule, path in ATTEMPTS])
def test_every_path_refuses_what_the_rule_forbids(rule, path, actors, client):
    records = rule.arrange(actors) | {"margarita_worker": actors["margarita_worker"]}
    before = rule.written(records)

    def logged_in(name):
        client.force_login(actors[name])
        return client

    if path == "avsi_import":
        with translation.override("en"):
            result = avsi_spreadsheet_import(
                data=csv_bytes(*rule.avsi_import(records)),
                name="avsi.csv",
                dry_run=False,
                by=actors["sponsorship_officer"],
            )
        assert not result.applied
        assert [rule.message in outcome.detail for outcome in result.rejected] == [True], result.rejected
    else:
        response = getattr(rule, path)(logged_in, records)
        if path == "admin" and response.status_code == 403:
            pass  # the admin shows these records and links to the site page that edits them
        else:
            assert response.status_code in (200, 400), response.status_code
            assert escape(rule.says.get(path, rule.message)) in response.content.decode()
            if path == "admin":
                assert "errornote" in response.content.decode()
    assert rule.written(records) == before
