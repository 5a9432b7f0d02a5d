"""The case summary: print view and PDF of what the reader may see of a case, access-logged."""

from datetime import date

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from maksora.models import AccessRecord
from tests.cases.factories import (
    CaseFactory,
    CaseMemberFactory,
    GoalFactory,
    NoteFactory,
    PersonFactory,
    TaskFactory,
    unit,
)
from tests.pdf_text import overlapping_words, pdf_page_count, pdf_text
from tests.shelters.factories import StayFactory


@pytest.fixture
def golubka_case(golubka_worker):
    mother = PersonFactory(family_name="Соколова", given_name="Надежда", patronymic="Петровна")
    case = CaseFactory(unit=unit("golubka"), primary_person=mother, assigned_to=golubka_worker)
    CaseMemberFactory(case=case, person=PersonFactory(family_name="Соколов", given_name="Тимофей", sex="M"))
    GoalFactory(case=case, text="Оформить пособие на ребёнка")
    TaskFactory(case=case, title="Записаться к педиатру", assigned_to=golubka_worker)
    TaskFactory(case=case, title="Уже сделано", done_on=date(2026, 2, 1))
    NoteFactory(case=case, author=golubka_worker, text="Первая встреча: Надежда рассказала о ситуации.")
    NoteFactory(case=case, text="Секретная заметка другого сотрудника", confidential=True)
    StayFactory(person=mother, case=case, period=DateRange(date(2026, 1, 15), None, "[)"))
    return case


def test_print_view_shows_person_family_goals_open_tasks_notes_and_stays(client, golubka_worker, golubka_case):
    client.force_login(golubka_worker)
    response = client.get(reverse("documents:case_summary", args=[golubka_case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Соколова Надежда", "Соколов Тимофей", "Оформить пособие", "Записаться к педиатру", "Первая встреча"):
        assert text in page
    assert "Уже сделано" not in page
    assert "Секретная заметка" not in page  # another worker's confidential note
    assert 'id="print-button"' in page and reverse("documents:case_summary_pdf", args=[golubka_case.pk]) in page
    assert "Golubka" in page or "Голубка" in page
    record = AccessRecord.objects.get(user=golubka_worker)
    assert record.action == "view_case" and record.object_id == golubka_case.pk


def test_pdf_has_the_cyrillic_text_page_numbers_and_no_overlaps(client, golubka_worker, golubka_case):
    client.force_login(golubka_worker)
    response = client.get(reverse("documents:case_summary_pdf", args=[golubka_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{golubka_case.number}.pdf"'
    content = response.content
    text = pdf_text(content)
    assert "Соколова Надежда Петровна" in text and "Записаться к педиатру" in text
    pages = pdf_page_count(content)
    assert pages <= 3
    assert text.count(golubka_case.number) >= pages
    assert overlapping_words(content) == []
    assert AccessRecord.objects.get(user=golubka_worker).export_kind == "case_summary_pdf"


def test_case_page_links_to_the_print_view(client, golubka_worker, golubka_case):
    client.force_login(golubka_worker)
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert reverse("documents:case_summary", args=[golubka_case.pk]) in page


@pytest.mark.parametrize("url_name", ["documents:case_summary", "documents:case_summary_pdf"])
@pytest.mark.parametrize("actor", ["margarita_worker", "sponsorship_officer"])
def test_another_units_worker_and_the_sponsorship_officer_get_404(client, request, golubka_case, url_name, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(url_name, args=[golubka_case.pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_a_missing_case_is_404(client, golubka_worker):
    client.force_login(golubka_worker)
    assert client.get(reverse("documents:case_summary", args=[987654321])).status_code == 404


def test_manager_reads_the_summary(client, manager, golubka_case):
    client.force_login(manager)
    assert client.get(reverse("documents:case_summary", args=[golubka_case.pk])).status_code == 200
