"""The site's and the admin's searches find what the duplicate matcher finds: variants, phones, exact codes."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, Person
from cases.names import fold_name
from maksora.models import AccessRecord
from maksora.rules import phone_digits
from tests.cases.factories import CaseFactory, PersonFactory, unit
from tests.sponsorship.factories import SponsoredChildFactory

LIST = reverse("cases:case_list")
AUTOCOMPLETE = reverse("cases:person_autocomplete")
ADMIN_CASES = reverse("admin:cases_case_changelist")
ADMIN_PEOPLE = reverse("admin:cases_person_changelist")
CHILDREN = reverse("sponsorship:child_list")


def golubka_case_of(family_name, given_name, **person):
    return CaseFactory(
        unit=unit("golubka"), primary_person=PersonFactory(family_name=family_name, given_name=given_name, **person)
    )


def numbers_in(html: str, cases) -> list[str]:
    """The given cases' numbers in the order the page lists them."""
    wanted = {case.number for case in cases}
    pattern = "|".join(re.escape(number) for number in sorted(wanted, key=len, reverse=True))
    found = []
    for number in re.findall(rf"(?<![\w-])({pattern})(?![\w-])", html):
        if number not in found:
            found.append(number)
    return found


@pytest.fixture
def vorobyova(golubka_worker):
    return golubka_case_of("Воробьёва", "Мария", phone="+7 913 123-45-67")


@pytest.fixture
def someone_else(golubka_worker):
    return golubka_case_of("Смирнова", "Дарья", phone="+7 913 765-43-21")


@pytest.mark.parametrize(
    "query", ["Vorobyova", "Vorobieva", "Воробьева", "воробьёва", "Маша Воробьёва", "Masha", "Машенька", "Vorobyov"]
)
def test_case_list_finds_vorobyova_by_latin_spelling_yo_and_given_name_variants(
    as_user, golubka_worker, vorobyova, someone_else, query, namesakes
):
    content = as_user(golubka_worker).get(LIST, {"q": query}).content.decode()
    assert vorobyova.number in content
    assert someone_else.number not in content


def test_a_record_typed_in_latin_is_found_by_its_cyrillic_spelling(as_user, golubka_worker, someone_else, namesakes):
    latin = golubka_case_of("Vorobyova", "Mariya")
    for query in ("Воробьёва", "Маша"):
        content = as_user(golubka_worker).get(LIST, {"q": query}).content.decode()
        assert latin.number in content and someone_else.number not in content, query


def test_a_typo_still_finds_the_name(as_user, golubka_worker, vorobyova, someone_else, namesakes):
    content = as_user(golubka_worker).get(LIST, {"q": "Воробёва Мария"}).content.decode()
    assert vorobyova.number in content and someone_else.number not in content


@pytest.mark.parametrize("query", ["+7 913 123-45-67", "8 913 1234567", "9131234567", "8 (913) 123 45 67"])
def test_phone_in_any_format_finds_the_person_on_the_site_and_in_the_admin(
    as_user, coordinator, vorobyova, someone_else, query
):
    client = as_user(coordinator)
    content = client.get(LIST, {"q": query}).content.decode()
    assert vorobyova.number in content and someone_else.number not in content
    labels = [row["label"] for row in client.get(AUTOCOMPLETE, {"q": query}).json()["results"]]
    assert labels == ["Воробьёва Мария Ивановна"]
    people = client.get(ADMIN_PEOPLE, {"q": query}).content.decode()
    assert "Воробьёва Мария" in people and "Смирнова Дарья" not in people
    cases = client.get(ADMIN_CASES, {"q": query}).content.decode()
    assert vorobyova.number in cases and someone_else.number not in cases


def test_phone_key_follows_the_phone_when_it_changes(vorobyova):
    person = vorobyova.primary_person
    assert person.phone_key == "79131234567"
    person.phone = "8-383-212-34-56"
    person.save(update_fields=["phone"])
    person.refresh_from_db()
    assert person.phone_key == phone_digits("+7 383 212 34 56") == "73832123456"


def test_another_units_phone_finds_nothing(as_user, golubka_worker, margarita_case):
    margarita_case.primary_person.phone = "+7 913 555-00-11"
    margarita_case.primary_person.save()
    client = as_user(golubka_worker)
    link = reverse("cases:case_detail", args=[margarita_case.pk])
    assert f'href="{link}"' not in client.get(LIST, {"q": "89135550011"}).content.decode()
    assert client.get(AUTOCOMPLETE, {"q": "89135550011"}).json() == {"results": []}


