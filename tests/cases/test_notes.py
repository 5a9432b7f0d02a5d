from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Note
from tests.cases.factories import NoteFactory, UserFactory


def url(case):
    return reverse("cases:note_add", args=[case.pk])


def test_quick_note_defaults_to_today(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    page = client.get(url(golubka_case)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    response = client.post(
        url(golubka_case),
        {
            "date": timezone.localdate().isoformat(),
            "kind": "home_visit",
            "duration_minutes": "45",
            "problem_areas": ["home"],
            "text": "Visited the flat; heating broken.",
        },
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.kind, note.duration_minutes, note.problem_areas) == (
        golubka_worker,
        "home_visit",
        45,
        ["home"],
    )
    page = client.get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert "heating broken" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "future", "A contact cannot be recorded in the future."),
        ("duration_minutes", "2000", "A contact lasts between 1 minute and one day."),
        ("text", "", "This field is required."),
    ],
)
def test_bad_note_is_refused_and_text_kept(as_user, golubka_worker, golubka_case, field, value, message):
    data = {"date": timezone.localdate().isoformat(), "kind": "meeting", "text": "Кратко о встрече"}
    data[field] = (timezone.localdate() + timedelta(days=2)).isoformat() if value == "future" else value
    response = as_user(golubka_worker).post(url(golubka_case), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    if field != "text":
        assert "Кратко о встрече" in content
    assert not Note.objects.exists()


def test_confidential_note_is_seen_by_author_and_coordinator_only(as_user, golubka_worker, golubka_case, coordinator):
    colleague = UserFactory(username="golubka_colleague", role="social_worker", units=["golubka"])
    NoteFactory(case=golubka_case, author=golubka_worker, confidential=True, text="Secret about the ex-partner")
    page = reverse("cases:case_detail", args=[golubka_case.pk])
    assert "Secret about the ex-partner" in as_user(golubka_worker).get(page).content.decode()
    assert "Secret about the ex-partner" in as_user(coordinator).get(page).content.decode()
    assert "Secret about the ex-partner" not in as_user(colleague).get(page).content.decode()
    assert "Secret about the ex-partner" not in as_user(colleague).get("/").content.decode()


def test_manager_cannot_add_notes(as_user, manager, golubka_case):
    response = as_user(manager).post(url(golubka_case), {"date": "2026-01-20", "kind": "meeting", "text": "x"})
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_other_unit_gets_404(as_user, margarita_worker, golubka_case):
    assert as_user(margarita_worker).get(url(golubka_case)).status_code == 404
    assert as_user(margarita_worker).get(reverse("cases:note_add", args=[999999])).status_code == 404
