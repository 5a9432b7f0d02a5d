"""Papers that expire: types with a usual validity, the expiring list, and what a programme still needs."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Attachment, DocumentType
from cases.paperwork import add_months, paper_details_check, paper_valid_until, papers_missing
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, UserFactory, unit

TODAY = date(2026, 6, 10)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(date(2026, 6, 10), tick=False):
        yield


def paper_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def paper(person, code, *, valid_until=None, issued_on=None, case=None, by):
    return Attachment.objects.create(
        person=person,
        case=case,
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name=f"{code}.pdf",
        content_type="application/pdf",
        size=len(PDF),
        kind="document",
        document_type=paper_type(code),
        issued_on=issued_on,
        valid_until=valid_until,
        uploaded_by=by,
    )


def test_a_type_s_usual_validity_counts_from_the_issue_date_and_a_typed_end_wins(db):
    medical = paper_type("medical_certificate")
    assert paper_valid_until(document_type=medical, issued_on=date(2026, 1, 31), valid_until=None) == date(2027, 1, 31)
    assert paper_valid_until(document_type=medical, issued_on=date(2026, 1, 31), valid_until=date(2026, 7, 1)) == date(
        2026, 7, 1
    )
    assert paper_valid_until(document_type=paper_type("snils"), issued_on=date(2020, 1, 1), valid_until=None) is None
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        (
            {"document_type": None, "document_number": "45 01 123456", "issued_on": None, "valid_until": None},
            "document_type",
        ),
        ({"issued_on": date(2026, 6, 11)}, "issued_on"),
        ({"issued_on": date(2026, 6, 1), "valid_until": date(2026, 5, 1)}, "valid_until"),
    ],
)
def test_paper_details_rule_refuses_bad_numbers_and_dates(db, fields, field_in_error):
    arguments = {"document_type": paper_type("passport_ru"), "document_number": "", "issued_on": None}
    arguments |= {"valid_until": None, **fields}
    with pytest.raises(ValidationError) as refused:
        paper_details_check(**arguments)
    assert field_in_error in refused.value.message_dict


def test_worker_files_a_medical_certificate_and_its_end_is_counted(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    person = golubka_case.primary_person
    response = client.post(
        reverse("cases:person_attachment_add", args=[person.pk]),
        {
            "file": SimpleUploadedFile("справка.pdf", PDF),
            "kind": "document",
            "document_type": paper_type("medical_certificate").pk,
            "document_number": "123-А",
            "issued_on": "15.03.2026",
        },
    )
    assert response.status_code == 302
    filed = Attachment.objects.get()
    assert (filed.person, filed.document_number, filed.valid_until) == (person, "123-А", date(2027, 3, 15))
    page = client.get(reverse("cases:person_detail", args=[person.pk])).content.decode()
    assert "Medical certificate № 123-А" in page and "valid until 15/03/2027" in page.replace(".", "/")


def test_a_paper_ending_before_its_issue_is_refused_and_what_was_typed_stays(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    response = client.post(
        reverse("cases:person_attachment_add", args=[golubka_case.primary_person.pk]),
        {
            "file": SimpleUploadedFile("p.pdf", PDF),
            "kind": "document",
            "document_type": paper_type("passport_ru").pk,
            "document_number": "50 05 654321",
            "issued_on": "01.06.2026",
            "valid_until": "01.05.2026",
        },
    )
    assert response.status_code == 400
    assert "A document cannot expire before it was issued." in response.content.decode()
    assert 'value="50 05 654321"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_on_a_case_page_a_typed_paper_names_its_holder_among_the_members(
    as_user, golubka_worker, golubka_case, margarita_case
):
    client = as_user(golubka_worker)
    child = CaseMemberFactory(case=golubka_case, person=PersonFactory(given_name="Пётр", birth_date=date(2019, 4, 1)))
    url = reverse("cases:case_attachment_add", args=[golubka_case.pk])
    fields = {"kind": "document", "document_type": paper_type("birth_certificate").pk}
    no_holder = client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF), **fields})
    assert no_holder.status_code == 400 and "Choose whose paper this is." in no_holder.content.decode()
    outsider = client.post(
        url, {"file": SimpleUploadedFile("b.pdf", PDF), "holder": margarita_case.primary_person.pk, **fields}
    )
    assert outsider.status_code == 400 and not Attachment.objects.exists()
    filed = client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF), "holder": child.person.pk, **fields})
    assert filed.status_code == 302
    assert Attachment.objects.get().person == child.person


@pytest.fixture
def papers_of_golubka(golubka_worker, golubka_case, margarita_case):
    """Each row a case the list must list or leave out, worked out by hand for 10 June 2026."""
    mother = golubka_case.primary_person
    by = golubka_worker
    expected = [
        paper(mother, "medical_certificate", valid_until=date(2026, 6, 5), by=by),  # expired 5 days ago
        paper(mother, "passport_ru", valid_until=date(2026, 6, 20), by=by),  # expires in 10 days
    ]
    # Left out: replaced by a newer paper of the same type, no end, or far off.
    paper(mother, "school_certificate", valid_until=date(2026, 5, 1), by=by)
    paper(mother, "school_certificate", valid_until=date(2027, 5, 1), by=by)
    paper(mother, "snils", by=by)
    paper(mother, "oms_policy", valid_until=date(2026, 7, 20), by=by)
    # Another unit's and a closed case's papers.
    paper(margarita_case.primary_person, "passport_ru", valid_until=date(2026, 6, 12), by=by)
    closed = CaseFactory(status="closed", closed_on=date(2026, 3, 1), assigned_to=golubka_worker)
    paper(closed.primary_person, "passport_ru", valid_until=date(2026, 6, 12), by=by)
    colleague = UserFactory(username="colleague", role="social_worker", units=["golubka"])
    colleagues_case = CaseFactory(assigned_to=colleague, primary_person=PersonFactory(family_name="Коллегина"))
    colleagues = paper(colleagues_case.primary_person, "passport_ru", valid_until=date(2026, 6, 30), by=by)
    return expected, colleagues


def listed(response) -> list[str]:
    return [paper.original_name + ":" + str(paper.person_id) for paper in response.context["page_obj"]]


def names(papers) -> list[str]:
    return [paper.original_name + ":" + str(paper.person_id) for paper in papers]


def test_a_worker_sees_her_cases_expired_and_expiring_papers_soonest_first(as_user, golubka_worker, papers_of_golubka):
    expected, colleagues = papers_of_golubka
    client = as_user(golubka_worker)
    mine = client.get(reverse("cases:papers_expiring"))
    assert mine.status_code == 200
    assert listed(mine) == names(expected)
    assert "expired" in mine.content.decode()
    units = client.get(reverse("cases:papers_expiring"), {"scope": "units"})
    assert listed(units) == names([*expected, colleagues])


def test_a_coordinator_starts_with_her_units_and_never_sees_another_unit(as_user, coordinator, papers_of_golubka):
    expected, colleagues = papers_of_golubka
    response = as_user(coordinator).get(reverse("cases:papers_expiring"))
    assert listed(response) == names([*expected, colleagues])
    assert "Петрова" not in response.content.decode()


def test_the_margarita_worker_sees_none_of_golubka_s_papers(as_user, margarita_worker, papers_of_golubka):
    response = as_user(margarita_worker).get(reverse("cases:papers_expiring"), {"scope": "units"})
    assert [paper.person.family_name for paper in response.context["page_obj"]] == ["Петрова"]


def test_the_expiring_list_costs_the_same_queries_at_two_sizes(
    as_user, golubka_worker, golubka_case, django_assert_max_num_queries
):
    client = as_user(golubka_worker)
    url = reverse("cases:papers_expiring")

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    paper(golubka_case.primary_person, "passport_ru", valid_until=date(2026, 6, 12), by=golubka_worker)
    one = count()
    for index in range(15):
        case = CaseFactory(assigned_to=golubka_worker, primary_person=PersonFactory(family_name=f"Семья{index}"))
        paper(case.primary_person, "medical_certificate", valid_until=date(2026, 6, 1), by=golubka_worker)
    assert count() == one


def test_the_case_page_lists_each_member_s_missing_required_papers(as_user, golubka_worker, golubka_case):
    mother = golubka_case.primary_person
    child = CaseMemberFactory(case=golubka_case, person=PersonFactory(given_name="Пётр", birth_date=date(2019, 4, 1)))
    paper(mother, "passport_ru", valid_until=date(2030, 1, 1), by=golubka_worker)
    paper(mother, "medical_certificate", valid_until=date(2026, 6, 1), by=golubka_worker)  # expired: still needed
    paper(child.person, "birth_certificate", by=golubka_worker)
    missing = papers_missing(people=[mother, child.person], unit_id=golubka_case.unit_id, today=TODAY)
    assert sorted((m.person.pk, m.document_type.code) for m in missing) == sorted(
        [
            (mother.pk, "snils"),
            (mother.pk, "oms_policy"),
            (mother.pk, "medical_certificate"),
            (child.person.pk, "snils"),
            (child.person.pk, "oms_policy"),
            (child.person.pk, "medical_certificate"),
        ]
    )
    page = as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert 'id="papers-missing"' in page and "OMS health insurance policy" in page


def test_distance_support_asks_a_child_for_a_birth_and_a_school_certificate(db):
    child = PersonFactory(given_name="Аня", birth_date=date(2014, 9, 1))
    case = CaseFactory(unit=unit("distance"), primary_person=child)
    missing = papers_missing(people=[child], unit_id=case.unit_id, today=TODAY)
    assert sorted(m.document_type.code for m in missing) == ["birth_certificate", "school_certificate"]


def test_the_admission_page_shows_the_papers_still_needed(as_user, golubka_worker, golubka_case):
    page = as_user(golubka_worker).get(reverse("shelters:admit", args=[golubka_case.pk])).content.decode()
    assert 'id="papers-missing"' in page and "Russian passport" in page


def test_the_intake_page_names_the_papers_each_unit_asks_for(as_user, golubka_worker):
    page = as_user(golubka_worker).get(reverse("cases:intake")).content.decode()
    assert 'id="papers-asked"' in page and "Birth certificate" in page


def test_administrators_edit_the_document_types_and_coordinators_cannot(as_user, site_admin, coordinator, client):
    medical = paper_type("medical_certificate")
    url = reverse("admin:cases_documenttype_change", args=[medical.pk])
    as_user(coordinator)
    assert client.get(reverse("admin:cases_documenttype_changelist")).status_code == 403
    client.post(url, {"name_ru": "Справка", "holder": "everyone", "position": 0, "version": medical.version})
    assert DocumentType.objects.get(pk=medical.pk).name_ru == "Медицинская справка"
    as_user(site_admin)
    response = client.get(reverse("admin:cases_documenttype_changelist"))
    assert response.status_code == 200 and "Медицинская справка" in response.content.decode()
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"validity_months": 6, "required_in": [unit("golubka").pk]}
    assert client.post(url, data).status_code == 302
    assert DocumentType.objects.get(pk=medical.pk).validity_months == 6