@pytest.fixture
def numbered_cases(golubka_worker):
    """The exact G-2023-0001 opened first; later cases whose numbers only start with it come first by date."""
    exact = CaseFactory(unit=unit("golubka"), number="G-2023-0001", opened_on=date(2023, 1, 10))
    longer = [
        CaseFactory(unit=unit("golubka"), number=f"G-2023-000{n}", opened_on=date(2024, 1, n)) for n in (10, 11, 12)
    ]
    # Her name holds a "g": a search of the number's letters as a name would bring her in.
    gogoleva = golubka_case_of("Гоголева", "Ольга", phone="")
    return exact, longer, gogoleva


def test_exact_case_number_comes_first_in_the_case_list(as_user, golubka_worker, numbered_cases):
    exact, longer, gogoleva = numbered_cases
    for query in ("G-2023-0001", "g-2023-0001"):
        content = as_user(golubka_worker).get(LIST, {"q": query}).content.decode()
        order = numbers_in(content, [exact, *longer, gogoleva])
        assert order[0] == exact.number, query
        assert set(order) == {exact.number, *(case.number for case in longer)}, query


def test_exact_case_number_comes_first_in_the_admin_and_its_letters_are_not_a_name(
    as_user, coordinator, numbered_cases
):
    exact, longer, gogoleva = numbered_cases
    client = as_user(coordinator)
    for params in ({"q": "G-2023-0001"}, {"q": "G-2023-0001", "o": "-7"}):
        content = client.get(ADMIN_CASES, params).content.decode()
        order = numbers_in(content, [exact, *longer, gogoleva])
        assert order[0] == exact.number, params
        assert gogoleva.number not in order, params
        assert "Гоголева" not in content, params


def test_a_case_number_finds_no_one_in_the_person_autocomplete(as_user, golubka_worker, numbered_cases):
    assert as_user(golubka_worker).get(AUTOCOMPLETE, {"q": "G-2023-0001"}).json() == {"results": []}


def test_exact_avsi_code_comes_first_among_sponsored_children(as_user, sponsorship_officer):
    exact = SponsoredChildFactory(avsi_code="RU-C00012", person__family_name="Яковлева")
    longer = SponsoredChildFactory(avsi_code="RU-C000120", person__family_name="Абрамова")
    named = SponsoredChildFactory(avsi_code="RU-C00099", person__family_name="Воробьёва", person__given_name="Мария")
    client = as_user(sponsorship_officer)
    content = client.get(CHILDREN, {"q": "ru-c00012"}).content.decode()
    assert content.index("RU-C00012<") < content.index("RU-C000120") and "RU-C00099" not in content
    admin_page = client.get(reverse("admin:sponsorship_sponsoredchild_changelist"), {"q": "RU-C00012"})
    admin_content = admin_page.content.decode()
    assert admin_content.index(exact.avsi_code + "<") < admin_content.index(longer.avsi_code)
    assert "RU-C00099" not in admin_content
    found = client.get(CHILDREN, {"q": "Masha Vorobyova"}).content.decode()
    assert named.avsi_code in found and exact.avsi_code not in found


def test_search_terms_are_not_written_to_the_access_log(as_user, coordinator, vorobyova):
    client = as_user(coordinator)
    for url in (LIST, AUTOCOMPLETE, ADMIN_CASES, ADMIN_PEOPLE):
        client.get(url, {"q": "Vorobyova 9131234567"})
        client.get(url, {"q": "9131234567"})
    logged = " ".join(str(record.filters) for record in AccessRecord.objects.all())
    assert "Vorobyova" not in logged and "9131234567" not in logged


