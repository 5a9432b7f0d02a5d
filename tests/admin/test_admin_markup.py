"""The admin's rows, filters and sidebar from maksora.admin_markup read exactly as Django's templates write them."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth import get_user_model
from django.template import Context, engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from cases.admin.cases import CaseAdmin
from cases.models import Case
from maksora.admin_markup import filters, navigation, rows
from tests.cases.factories import CaseFactory, CaseMemberFactory, NoteFactory, PersonFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

# Each list is looked at unsorted, sorted by two columns, filtered, searched and on a later page.
QUERIES = ["", "?o=-2.3", "?o=4", "?p=2", "?q=Ив", "?open=all", "?status__exact=active&risk_level__exact=high"]


@pytest.fixture
def case_files(coordinator):
    worker = UserFactory(username="w<orker>", first_name='Вера "В."', last_name="Ко & Ко", role="social_worker")
    worker.units.set([unit("golubka")])
    people = [PersonFactory(family_name=f"Ив<анова>{i}", given_name="Анна & Мария", phone="") for i in range(3)]
    people.append(PersonFactory(family_name="Петрова", given_name="   ", patronymic="", birth_date=None))
    for i, person in enumerate(people):
        case = CaseFactory(
            unit=unit("golubka" if i % 2 else "local"),
            primary_person=person,
            assigned_to=worker if i % 2 else None,
            risk_level="high" if i == 1 else "low",
            next_review_on=date(2026, 3, i + 1) if i else None,
        )
        CaseMemberFactory(case=case, role="child")
        NoteFactory(case=case, author=worker if i else coordinator, confidential=bool(i % 2), duration_minutes=i * 400)
    return people


def _request(user, query="", opts=Case._meta):
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(path + query)
    request.user = get_user_model().objects.get(pk=user.pk)
    request.resolver_match = resolve(path)
    return request


def _djangos_rows(cl) -> str:
    template = engines["django"].engine.get_template("admin/change_list_results.html")
    return template.render(Context(admin_list.result_list(cl)))


def _changelists(user, admins=None):
    for model_admin in admins or admin.site._registry.values():
        for query in QUERIES:
            request = _request(user, query, model_admin.opts)
            if not model_admin.has_view_or_change_permission(request):
                break
            model_admin.list_per_page = 2  # so that "?p=2" is a page of its own
            try:
                cl = model_admin.get_changelist_instance(request)
            except admin.options.IncorrectLookupParameters:
                continue
            finally:
                del model_admin.list_per_page
            cl.formset = None  # as changelist_view leaves it without list_editable
            yield cl


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("role", ["coordinator", "manager", "site_admin"])
def test_rows_and_filters_read_as_djangos_templates_write_them(request, case_files, role, language):
    user = request.getfixturevalue(role)
    compared = 0
    with translation.override(language):
        for cl in _changelists(user):
            assert rows.result_list(cl) == _djangos_rows(cl), (type(cl.model_admin).__name__, cl.params)
            for spec in cl.filter_specs:
                assert filters.list_filter(cl, spec) == admin_list.admin_list_filter(cl, spec), spec.title
            compared += 1
    assert compared > 10


class OddColumnsAdmin(CaseAdmin):
    """Columns of every kind Django's builder knows: properties, `__str__`, booleans, related paths, blanks."""

    list_display = (
        "__str__",
        "pk",
        "primary_person__given_name",
        "is_open",
        "flagged",
        "blank",
        "opened_on",
        "assigned_to",
        "problem_areas",
        lambda case: case.risk_level,
    )
    list_display_links = ("pk", "opened_on")

    @admin.display(boolean=True, description="flagged")
    def flagged(self, case):
        return None if case.assigned_to_id is None else case.risk_level == "high"

    @admin.display(empty_value="(none)")
    def blank(self, case):
        return "  " if case.risk_level == "low" else '<b>"x"</b>'


def test_rows_of_every_kind_of_column_read_as_django_writes_them(case_files, coordinator, monkeypatch):
    monkeypatch.setattr(Case, "is_open", property(lambda case: case.status != "closed"), raising=False)
    odd = OddColumnsAdmin(Case, admin.site)
    with translation.override("ru"):
        for cl in _changelists(coordinator, [odd]):
            assert rows.result_list(cl) == _djangos_rows(cl), cl.params


def test_no_rows_read_as_django_writes_them(coordinator):
    cl = admin.site._registry[Case].get_changelist_instance(_request(coordinator))
    cl.formset = None
    assert rows.result_list(cl) == _djangos_rows(cl)


@pytest.mark.parametrize("path", ["/admin/cases/case/", "/admin/cases/", "/admin/"])
@pytest.mark.parametrize("role", ["coordinator", "manager", "sponsorship_officer", "site_admin", "outsider"])
def test_sidebar_reads_as_djangos_app_list_writes_it(request, role, path):
    user = request.getfixturevalue(role)
    page = _request(user)
    page.path = path
    apps = admin.site.get_app_list(page)
    with translation.override("ru"):
        expected = render_to_string(
            "admin/app_list.html", {"app_list": apps, "show_changelinks": False, "request": page}
        )
        assert navigation.sidebar_app_list(apps, path) == expected


def test_a_changelist_page_still_lists_her_cases_only(client, coordinator, case_files):
    margarita = CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Маргаритова"))
    client.force_login(coordinator)
    page = client.get("/admin/cases/case/?open=all").content.decode()
    assert "Ив&lt;анова&gt;0" in page and "Ив<анова>" not in page
    assert margarita.number not in page
