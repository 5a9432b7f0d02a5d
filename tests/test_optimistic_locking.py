"""Two staff edit the same record on the site: the second, stale save is refused, nothing is lost.

Each edit form is loaded by A and B (two users of the same unit); A saves one field, then B
saves another from her stale form. B is told who changed the record and when, sees what
changed in between, keeps what she typed; A's change stays. B's deliberate second save
goes through and keeps A's change too.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from cases.models import Case, Person
from maksora.locking import StaleEdit
from sponsorship.models import Correspondence, Sponsor, SponsoredChild
from sponsorship.services import sponsor_save
from tests.cases.factories import CaseFactory, PersonFactory, UserFactory
from tests.locking_forms import loaded_form, post_data
from tests.security.helpers import SignedInClient
from tests.sponsorship.factories import CorrespondenceFactory, SponsorFactory


@dataclass
class EditForm:
    name: str
    url: str
    model: type
    pk: int
    a_field: str
    a_value: str
    b_field: str
    b_value: str
    label: str  # the row of the "changed in between" table for A's field
    stored_a: object
    stored_b: object


def _two_golubka_staff():
    a = UserFactory(username="anna", first_name="Анна", last_name="Орлова", role="social_worker", units=["golubka"])
    b = UserFactory(username="berta", first_name="Берта", last_name="Лис", role="coordinator", units=["golubka"])
    return a, b


def _two_sponsorship_officers():
    kwargs = {"role": "sponsorship_officer", "units": ["distance"]}
    a = UserFactory(username="anna", first_name="Анна", last_name="Орлова", **kwargs)
    b = UserFactory(username="berta", first_name="Берта", last_name="Лис", **kwargs)
    return a, b


def _person_form():
    case = CaseFactory()
    person = case.primary_person
    return EditForm(
        "person", reverse("cases:person_edit", args=[person.pk]), Person, person.pk,
        "phone", "+7 913 111-22-33", "address", "ул. Ленина, 5",
        "Phone", "+7 913 111-22-33", "ул. Ленина, 5",
    ), _two_golubka_staff()  # fmt: skip


def _case_review_form():
    case = CaseFactory(opened_on=date(2025, 1, 10))
    return EditForm(
        "case review", reverse("cases:case_detail", args=[case.pk]), Case, case.pk,
        "next_review_on", "2026-03-01", "next_review_on", "2026-04-15",
        "Next review", date(2026, 3, 1), date(2026, 4, 15),
    ), _two_golubka_staff()  # fmt: skip


def _case_edit_form():
    case = CaseFactory(opened_on=date(2025, 1, 10), referral_source="self")
    return EditForm(
        "case details", reverse("cases:case_edit", args=[case.pk]), Case, case.pk,
        "referral_source", "school", "next_review_on", "2026-04-15",
        "Referral source", "school", date(2026, 4, 15),
    ), _two_golubka_staff()  # fmt: skip


def _sponsor_form():
    sponsor = SponsorFactory()
    return EditForm(
        "sponsor", reverse("sponsorship:sponsor_edit", args=[sponsor.pk]), Sponsor, sponsor.pk,
        "phone", "+39 02 7654321", "address", "Via Verdi 7, Milano",
        "Phone", "+39 02 7654321", "Via Verdi 7, Milano",
    ), _two_sponsorship_officers()  # fmt: skip


def _child_form():
    from tests.sponsorship.factories import SponsoredChildFactory

    child = SponsoredChildFactory()
    return EditForm(
        "sponsored child", reverse("sponsorship:child_edit", args=[child.pk]), SponsoredChild, child.pk,
        "school", "Lyceum No. 9", "grade", "6",
        "School", "Lyceum No. 9", "6",
    ), _two_sponsorship_officers()  # fmt: skip


def _correspondence_form():
    staff = _two_sponsorship_officers()
    item = CorrespondenceFactory(created_by=staff[0])
    return EditForm(
        "correspondence", reverse("sponsorship:correspondence_edit", args=[item.pk]), Correspondence, item.pk,
        "text", "Cara famiglia, Alina ora va in sesta.", "language", "en",
        "Text", "Cara famiglia, Alina ora va in sesta.", "en",
    ), staff  # fmt: skip


SITE_FORMS = {
    "person": _person_form,
    "case_review": _case_review_form,
    "case_details": _case_edit_form,
    "sponsor": _sponsor_form,
    "sponsored_child": _child_form,
    "correspondence": _correspondence_form,
}


def _client(user) -> SignedInClient:
    client = SignedInClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _post_url(form: EditForm) -> str:
    # The review form sits on the case page and posts to its own address.
    if form.name == "case review":
        return reverse("cases:case_review", args=[form.pk])
    return form.url


def _stored(form: EditForm, field: str):
    return getattr(form.model.objects.get(pk=form.pk), field)


@pytest.mark.django_db
@pytest.mark.parametrize("make", SITE_FORMS.values(), ids=SITE_FORMS.keys())
def test_second_stale_save_on_the_site_is_refused_and_keeps_what_she_typed(make):
    form, (user_a, user_b) = make()
    client_a, client_b = _client(user_a), _client(user_b)
    loaded_a = loaded_form(client_a.get(form.url))
    loaded_b = loaded_form(client_b.get(form.url))

    saved = client_a.post(_post_url(form), post_data(loaded_a, **{form.a_field: form.a_value}))
    assert saved.status_code == 302

    refused = client_b.post(_post_url(form), post_data(loaded_b, **{form.b_field: form.b_value}))
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Changed by Анна Орлова at " in page and "since you opened this form" in page
    assert form.b_value in page  # what she typed is still in the form
    assert "stale-changes" in page and f"<td>{form.label}</td>" in page
    assert _stored(form, form.a_field) == form.stored_a  # A's change is intact

    again = client_b.post(_post_url(form), post_data(loaded_form(refused), **{form.b_field: form.b_value}))
    assert again.status_code == 302
    assert _stored(form, form.b_field) == form.stored_b
    if form.a_field != form.b_field:
        assert _stored(form, form.a_field) == form.stored_a  # her second save did not revert A's change


@pytest.mark.django_db
def test_a_tampered_version_is_refused_as_a_bad_request():
    person = PersonFactory()
    case = CaseFactory(primary_person=person)
    client = _client(UserFactory(role="social_worker", units=[case.unit.code]))
    url = reverse("cases:person_edit", args=[person.pk])
    data = post_data(loaded_form(client.get(url)), version="7")
    assert client.post(url, data).status_code == 400
    person.refresh_from_db()
    assert person.version == 1


@pytest.mark.django_db
def test_the_service_refuses_a_stale_version_whatever_the_caller(sponsorship_officer):
    sponsor = SponsorFactory()
    sponsor_save(by=sponsorship_officer, sponsor=sponsor, expected_version=1, phone="+39 02 1111111")
    with pytest.raises(StaleEdit):
        sponsor_save(by=sponsorship_officer, sponsor=sponsor, expected_version=1, address="Via Po 2")
    sponsor.refresh_from_db()
    assert (sponsor.phone, sponsor.address, sponsor.version) == ("+39 02 1111111", "Via Roma 1, Milano", 2)


@pytest.mark.django_db
def test_bulk_writes_move_the_version_on_so_open_forms_become_stale():
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).update(phone="+7 900 000-00-00")
    Sponsor.objects.bulk_update([SponsorFactory(phone="+39 1")], ["phone"])
    person.refresh_from_db()
    assert person.version == 2
    assert Sponsor.objects.get().version == 2


@pytest.mark.django_db
def test_a_save_of_some_fields_moves_the_version_on_once():
    person = PersonFactory()
    person.phone = "+7 913 000-00-01"
    person.save(update_fields=["phone"])
    person.address = "ул. Мира, 1"
    person.save(update_fields=["address"])
    person.refresh_from_db()
    assert (person.version, person.phone, person.address) == (3, "+7 913 000-00-01", "ул. Мира, 1")