def _many_people(count: int) -> None:
    families = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Лебедева", "Козлова"]
    given = ["Анна", "Ольга", "Елена", "Дарья", "Ирина", "Светлана", "Наталья", "Татьяна"]
    people = []
    for n in range(count):
        family, name = f"{families[n % len(families)]}{n}", given[(n // len(families)) % len(given)]
        phone = f"+7 913 {n:07d}"
        people.append(
            Person(
                family_name=family,
                given_name=name,
                sex="F",
                phone=phone,
                name_key=fold_name(family, name),
                phone_key=phone_digits(phone),
            )
        )
    Person.objects.bulk_create(people, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_person")


def _search_plan(search, query: str) -> str:
    """The plans of a search's list and of what it reads while built (a name's people)."""
    with CaptureQueriesContext(connection) as built:
        queryset = search(query)
    plans = [queryset.explain()]
    with connection.cursor() as cursor:
        for captured in built.captured_queries:
            cursor.execute("EXPLAIN " + captured["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n".join(plans)


def test_name_and_phone_search_read_their_indexes_not_the_whole_person_table(db):
    _many_people(4000)
    vorobyova = golubka_case_of("Воробьёва", "Мария", phone="+7 999 123-45-67")
    # At 4,000 rows reading every person (a sequential scan, or walking person_sort_name in
    # name order) is cheaper than PostgreSQL's estimate of a GIN trigram scan, so both are
    # switched off here to see which index a query can use; at 100,000 people the planner
    # picks person_name_key_trgm by itself (and the phone index at any size).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for query, index in (
        ("Vorobyova", "person_name_key_trgm"),
        ("Маша Воробьёва", "person_name_key_trgm"),
        ("8 999 1234567", "person_phone_key_reversed"),
    ):
        for search in (Person.objects.search, Case.objects.search):
            plan = _search_plan(search, query)
            assert index in plan, (query, plan)
            assert "Seq Scan on cases_person" not in plan, (query, plan)
        assert [p.family_name for p in Person.objects.search(query)] == ["Воробьёва"], query
        assert list(Case.objects.search(query)) == [vorobyova], query


def test_admin_person_search_uses_the_name_variants(as_user, coordinator, vorobyova, someone_else):
    content = as_user(coordinator).get(ADMIN_PEOPLE, {"q": "Masha Vorobyova"}).content.decode()
    assert "Воробьёва Мария" in content and "Смирнова Дарья" not in content


def test_the_migration_fills_the_phone_key_of_existing_people(vorobyova, someone_else):
    migration = importlib.import_module("cases.migrations.0011_add_person_phone_key")
    Person.objects.update(phone_key="")
    migration.fill_phone_keys(apps, None)
    assert dict(Person.objects.values_list("family_name", "phone_key")) == {
        "Воробьёва": "79131234567",
        "Смирнова": "79137654321",
    }


def test_another_units_person_is_not_found_by_a_variant_of_her_name(as_user, golubka_worker, margarita_case, namesakes):
    client = as_user(golubka_worker)
    link = reverse("cases:case_detail", args=[margarita_case.pk])
    for query in ("Аня Petrova", "Anya", "Петров"):
        assert f'href="{link}"' not in client.get(LIST, {"q": query}).content.decode(), query
        assert client.get(AUTOCOMPLETE, {"q": query}).json() == {"results": []}, query


def test_a_restricted_person_is_not_found_by_her_phone(as_user, golubka_worker, coordinator, vorobyova):
    services.person_restrict(person=vorobyova.primary_person, by=coordinator, reason="Court order", named=[coordinator])
    client = as_user(golubka_worker)
    link = reverse("cases:case_detail", args=[vorobyova.pk])
    assert f'href="{link}"' not in client.get(LIST, {"q": "89131234567"}).content.decode()
    assert client.get(AUTOCOMPLETE, {"q": "89131234567"}).json() == {"results": []}


@pytest.mark.parametrize("namesakes", ["few", "many"])
def test_a_common_name_finds_its_forms_without_the_look_alikes_of_a_rare_one(namesakes, monkeypatch, golubka_worker):
    """A name thousands hold finds its forms in either alphabet; only a rare one adds typos' look-alikes.

    Both ways, the reader's scope holds: a namesake in another unit is never found.
    """
    from cases.querysets import PersonSearchQuerySet
    from portal.search import search_everything

    petrova = golubka_case_of("Петрова", "Анна").primary_person
    latin = golubka_case_of("Petrova", "Olga").primary_person
    look_alike = golubka_case_of("Птрова", "Мария").primary_person
    CaseFactory(unit=unit("margarita"), primary_person=PersonFactory(family_name="Петрова", given_name="Ирина"))
    if namesakes == "many":
        monkeypatch.setattr(PersonSearchQuerySet, "FEW_NAMESAKES", 1)
    expected = {petrova, latin} if namesakes == "many" else {petrova, latin, look_alike}
    assert set(Person.objects.visible_to(golubka_worker).search("Петрова")) == expected
    (people,) = [group for group in search_everything(golubka_worker, "Петрова") if group.key == "people"]
    assert set(people.items) == expected
