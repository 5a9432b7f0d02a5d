"""Two staff edit the same record in the admin: the second, stale save is refused, nothing is lost.

The same mechanism as the site (maksora.locking): the change form says who changed the
record and when, shows what changed in between, keeps what she typed and carries the new
version; a `list_editable` row changed meanwhile is refused with the same message.
"""

import re
from dataclasses import dataclass

import pytest
from concurrency.exceptions import RecordModifiedError
from django.urls import reverse

from cases.models import Person
from shelters.admin import RoomAdmin
from shelters.models import House, Room
from tests.cases.factories import CaseFactory, UserFactory
from tests.locking_forms import loaded_form, post_data
from tests.security.helpers import SignedInClient
from tests.shelters.factories import BedFactory, RoomFactory


@dataclass
class AdminEdit:
    model: type
    pk: int
    a_field: str
    a_value: str
    b_field: str
    b_value: str
    label: str  # the "changed in between" row for A's field
    # The model has history: it names who changed it, and knows what her form was loaded with,
    # so her second save keeps A's change (without history she sees it in the table and decides).
    named: bool = True

    @property
    def url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])


def _staff(role, units):
    a = UserFactory(username="anna", first_name="Анна", last_name="Орлова", role=role, units=units)
    b = UserFactory(username="berta", first_name="Берта", last_name="Лис", role=role, units=units)
    return a, b


def _coordinators():
    return _staff("coordinator", ["golubka", "margarita", "local"])


def _officers():
    return _staff("sponsorship_officer", ["distance"])


def _administrators():
    return _staff("admin", [])


def _person():
    person = CaseFactory().primary_person
    return AdminEdit(Person, person.pk, "phone", "+7 913 222-33-44", "address", "ул. Мира, 3", "Phone"), _coordinators()


def _room():
    room = RoomFactory()
    return AdminEdit(Room, room.pk, "name", "Комната 7", "floor", "3", "Room", named=False), _administrators()


def _house():
    house = House.objects.first()
    return AdminEdit(
        House, house.pk, "name", "Голубка-2", "address", "ул. Новая, 1", "Name", named=False
    ), _administrators()


# Sponsors, sponsored children and correspondence are edited on the site only (their
# admin pages are read-only); their stale saves are tested in tests/test_optimistic_locking.py.
ADMIN_FORMS = {
    "person": _person,
    "room": _room,
    "house": _house,
}


def _client(user):
    client = SignedInClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _stored(edit, field):
    obj = edit.model.objects.get(pk=edit.pk)
    return str(getattr(obj, field))


@pytest.mark.django_db
@pytest.mark.parametrize("make", ADMIN_FORMS.values(), ids=ADMIN_FORMS.keys())
def test_second_stale_save_in_the_admin_is_refused_and_keeps_what_she_typed(make):
    edit, (user_a, user_b) = make()
    client_a, client_b = _client(user_a), _client(user_b)
    loaded_a = loaded_form(client_a.get(edit.url))
    loaded_b = loaded_form(client_b.get(edit.url))

    saved = client_a.post(edit.url, post_data(loaded_a, **{edit.a_field: edit.a_value}))
    assert saved.status_code == 302, saved.content.decode()[:3000]

    refused = client_b.post(edit.url, post_data(loaded_b, **{edit.b_field: edit.b_value}))
    page = refused.content.decode()
    assert refused.status_code == 200  # the admin re-renders its form with the errors
    if edit.named:
        assert "Changed by Анна Орлова at " in page
    assert "since you opened this form" in page
    assert edit.b_value in page
    assert f"<td>{edit.label}</td>" in page
    assert _stored(edit, edit.a_field) == edit.a_value

    again = client_b.post(edit.url, post_data(loaded_form(refused), **{edit.b_field: edit.b_value}))
    assert again.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul", again.content.decode(), re.S)
    assert _stored(edit, edit.b_field) == edit.b_value
    if edit.named:
        assert _stored(edit, edit.a_field) == edit.a_value


@pytest.mark.django_db
def test_a_stale_list_editable_row_is_refused_and_the_others_are_not_saved_either():
    user_a, user_b = _administrators()
    room = RoomFactory(floor=1)
    url = reverse("admin:shelters_room_changelist")
    client_a, client_b = _client(user_a), _client(user_b)
    loaded_b = loaded_form(client_b.get(url), containing="form-TOTAL_FORMS")
    assert any(key.startswith("form-_concurrency_version_") for key in loaded_b)

    room.name = "Комната 12"
    room.save()  # A renames the room in its change form meanwhile

    index = next(k.split("-")[1] for k in loaded_b if k.endswith("-id") and loaded_b[k] == str(room.pk))
    data = post_data(loaded_b, **{f"form-{index}-floor": "4", "_save": "Save"})
    refused = client_b.post(url, data)
    page = refused.content.decode()
    assert refused.status_code == 200 and "since you opened this form" in page
    room.refresh_from_db()
    assert (room.floor, room.name) == (1, "Комната 12")

    again = client_b.post(url, post_data(loaded_form(refused, containing="form-TOTAL_FORMS"), _save="Save"))
    assert again.status_code == 302
    room.refresh_from_db()
    assert (room.floor, room.name) == (4, "Комната 12")
    assert client_a.get(url).status_code == 200


@pytest.mark.django_db
def test_a_stale_inline_row_is_refused_on_its_parent_change_form():
    user_a, user_b = _administrators()
    room = RoomFactory(floor=1)
    bed = BedFactory(room=room, label="A")
    url = reverse("admin:shelters_room_change", args=[room.pk])
    loaded_b = loaded_form(_client(user_b).get(url))
    assert f"beds-_concurrency_version_{bed.pk}" in loaded_b

    bed.label = "A1"
    bed.save()  # A relabels the bed meanwhile

    index = next(k.split("-")[1] for k in loaded_b if k.startswith("beds-") and k.endswith("-id") and loaded_b[k])
    refused = _client(user_b).post(url, post_data(loaded_b, **{f"beds-{index}-label": "B"}))
    assert refused.status_code == 200 and "since you opened this form" in refused.content.decode()
    bed.refresh_from_db()
    assert bed.label == "A1"


@pytest.mark.django_db
def test_a_save_overtaken_after_the_check_is_refused_with_a_message_not_a_server_error(monkeypatch):
    room = RoomFactory(name="Комната 1")
    admin_user = _administrators()[0]
    client = _client(admin_user)
    url = reverse("admin:shelters_room_change", args=[room.pk])
    data = post_data(loaded_form(client.get(url)), name="Комната 2")

    def overtaken(self, request, obj, form, change):
        raise RecordModifiedError("saved meanwhile", target=obj)

    monkeypatch.setattr(RoomAdmin, "save_model", overtaken)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Someone saved this record a moment before you" in response.content.decode()
    room.refresh_from_db()
    assert room.name == "Комната 1"
