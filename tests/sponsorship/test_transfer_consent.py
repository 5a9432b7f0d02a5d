"""Nothing about a child leaves for Italy (yearly update, letter to the sponsor) without her transfer consent."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Consent
from cases.services import consent_give, consent_withdraw
from sponsorship.services import correspondence_mark_sent
from tests.cases.factories import PersonFactory, RelationshipFactory
from tests.sponsorship.factories import CorrespondenceFactory


@pytest.fixture
def mother(child):
    mother = PersonFactory(family_name="Зайцева", given_name="Ирина", birth_date=date(1988, 2, 2))
    RelationshipFactory(from_person=mother, to_person=child.person, kind="mother")
    return mother


def _send(item, officer, day=date(2025, 11, 1)):
    correspondence_mark_sent(correspondence=item, sent_on=day, by=officer)
    item.refresh_from_db()
    return item


def test_an_update_is_refused_without_the_transfer_consent(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship)
    with pytest.raises(ValidationError) as error:
        _send(item, sponsorship_officer)
    assert error.value.code == "no_transfer_consent" and "01.11.2025" in str(error.value)
    item.refresh_from_db()
    assert item.sent_on is None


def test_with_the_consent_signed_by_her_mother_it_is_sent(sponsorship_officer, sponsorship, mother):
    consent_give(
        person=sponsorship.child.person,
        purpose="share_with_sponsor",
        given_on=date(2025, 9, 1),
        signed_by=mother,
        by=sponsorship_officer,
    )
    assert _send(CorrespondenceFactory(sponsorship=sponsorship), sponsorship_officer).sent_on == date(2025, 11, 1)


def test_a_consent_given_after_the_sending_day_or_withdrawn_before_it_does_not_count(
    sponsorship_officer, sponsorship, mother
):
    person = sponsorship.child.person
    item = CorrespondenceFactory(sponsorship=sponsorship)
    later = consent_give(
        person=person, purpose="share_with_sponsor", given_on=date(2025, 11, 5), signed_by=mother, by=None
    )
    with pytest.raises(ValidationError) as refused:
        _send(item, sponsorship_officer)
    assert refused.value.code == "no_transfer_consent"
    later.delete()
    earlier = consent_give(
        person=person, purpose="share_with_sponsor", given_on=date(2025, 9, 1), signed_by=mother, by=None
    )
    consent_withdraw(consent=earlier, on=date(2025, 10, 1), by=None)
    with pytest.raises(ValidationError) as refused:
        _send(item, sponsorship_officer)
    assert refused.value.code == "no_transfer_consent"


def test_a_letter_handed_to_the_child_needs_no_transfer_consent(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship, kind="letter_to_child", due_on=None)
    assert _send(item, sponsorship_officer).sent_on


def test_the_photo_gate_still_applies_with_the_transfer_consent(sponsorship_officer, sponsorship):
    Consent.objects.create(person=sponsorship.child.person, purpose="share_with_sponsor", given_on=date(2025, 1, 1))
    item = CorrespondenceFactory(sponsorship=sponsorship, photo="correspondence/x.jpg")
    with pytest.raises(ValidationError) as refused:
        _send(item, sponsorship_officer)
    assert refused.value.code == "no_photo_consent"


def test_mark_sent_page_says_what_is_missing(as_user, sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(sponsorship=sponsorship)
    url = reverse("sponsorship:correspondence_mark_sent", args=[item.pk])
    response = as_user(sponsorship_officer).post(url, {"sent_on": "01.11.2025"})
    assert response.status_code == 400
    assert "no consent to the transfer of her data to Italy" in response.content.decode()


def test_the_childs_page_says_whether_the_transfer_consent_is_in_force(as_user, sponsorship_officer, child, mother):
    url = reverse("sponsorship:child_detail", args=[child.pk])
    client = as_user(sponsorship_officer)
    assert 'id="transfer-consent"><span class="text-danger">' in client.get(url).content.decode()
    consent_give(
        person=child.person, purpose="share_with_sponsor", given_on=date(2025, 9, 1), signed_by=mother, by=None
    )
    assert 'id="transfer-consent"><span class="text-success">' in client.get(url).content.decode()
