"""The shared day field: dd.mm.yyyy and yyyy-mm-dd in every language, typed value kept on error."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from cases.models import Task
from maksora.forms import DayField, parse_day
from tests.cases.factories import CaseFactory, unit

LANGUAGES = ["en", "ru", "it"]
INVALID = "Enter a date as dd.mm.yyyy or yyyy-mm-dd."


class VisitForm(forms.Form):
    on = DayField(label="On")
    place = forms.CharField(max_length=5)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["25.11.2026", "2026-11-25", " 25.11.2026 ", "25/11/2026"])
def test_both_ways_of_writing_a_day_are_accepted_in_every_language(language, typed):
    with translation.override(language):
        form = VisitForm({"on": typed, "place": "here"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == date(2026, 11, 25)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["yesterday", "31.02.2026", "11/25/2026", "25.11.26"])
def test_anything_else_gets_the_translated_message(language, typed):
    with translation.override(language):
        form = VisitForm({"on": typed, "place": "here"})
        assert not form.is_valid()
        assert form.errors["on"] == [translation.gettext(INVALID)]


def test_the_message_is_translated_when_shown_not_when_imported():
    assert isinstance(DayField().error_messages["invalid"], Promise)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_typed_day_is_shown_again_in_the_date_picker_after_an_error(language):
    with translation.override(language):
        html = str(VisitForm({"on": "25.11.2026", "place": "too long"})["on"])
    # <input type=date> only reads ISO: the typed dd.mm.yyyy would show as blank.
    assert 'type="date"' in html
    assert 'value="2026-11-25"' in html


def test_garbage_is_shown_again_as_typed():
    html = str(VisitForm({"on": "32.13.2026", "place": "here"})["on"])
    assert 'value="32.13.2026"' in html


def test_an_initial_day_is_shown_as_iso():
    html = str(VisitForm(initial={"on": date(2026, 1, 5)})["on"])
    assert 'value="2026-01-05"' in html


def test_parse_day_gives_none_for_empty_or_garbage():
    assert parse_day("05.01.2026") == date(2026, 1, 5)
    assert parse_day("") is None
    assert parse_day(None) is None
    assert parse_day("soon") is None


@pytest.fixture
def post_task(as_user, golubka_worker):
    """Post the English "add a task" form of a Golubka case opened on 01.01.2026."""
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker, opened_on=date(2026, 1, 1))
    client = as_user(golubka_worker)
    url = reverse("cases:task_add", args=[case.pk])
    return lambda title, due_on: client.post(url, {"title": title, "due_on": due_on, "assigned_to": golubka_worker.pk})


def test_english_case_page_accepts_a_russian_written_day(post_task):
    assert post_task("Doctor", "25.11.2026").status_code == 302
    assert Task.objects.get().due_on == date(2026, 11, 25)


def test_english_case_page_keeps_the_typed_day_on_an_error(post_task):
    response = post_task("", "25.11.2026")
    assert response.status_code == 400
    assert 'value="2026-11-25"' in response.content.decode()
    response = post_task("Doctor", "soon")
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert not Task.objects.exists()
