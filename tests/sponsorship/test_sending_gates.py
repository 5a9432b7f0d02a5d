"""What must be done before an update leaves: its translation and the AVSI checklist; sending many at once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sponsorship import rules
from sponsorship.models import ChecklistItemType, ChecklistTick, Correspondence
from sponsorship.services import (
    correspondence_bulk_mark_sent,
    correspondence_checklist_set,
    correspondence_mark_sent,
    missing_checklist_items,
)
from tests.sponsorship.factories import CorrespondenceFactory, SponsorshipFactory

SENT_ON = date(2025, 11, 3)


@pytest.fixture(autouse=True)
def _english():
    # Refusals are read in the msgids' language, whatever the default interface language.
    with translation.override("en"):
        yield


@pytest.fixture
def checklist(db):
    """AVSI's list: the school report and the child's letter required, the photo optional."""
    return {
        "school": ChecklistItemType.objects.create(name="Школьный табель", position=1),
        "letter": ChecklistItemType.objects.create(name="Письмо ребёнка", position=2),
        "photo": ChecklistItemType.objects.create(name="Фото", required=False, position=0),
        "old": ChecklistItemType.objects.create(name="Анкета 2019", active=False),
    }


def test_translation_rule_refuses_only_an_update_waiting_for_translation():
    with pytest.raises(ValidationError) as error:
        rules.check_translated("pending")
    assert error.value.code == "not_translated"
    rules.check_translated("done")
    rules.check_translated("not_needed")


def test_checklist_rule_names_the_missing_items():
    with pytest.raises(ValidationError) as error:
        rules.check_checklist_complete(["Школьный табель", "Письмо ребёнка"])
    assert "Школьный табель, Письмо ребёнка" in error.value.messages[0]
    rules.check_checklist_complete([])


def test_an_untranslated_update_is_not_sent(sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, translation_status="pending")
    with pytest.raises(ValidationError, match="translation is not done"):
        correspondence_mark_sent(correspondence=item, sent_on=SENT_ON, by=sponsorship_officer)
    item.translation_status = "done"
    item.save()
    assert correspondence_mark_sent(correspondence=item, sent_on=SENT_ON, by=sponsorship_officer).sent_on == SENT_ON


def test_required_checklist_items_must_be_ticked_before_sending(sponsorship_officer, sponsorship, checklist):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship)
    assert missing_checklist_items(item) == ["Школьный табель", "Письмо ребёнка"]
    correspondence_checklist_set(correspondence=item, ticked=[checklist["school"]], by=sponsorship_officer)
    with pytest.raises(ValidationError, match="Письмо ребёнка"):
        correspondence_mark_sent(correspondence=item, sent_on=SENT_ON, by=sponsorship_officer)
    correspondence_checklist_set(
        correspondence=item, ticked=[checklist["school"], checklist["letter"]], by=sponsorship_officer
    )
    # The optional photo and the item type no longer in use are not asked for.
    assert correspondence_mark_sent(correspondence=item, sent_on=SENT_ON, by=sponsorship_officer).sent_on == SENT_ON


def test_checklist_applies_to_the_kinds_it_names(sponsorship_officer, sponsorship, checklist):
    letter = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, kind="letter_to_child", due_on=None)
    assert missing_checklist_items(letter) == []
    with pytest.raises(ValidationError):
        correspondence_checklist_set(correspondence=letter, ticked=[checklist["school"]], by=sponsorship_officer)


def test_ticking_again_unticks_what_is_left_out_and_a_sent_item_is_frozen(sponsorship_officer, sponsorship, checklist):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship)
    correspondence_checklist_set(
        correspondence=item, ticked=[checklist["school"], checklist["letter"]], by=sponsorship_officer
    )
    correspondence_checklist_set(correspondence=item, ticked=[checklist["letter"]], by=sponsorship_officer)
    assert list(ChecklistTick.objects.filter(correspondence=item).values_list("item_type__name", flat=True)) == [
        "Письмо ребёнка"
    ]
    Correspondence.objects.filter(pk=item.pk).update(sent_on=SENT_ON)
    with pytest.raises(ValidationError, match="already been sent"):
        correspondence_checklist_set(correspondence=item, ticked=[], by=sponsorship_officer)


def test_managers_cannot_tick_the_checklist(manager, sponsorship, checklist):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship)
    with pytest.raises(PermissionDenied):
        correspondence_checklist_set(correspondence=item, ticked=[checklist["school"]], by=manager)


def test_bulk_sending_sends_the_ready_ones_and_lists_the_refused_with_their_reason(sponsorship_officer, child):
    ready = [CorrespondenceFactory(transfer_consent=True, sponsorship=SponsorshipFactory()) for _ in range(2)]
    untranslated = CorrespondenceFactory(
        transfer_consent=True, sponsorship=SponsorshipFactory(), translation_status="pending"
    )
    result = correspondence_bulk_mark_sent(
        correspondences=[*ready, untranslated], sent_on=SENT_ON, by=sponsorship_officer
    )
    assert [item.pk for item in result.sent] == [item.pk for item in ready]
    assert [(item.pk, "translation is not done" in reason) for item, reason in result.refused] == [
        (untranslated.pk, True)
    ]
    assert set(Correspondence.objects.filter(sent_on=SENT_ON).values_list("pk", flat=True)) == {r.pk for r in ready}


def test_tracker_opens_on_the_overdue_tab_when_something_is_overdue(as_user, sponsorship_officer, sponsorship):
    client = as_user(sponsorship_officer)
    future = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, due_on=date(2099, 10, 31))
    response = client.get(reverse("sponsorship:tracker"))
    assert response.context["state"] == "due"
    assert [item.pk for item in response.context["page_obj"]] == [future.pk]
    late = CorrespondenceFactory(transfer_consent=True, sponsorship=SponsorshipFactory(), due_on=date(2020, 10, 31))
    response = client.get(reverse("sponsorship:tracker"))
    assert response.context["state"] == "overdue"
    assert [item.pk for item in response.context["page_obj"]] == [late.pk]
    assert client.get(reverse("sponsorship:tracker"), {"state": "due"}).context["state"] == "due"


def test_tracker_bulk_form_marks_the_ticked_rows_and_shows_the_refused(as_user, sponsorship_officer, checklist):
    client = as_user(sponsorship_officer)
    ready = CorrespondenceFactory(transfer_consent=True, sponsorship=SponsorshipFactory(), due_on=date(2020, 10, 31))
    correspondence_checklist_set(
        correspondence=ready, ticked=[checklist["school"], checklist["letter"]], by=sponsorship_officer
    )
    incomplete = CorrespondenceFactory(
        transfer_consent=True, sponsorship=SponsorshipFactory(), due_on=date(2020, 10, 31)
    )
    response = client.post(
        reverse("sponsorship:tracker_mark_sent") + "?state=overdue",
        {"items": [ready.pk, incomplete.pk], "sent_on": "03.11.2025"},
    )
    assert response.status_code == 200
    refused = response.content.decode()
    assert 'id="bulk-refused"' in refused and "checklist is not complete" in refused
    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert ready.sent_on == SENT_ON and incomplete.sent_on is None


def test_tracker_bulk_form_with_all_sent_goes_back_to_the_tracker(as_user, sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, due_on=date(2020, 10, 31))
    response = as_user(sponsorship_officer).post(
        reverse("sponsorship:tracker_mark_sent"), {"items": [item.pk], "sent_on": "03.11.2025"}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("sponsorship:tracker"))
    item.refresh_from_db()
    assert item.sent_on == SENT_ON


def test_tracker_bulk_form_refuses_no_rows_a_future_day_and_rows_already_sent(
    as_user, sponsorship_officer, sponsorship
):
    client = as_user(sponsorship_officer)
    url = reverse("sponsorship:tracker_mark_sent")
    assert client.post(url, {"sent_on": "03.11.2025"}).status_code == 400
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, due_on=date(2020, 10, 31))
    response = client.post(url, {"items": [item.pk], "sent_on": "01.01.2099"})
    assert response.status_code == 200 and "future" in response.content.decode()
    Correspondence.objects.filter(pk=item.pk).update(sent_on=SENT_ON)
    assert client.post(url, {"items": [item.pk], "sent_on": "03.11.2025"}).status_code == 400


@pytest.mark.parametrize("actor", ["manager", "distance_worker", "golubka_worker"])
def test_tracker_bulk_form_is_refused_to_those_who_do_not_edit_the_programme(db, client, request, actor, sponsorship):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, due_on=date(2020, 10, 31))
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse("sponsorship:tracker_mark_sent"), {"items": [item.pk], "sent_on": "03.11.2025"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.sent_on is None


def test_a_row_that_does_not_exist_is_not_a_choice(as_user, sponsorship_officer):
    response = as_user(sponsorship_officer).post(
        reverse("sponsorship:tracker_mark_sent"), {"items": [987654321], "sent_on": "03.11.2025"}
    )
    assert response.status_code == 400


def test_checklist_page_ticks_and_the_detail_says_what_is_missing(as_user, sponsorship_officer, sponsorship, checklist):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship)
    client = as_user(sponsorship_officer)
    page = client.get(reverse("sponsorship:correspondence_detail", args=[item.pk])).content.decode()
    assert 'id="checklist"' in page and 'id="send-blockers"' in page and "Школьный табель" in page
    response = client.post(
        reverse("sponsorship:correspondence_checklist", args=[item.pk]),
        {"ticked": [checklist["school"].pk, checklist["letter"].pk]},
    )
    assert response.status_code == 302
    page = client.get(reverse("sponsorship:correspondence_detail", args=[item.pk])).content.decode()
    assert 'id="send-blockers"' not in page
    response = client.post(reverse("sponsorship:correspondence_checklist", args=[item.pk]), {"ticked": ["nonsense"]})
    assert response.status_code == 400


def test_mark_sent_form_shows_the_missing_translation(as_user, sponsorship_officer, sponsorship):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, translation_status="pending")
    response = as_user(sponsorship_officer).post(
        reverse("sponsorship:correspondence_mark_sent", args=[item.pk]), {"sent_on": "03.11.2025"}
    )
    assert response.status_code == 400 and "translation is not done" in response.content.decode()


def test_managers_may_not_tick_on_the_page(as_user, manager, sponsorship, checklist):
    item = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship)
    response = as_user(manager).post(
        reverse("sponsorship:correspondence_checklist", args=[item.pk]), {"ticked": [checklist["school"].pk]}
    )
    assert response.status_code == 403


def test_admin_action_sends_through_the_same_gates(client, sponsorship_officer, sponsorship):
    untranslated = CorrespondenceFactory(transfer_consent=True, sponsorship=sponsorship, translation_status="pending")
    ready = CorrespondenceFactory(transfer_consent=True, sponsorship=SponsorshipFactory())
    client.force_login(sponsorship_officer)
    response = client.post(
        reverse("admin:sponsorship_correspondence_changelist"),
        {"action": "mark_sent_today", "_selected_action": [untranslated.pk, ready.pk]},
        follow=True,
    )
    assert "translation is not done" in response.content.decode()
    untranslated.refresh_from_db()
    ready.refresh_from_db()
    assert untranslated.sent_on is None and ready.sent_on is not None


def _tracker_queries(client, size) -> int:
    for _ in range(size):
        CorrespondenceFactory(transfer_consent=True, sponsorship=SponsorshipFactory(), due_on=date(2020, 10, 31))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sponsorship:tracker"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) >= size
    return len(queries)


def test_tracker_with_the_bulk_form_runs_the_same_queries_for_1_and_20_rows(as_user, sponsorship_officer):
    client = as_user(sponsorship_officer)
    one = _tracker_queries(client, 1)
    Correspondence.objects.all().delete()
    assert _tracker_queries(client, 20) == one
