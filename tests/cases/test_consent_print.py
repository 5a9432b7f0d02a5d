"""The consent form to sign, per purpose: print view in the browser and the same page as a PDF."""

from datetime import date

import pytest
from django.urls import reverse

from tests.cases.factories import CaseMemberFactory, PersonFactory, RelationshipFactory
from tests.pdf_text import pdf_text


@pytest.fixture
def child(golubka_case):
    child = PersonFactory(family_name="Иванова", given_name="Алина", patronymic="", birth_date=date(2016, 3, 1))
    CaseMemberFactory(case=golubka_case, person=child, role="child")
    RelationshipFactory(from_person=golubka_case.primary_person, to_person=child, kind="mother")
    return child


def _url(person, purpose, pdf=False, **params):
    name = "cases:consent_print_pdf" if pdf else "cases:consent_print"
    url = reverse(name, args=[person.pk, purpose])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_print_view_fills_in_her_data_and_the_text(as_user, golubka_worker, golubka_case):
    person = golubka_case.primary_person
    response = as_user(golubka_worker).get(_url(person, "data_processing"))
    assert response.status_code == 200
    page = response.content.decode()
    assert person.full_name in page and "152-ФЗ" in page and "{signer}" not in page
    assert _url(person, "data_processing", pdf=True) in page


def test_pdf_names_the_child_and_her_mother_as_representative(as_user, golubka_worker, golubka_case, child):
    mother = golubka_case.primary_person
    response = as_user(golubka_worker).get(_url(child, "data_processing", pdf=True, signed_by=mother.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Иванова Алина, 01.03.2016" in text and f"Я, {mother.full_name}" in text and "152-ФЗ" in text


def test_the_transfer_form_prints_in_italian(as_user, golubka_worker, golubka_case, child):
    mother = golubka_case.primary_person
    url = _url(child, "share_with_sponsor", pdf=True, signed_by=mother.pk, language="it")
    text = " ".join(pdf_text(as_user(golubka_worker).get(url).content).split())
    assert "acconsento" in text and "in Italia" in text and "Иванова Алина, 01.03.2016" in text
    assert f"Io sottoscritto/a, {mother.full_name}" in text and "AVSI" in text


def test_a_language_without_a_text_falls_back_to_russian(as_user, golubka_worker, golubka_case):
    url = _url(golubka_case.primary_person, "photos", language="it")
    page = as_user(golubka_worker).get(url).content.decode()
    assert "фото- и видеосъёмку" in page


def test_an_unknown_purpose_or_signer_is_not_an_error_page(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    assert client.get(_url(golubka_case.primary_person, "nope")).status_code == 404
    stranger = PersonFactory(family_name="Чужая", given_name="Вера")
    response = client.get(_url(golubka_case.primary_person, "photos", signed_by=stranger.pk))
    assert response.status_code == 200 and stranger.full_name not in response.content.decode()


def test_another_units_worker_gets_404_and_the_manager_403(as_user, margarita_worker, manager, golubka_case):
    url = _url(golubka_case.primary_person, "data_processing", pdf=True)
    assert as_user(margarita_worker).get(url).status_code == 404
    assert as_user(manager).get(url).status_code == 403
