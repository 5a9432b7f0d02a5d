"""Problem areas are ticked in the admin's case form, saved by the site's service (its timeline line, its version)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Case, CaseActivity
from tests.admin.posting import admin_change
from tests.cases.factories import CaseFactory, unit

pytestmark = pytest.mark.django_db


def change_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def test_the_change_form_offers_checkboxes_with_russian_labels(client, coordinator):
    case = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    client.force_login(coordinator)

    with translation.override("ru"):
        page = client.get(change_url(case), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    home = re.search(r'<input type="checkbox" name="problem_areas" value="home"[^>]*>', page)
    school = re.search(r'<input type="checkbox" name="problem_areas" value="school"[^>]*>', page)
    assert home and "checked" in home.group() and school and "checked" not in school.group()
    assert re.search(r"Жильё\s*</label>", page)


def test_ticks_are_saved_as_codes_through_the_service(client, coordinator):
    case = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    client.force_login(coordinator)

    response = admin_change(client, "admin:cases_case_change", case.pk, problem_areas=["school", "health"])

    assert response.status_code == 302
    saved = Case.objects.get(pk=case.pk)
    assert saved.problem_areas == ["school", "health"]
    assert saved.version == case.version + 1
    assert CaseActivity.objects.filter(case=case, summary__contains="→").exists()  # the service's timeline line


def test_an_area_not_in_the_list_is_refused(client, coordinator):
    case = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    client.force_login(coordinator)

    response = admin_change(client, "admin:cases_case_change", case.pk, problem_areas=["moon"])

    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert Case.objects.get(pk=case.pk).problem_areas == ["home"]


def test_a_stale_form_is_refused(client, coordinator):
    case = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    client.force_login(coordinator)
    page = client.get(change_url(case))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    Case.objects.filter(pk=case.pk).update(version=case.version + 5)

    response = client.post(change_url(case), data | {"problem_areas": ["school"]})

    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).problem_areas == ["home"]


def test_another_units_case_is_not_changed(client, coordinator):
    case = CaseFactory(unit=unit("margarita"), problem_areas=["home"])
    client.force_login(coordinator)

    response = client.post(change_url(case), {"problem_areas": ["school"]})

    assert response.status_code in (302, 403, 404)
    assert Case.objects.get(pk=case.pk).problem_areas == ["home"]


def test_the_changelist_filter_by_problem_area_still_works(client, coordinator):
    housing = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    schooling = CaseFactory(unit=unit("golubka"), problem_areas=["school"])
    client.force_login(coordinator)

    response = client.get(reverse("admin:cases_case_changelist"), {"problem_area": "home"})

    shown = list(response.context["cl"].result_list)
    assert housing in shown and schooling not in shown


def test_a_reader_sees_the_areas_as_words_and_cannot_tick_them(client, manager):
    case = CaseFactory(unit=unit("golubka"), problem_areas=["home"])
    client.force_login(manager)

    with translation.override("ru"):
        page = client.get(change_url(case), HTTP_ACCEPT_LANGUAGE="ru")
        posted = client.post(change_url(case), {"problem_areas": ["school"]})

    assert page.status_code == 200
    assert "Жильё" in page.content.decode() and 'name="problem_areas"' not in page.content.decode()
    assert posted.status_code == 403
    assert Case.objects.get(pk=case.pk).problem_areas == ["home"]
