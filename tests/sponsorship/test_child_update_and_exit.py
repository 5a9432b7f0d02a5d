from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sponsorship.models import SponsoredChild
from sponsorship.services import child_exit, child_update
from tests.sponsorship.factories import SponsoredChildFactory


def test_program_data_can_be_changed(sponsorship_officer, child):
    child_update(child=child, by=sponsorship_officer, school="Lyceum No. 9", grade="6", living_situation="foster")
    child.refresh_from_db()
    assert (child.school, child.grade, child.living_situation) == ("Lyceum No. 9", "6", "foster")


def test_changing_to_another_childs_code_is_refused(sponsorship_officer, child):
    other = SponsoredChildFactory(avsi_code="RU-OTHER")
    with pytest.raises(ValidationError):
        child_update(child=child, by=sponsorship_officer, avsi_code=other.avsi_code.lower())


def test_enrolment_cannot_move_after_a_sponsorship_start(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError) as error:
        child_update(child=sponsorship.child, by=sponsorship_officer, enrolled_on=date(2025, 1, 1))
    assert "enrolled_on" in error.value.message_dict


def test_exit_closes_the_sponsorship_in_force(sponsorship_officer, sponsorship):
    child_exit(child=sponsorship.child, exited_on=date(2025, 6, 15), exit_reason="moved_away", by=sponsorship_officer)
    sponsorship.refresh_from_db()
    assert sponsorship.period.upper == date(2025, 6, 15)
    assert sponsorship.end_reason == "child_exited"
    assert not SponsoredChild.objects.enrolled_on(date(2025, 6, 15)).exists()


def test_exit_before_enrolment_or_twice_is_refused(sponsorship_officer, child):
    with pytest.raises(ValidationError):
        child_exit(child=child, exited_on=date(2020, 1, 1), exit_reason="other", by=sponsorship_officer)
    child_exit(child=child, exited_on=date(2025, 1, 1), exit_reason="other", by=sponsorship_officer)
    with pytest.raises(ValidationError, match="already left"):
        child_exit(child=child, exited_on=date(2025, 2, 1), exit_reason="other", by=sponsorship_officer)


def test_edit_page_saves_and_rejects_bad_input(as_user, sponsorship_officer, child):
    client = as_user(sponsorship_officer)
    url = reverse("sponsorship:child_edit", args=[child.pk])
    data = {"avsi_code": child.avsi_code, "school": "School No. 12", "grade": "4", "living_situation": "family"}
    response = client.post(url, {**data, "enrolled_on": "bad"})
    assert response.status_code == 400 and 'value="School No. 12"' in response.content.decode()
    assert client.post(url, {**data, "enrolled_on": "01.09.2024"}).status_code == 302
    child.refresh_from_db()
    assert child.school == "School No. 12"


def test_exit_page_records_the_exit(as_user, sponsorship_officer, sponsorship):
    url = reverse("sponsorship:child_exit", args=[sponsorship.child.pk])
    client = as_user(sponsorship_officer)
    assert client.post(url, {"exited_on": "15.06.2025", "exit_reason": ""}).status_code == 400
    assert client.post(url, {"exited_on": "15.06.2025", "exit_reason": "finished_school"}).status_code == 302
    sponsorship.refresh_from_db()
    assert sponsorship.end_reason == "child_exited"


def test_edit_and_exit_pages_are_403_for_distance_workers_and_404_for_golubka(
    client, distance_worker, golubka_worker, child
):
    urls = [reverse("sponsorship:child_edit", args=[child.pk]), reverse("sponsorship:child_exit", args=[child.pk])]
    client.force_login(distance_worker)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(golubka_worker)
    assert [client.get(url).status_code for url in urls] == [404, 404]
