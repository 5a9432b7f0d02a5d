"""Case content is shown in the admin with a link to the site page that edits it; configuration stays editable."""

from datetime import date

from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases.models import Case, Relationship
from shelters.models import BedOutOfService
from tests.admin.posting import admin_change
from tests.cases.factories import CaseFactory, NoteFactory, PersonFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory, house
from tests.sponsorship.factories import SponsorshipFactory


def test_a_note_page_in_the_admin_links_to_its_case_page_and_cannot_be_saved(client, coordinator, golubka_worker):
    note = NoteFactory(case=CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker), author=golubka_worker)
    client.force_login(coordinator)
    url = reverse("admin:cases_note_change", args=[note.pk])

    page = client.get(url).content.decode()

    assert reverse("cases:case_detail", args=[note.case_id]) in page
    assert "Open the page where this is edited" in page
    assert 'name="_save"' not in page
    assert client.post(url, {"text": "changed"}).status_code == 403
    note.refresh_from_db()
    assert note.text != "changed"


def test_a_sponsorship_page_in_the_admin_links_to_the_child_page(client, sponsorship_officer):
    sponsorship = SponsorshipFactory()
    client.force_login(sponsorship_officer)
    page = client.get(reverse("admin:sponsorship_sponsorship_change", args=[sponsorship.pk])).content.decode()
    assert reverse("sponsorship:child_detail", args=[sponsorship.child_id]) in page
    assert client.get(reverse("admin:sponsorship_sponsorship_add")).status_code == 403


def test_coordinator_edits_a_person_in_the_admin_with_the_site_rules(client, coordinator, golubka_worker):
    person = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker).primary_person
    client.force_login(coordinator)

    response = admin_change(client, "admin:cases_person_change", person.pk, phone="8 (383) 123-45-67")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "8 (383) 123-45-67"

    refused = admin_change(client, "admin:cases_person_change", person.pk, phone="12ab")
    assert refused.status_code == 200 and "errornote" in refused.content.decode()
    person.refresh_from_db()
    assert person.phone == "8 (383) 123-45-67"


def test_a_free_bed_is_taken_out_of_service_in_the_admin(client, coordinator):
    bed = BedFactory(room=RoomFactory(house=house("golubka")))
    client.force_login(coordinator)
    data = {"bed": bed.pk, "period_0": "2025-03-01", "period_1": "2025-04-01", "reason": "Broken frame"}

    response = client.post(reverse("admin:shelters_bedoutofservice_add"), data)

    assert response.status_code == 302
    closure = BedOutOfService.objects.get()
    assert (closure.bed, closure.period, closure.reason) == (
        bed,
        DateRange(date(2025, 3, 1), date(2025, 4, 1), "[)"),
        "Broken frame",
    )


def test_an_overlapping_out_of_service_period_is_refused_on_the_form(client, coordinator):
    bed = BedFactory(room=RoomFactory(house=house("golubka")))
    BedOutOfService.objects.create(bed=bed, period=DateRange(date(2025, 3, 1), date(2025, 4, 1), "[)"))
    client.force_login(coordinator)
    data = {"bed": bed.pk, "period_0": "2025-03-15", "period_1": "2025-05-01", "reason": ""}

    response = client.post(reverse("admin:shelters_bedoutofservice_add"), data)

    assert response.status_code == 200
    assert "is already out of service on some of these days" in response.content.decode()
    assert BedOutOfService.objects.count() == 1


def test_the_administrator_is_told_a_bed_is_occupied_without_seeing_who_sleeps_there(client, site_admin):
    stay = StayFactory(period=DateRange(date(2025, 1, 10), None, "[)"))
    client.force_login(site_admin)
    data = {"bed": stay.bed.pk, "period_0": "2025-03-01", "period_1": "2025-04-01", "reason": ""}

    response = client.post(reverse("admin:shelters_bedoutofservice_add"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "is occupied on some of these days" in page
    assert stay.person.family_name not in page
    assert not BedOutOfService.objects.exists()


def test_case_details_and_family_links_are_changed_on_the_site_not_in_the_admin(client, coordinator):
    case = CaseFactory(unit=unit("golubka"), risk_level="low")
    client.force_login(coordinator)
    admin_change(client, "admin:cases_case_change", case.pk, risk_level="high", referral_source="school")
    case.refresh_from_db()
    assert (case.risk_level, case.referral_source) != ("high", "school")  # the rules' path is the site's form
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert 'name="risk_level"' not in page and f"/cases/{case.pk}/" in page
    child = PersonFactory()
    response = client.post(
        "/admin/cases/relationship/add/",
        {"from_person": case.primary_person.pk, "to_person": child.pk, "kind": "mother"},
    )
    assert response.status_code == 403
    assert not Relationship.objects.filter(to_person=child).exists()
    assert Case.objects.get(pk=case.pk).version == case.version
