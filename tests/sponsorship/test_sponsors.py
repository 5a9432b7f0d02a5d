import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sponsorship.models import Sponsor
from sponsorship.services import sponsor_save
from tests.sponsorship.factories import SponsorFactory

NEW_SPONSOR = {
    "avsi_code": "IT-MI-0099",
    "kind": "family",
    "name": "Famiglia Esposito",
    "country": "it",
    "language": "it",
    "email": "esposito@example.it",
    "phone": "+39 02 555 1234",
    "address": "Via Dante 5, Bergamo",
}


def test_a_sponsor_is_saved_with_an_upper_case_country(sponsorship_officer):
    sponsor = sponsor_save(by=sponsorship_officer, **NEW_SPONSOR)
    assert sponsor.country == "IT" and sponsor.name == "Famiglia Esposito"


def test_a_taken_sponsor_code_is_refused(sponsorship_officer, sponsor):
    with pytest.raises(ValidationError) as error:
        sponsor_save(by=sponsorship_officer, **{**NEW_SPONSOR, "avsi_code": sponsor.avsi_code.lower()})
    assert "avsi_code" in error.value.message_dict


def test_editing_keeps_its_own_code(sponsorship_officer, sponsor):
    sponsor_save(by=sponsorship_officer, sponsor=sponsor, avsi_code=sponsor.avsi_code, name="Famiglia Zanetti-Conti")
    sponsor.refresh_from_db()
    assert sponsor.name == "Famiglia Zanetti-Conti"


def test_managers_cannot_save_sponsors(manager):
    with pytest.raises(PermissionDenied):
        sponsor_save(by=manager, **NEW_SPONSOR)


def test_add_page_creates_a_sponsor(as_user, sponsorship_officer):
    response = as_user(sponsorship_officer).post(reverse("sponsorship:sponsor_add"), NEW_SPONSOR)
    sponsor = Sponsor.objects.get(avsi_code="IT-MI-0099")
    assert response["Location"] == reverse("sponsorship:sponsor_detail", args=[sponsor.pk])


def test_add_page_rejects_a_bad_country_and_email_keeping_the_name(as_user, sponsorship_officer):
    data = {**NEW_SPONSOR, "country": "Italia", "email": "not-an-email"}
    response = as_user(sponsorship_officer).post(reverse("sponsorship:sponsor_add"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "two-letter country code" in content and 'value="Famiglia Esposito"' in content
    assert not Sponsor.objects.exists()


def test_edit_page_reports_a_taken_code(as_user, sponsorship_officer, sponsor):
    other = SponsorFactory(avsi_code="IT-OTHER")
    url = reverse("sponsorship:sponsor_edit", args=[sponsor.pk])
    response = as_user(sponsorship_officer).post(url, {**NEW_SPONSOR, "avsi_code": "it-other"})
    assert response.status_code == 400 and "already has the AVSI code" in response.content.decode()
    assert other.avsi_code == "IT-OTHER"


def test_list_finds_sponsors_by_name_or_code(as_user, manager, sponsor):
    SponsorFactory(name="Giulia Bianchi", avsi_code="IT-GB-1")
    client = as_user(manager)
    content = client.get(reverse("sponsorship:sponsor_list"), {"q": "zanetti"}).content.decode()
    assert "Famiglia Zanetti" in content and "Giulia Bianchi" not in content
    content = client.get(reverse("sponsorship:sponsor_list"), {"q": "IT-GB"}).content.decode()
    assert "Giulia Bianchi" in content and "Famiglia Zanetti" not in content


def test_detail_shows_contact_and_children_to_managers_without_edit_links(as_user, manager, sponsorship):
    url = reverse("sponsorship:sponsor_detail", args=[sponsorship.sponsor.pk])
    content = as_user(manager).get(url).content.decode()
    assert "zanetti@example.it" in content and sponsorship.child.avsi_code in content
    assert reverse("sponsorship:sponsor_edit", args=[sponsorship.sponsor.pk]) not in content


def test_managers_get_403_on_sponsor_changes(client, manager, sponsor):
    client.force_login(manager)
    assert client.post(reverse("sponsorship:sponsor_add"), NEW_SPONSOR).status_code == 403
    assert client.post(reverse("sponsorship:sponsor_edit", args=[sponsor.pk]), NEW_SPONSOR).status_code == 403
    assert not Sponsor.objects.filter(avsi_code="IT-MI-0099").exists()


@pytest.mark.parametrize("actor", ["distance_worker", "golubka_worker", "coordinator"])
def test_sponsor_pages_are_closed_to_everyone_but_sponsorship_staff_and_managers(client, request, actor, sponsor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("sponsorship:sponsor_list")).status_code == 403
    assert client.get(reverse("sponsorship:sponsor_detail", args=[sponsor.pk])).status_code == 404
    assert client.get(reverse("sponsorship:sponsor_statement", args=[sponsor.pk])).status_code == 404
    assert client.get(reverse("sponsorship:sponsor_edit", args=[sponsor.pk])).status_code == 404


def test_unknown_sponsor_is_404(client, sponsorship_officer):
    client.force_login(sponsorship_officer)
    assert client.get("/sponsorship/sponsors/999999/").status_code == 404
