"""Searches read their own indexes on a registry of realistic size, never a whole big table.

20,000 people (a case and a membership each, over the four units), 3,000 sponsored
children and 15,000 sponsors are inserted in bulk (without their history rows) and
ANALYZEd, so the planner decides on real statistics, as it does at 100,000 people
(benchmarks/duplicate_search.py). Each search runs as its page runs it; every query it
sends is then EXPLAINed.
"""

import random
import re
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.identity import registry_matches
from cases.matching import PersonFacts
from cases.models import Case, CaseMember, Person
from cases.names import fold_name
from cases.querysets import CaseSearchQuerySet, trigram_threshold
from maksora.models import Unit
from maksora.rules import phone_digits
from sponsorship.models import Sponsor, SponsoredChild

PEOPLE = 20_000
CHILDREN = 3_000
SPONSORS = 15_000  # AVSI-wide: a sponsor or so per child
BIG_TABLES = ("cases_person", "cases_case", "cases_casemember", "sponsorship_sponsoredchild", "sponsorship_sponsor")
TRIGRAM_INDEXES = ("person_name_key_trgm", "case_number_trgm", "sponsor_name_trgm", "sponsor_email_trgm")
UNITS = ("golubka", "margarita", "local", "distance")

STARTS = ("Бел", "Гор", "Дуб", "Кар", "Лис", "Мал", "Нов", "Пес", "Рыб", "Сер", "Тих", "Чер", "Шир", "Яр", "Вол", "Жук")
MIDDLES = ("ан", "ен", "ик", "ол", "ур", "ич", "ав", "ин", "ец", "от", "")
ENDS = ("ова", "ева", "ина", "ская", "цева")
GIVEN = ("Мария", "Анна", "Ольга", "Елена", "Дарья", "Ирина", "Светлана", "Наталья", "Татьяна", "Юлия", "Ксения")


def _person(rng: random.Random, n: int) -> Person:
    family = rng.choice(STARTS) + rng.choice(MIDDLES) + rng.choice(ENDS)
    given = rng.choice(GIVEN)
    phone = f"+7 913 {n:07d}"
    return Person(
        family_name=family,
        given_name=given,
        patronymic="Ивановна",
        sex="F",
        birth_date=date(1970, 1, 1) + timedelta(days=rng.randrange(50 * 365)),
        phone=phone,
        phone_key=phone_digits(phone),
        name_key=fold_name(family, given),
    )


@pytest.fixture
def registry(db):
    rng = random.Random(15)
    with connection.cursor() as cursor:
        # Held from the start, so no autovacuum of these tables (on in a local server) can sit
        # between the index changes and the ANALYZE below and make a lock cycle with them.
        cursor.execute(f"LOCK TABLE {', '.join(BIG_TABLES)} IN SHARE UPDATE EXCLUSIVE MODE")
        # Synthetic rows only: no history row per generated row (the test reads plans, not history).
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Loading 50,000 rows is quicker through the trigram indexes' pending list, merged at once
        # below (the indexes keep none in use); their own settings come back afterwards.
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [list(TRIGRAM_INDEXES)])
        options = dict(cursor.fetchall())
        for index in TRIGRAM_INDEXES:
            cursor.execute(f"ALTER INDEX {index} SET (fastupdate = on)")
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS)}
    people = Person.objects.bulk_create([_person(rng, n) for n in range(PEOPLE)], batch_size=5000)
    cases = Case.objects.bulk_create(
        (
            Case(
                number=f"{'GMLD'[n % 4]}-{2000 + n // 1000}-{n % 1000:04d}",
                unit=units[UNITS[n % 4]],
                primary_person=person,
                status="active",
                opened_on=date(2010 + n % 15, 1, 1),
            )  # fmt: skip
            for n, person in enumerate(people)
        ),
        batch_size=5000,
    )
    CaseMember.objects.bulk_create(
        (CaseMember(case=case, person=case.primary_person, role="primary") for case in cases), batch_size=5000
    )
    distance = [person for n, person in enumerate(people) if n % 4 == 3][:CHILDREN]
    SponsoredChild.objects.bulk_create(
        SponsoredChild(person=person, avsi_code=f"RU-C{n:05d}", enrolled_on=date(2020, 1, 1))
        for n, person in enumerate(distance)
    )
    Sponsor.objects.bulk_create(
        Sponsor(
            avsi_code=f"IT-S{n:05d}",
            name=f"{rng.choice(('Rossi', 'Bianchi', 'Russo', 'Ferrari', 'Esposito', 'Romano'))} {n}",
            email=f"sponsor{n}@example.it",
            country="IT",
            language="it",
        )
        for n in range(SPONSORS)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        for index in TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute(f"ALTER INDEX {index} RESET (fastupdate)")
            if options[index]:
                cursor.execute(f"ALTER INDEX {index} SET ({', '.join(options[index])})")
        cursor.execute("ANALYZE " + ", ".join(BIG_TABLES))
    return people


def _plans(action) -> list[str]:
    """EXPLAIN of every SELECT `action` sends."""
    with CaptureQueriesContext(connection) as captured:
        action()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip(" (").upper().startswith("SELECT"):  # a UNION starts with "(SELECT"
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans
    return plans


def _assert_indexed(plans: list[str], *indexes: str) -> None:
    joined = "\n".join(plans)
    for table in BIG_TABLES:
        # (\b: sponsorship_sponsor is not sponsorship_sponsorship, an empty table here)
        assert not re.search(rf"Seq Scan on {table}\b", joined), joined
    for index in indexes:
        assert index in joined, joined


def _rare_family_name(people) -> Person:
    """A family name held by a few dozen people, as most are."""
    counts = {}
    for person in people:
        counts[person.family_name] = counts.get(person.family_name, 0) + 1
    return next(person for person in people if 5 <= counts[person.family_name] <= 60)


def check_case_list_search_by_name_reads_the_trigram_index(registry, golubka_worker):
    person = _rare_family_name(registry)
    for query in (
        person.family_name,
        fold_name(person.family_name).title(),
        f"{person.given_name} {person.family_name}",
    ):

        def page(query=query):
            cases = Case.objects.visible_to(golubka_worker).search(query, user=golubka_worker).for_list()
            assert cases.count() >= 0
            list(cases[:20])

        _assert_indexed(_plans(page), "person_name_key_trgm")


def check_case_list_search_by_a_common_name_reads_her_cases_newest_first(registry, golubka_worker, monkeypatch):
    """A name thousands hold is tested on the worker's cases in the list's order, never by
    reading every namesake; it lists what the search from the people lists."""
    query = "Мария"
    assert sum(person.given_name == query for person in registry) > CaseSearchQuerySet.FEW_NAMESAKES

    def page():
        return list(Case.objects.visible_to(golubka_worker).search(query, user=golubka_worker).for_list()[:20])

    plans = _plans(page)
    _assert_indexed(plans, "person_name_key_trgm")
    assert "Bitmap Heap Scan on cases_person" not in plans[-1], plans[-1]
    found = page()
    assert len(found) == 20
    monkeypatch.setattr(CaseSearchQuerySet, "FEW_NAMESAKES", len(registry))
    assert page() == found


def check_case_list_search_by_phone_reads_the_reversed_phone_index(registry, golubka_worker):
    phone = "8 " + registry[4].phone_key[1:]
    plans = _plans(lambda: list(Case.objects.visible_to(golubka_worker).search(phone, user=golubka_worker)[:20]))
    _assert_indexed(plans, "person_phone_key_reversed")
    assert [c.primary_person_id for c in Case.objects.visible_to(golubka_worker).search(phone)] == [registry[4].pk]


def check_a_case_number_is_a_prefix_lookup_and_not_a_name_search(registry, golubka_worker):
    number = Case.objects.get(primary_person=registry[8]).number
    plans = _plans(lambda: list(Case.objects.visible_to(golubka_worker).search(number, user=golubka_worker)[:20]))
    _assert_indexed(plans, "case_number_prefix")
    joined = "\n".join(plans)
    assert "name_key" not in joined and "cases_casemember" not in joined
    assert [c.number for c in Case.objects.visible_to(golubka_worker).search(number)] == [number]


def check_a_case_number_without_its_letter_reads_the_number_trigram_index(registry, golubka_worker):
    tail = Case.objects.get(primary_person=registry[8]).number[2:]
    plans = _plans(lambda: list(Case.objects.visible_to(golubka_worker).search(tail, user=golubka_worker)[:20]))
    _assert_indexed(plans, "case_number_trgm")


def check_person_autocomplete_search_reads_the_trigram_index(registry, golubka_worker):
    person = _rare_family_name(registry)
    plans = _plans(
        lambda: list(Person.objects.visible_to(golubka_worker).search(person.family_name).order_by("family_name")[:10])
    )
    _assert_indexed(plans, "person_name_key_trgm")


def check_sponsored_children_search_by_name_and_by_code_read_their_indexes(registry, sponsorship_officer):
    child = SponsoredChild.objects.select_related("person").order_by("pk")[10]
    children = SponsoredChild.objects.visible_to(sponsorship_officer)
    _assert_indexed(_plans(lambda: list(children.search(child.person.family_name)[:20])), "person_name_key_trgm")
    _assert_indexed(_plans(lambda: list(children.search(child.avsi_code)[:20])), "child_code_prefix")


def check_sponsor_search_by_name_email_and_code_reads_their_indexes(registry, sponsorship_officer):
    sponsors = Sponsor.objects.visible_to(sponsorship_officer)
    for query in ("Esposito 1234", "sponsor1234@example", "IT-S0123"):
        _assert_indexed(
            _plans(lambda query=query: list(sponsors.search(query)[:20])),
            "sponsor_name_trgm",
            "sponsor_email_trgm",
            "sponsor_code_prefix",
        )
    keep = sponsors.get(avsi_code="IT-S00007")
    _assert_indexed(
        _plans(lambda: list(sponsors.for_picker("Romano 77", day=date(2026, 1, 1), keep=keep.pk))), "sponsor_name_trgm"
    )
    _assert_indexed(_plans(lambda: _admin_search(Sponsor, sponsorship_officer, "Esposito 1234")), "sponsor_name_trgm")
    assert {s.name for s in sponsors.search("Esposito 1234")} <= {f"Esposito {n}" for n in (1234, *range(12340, 12350))}
    assert [s.email for s in sponsors.search("sponsor12345@")] == ["sponsor12345@example.it"]


def _admin_search(model, user, term: str):
    """The admin changelist's search, as its page runs it (the admin's own queryset, then its search)."""
    request = RequestFactory().get("/", {"q": term})
    request.user = user
    model_admin = admin.site._registry[model]
    found, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), term)
    return list(found[:20])


def check_admin_case_and_person_searches_read_the_same_indexes(registry, golubka_worker):
    person = _rare_family_name(registry)
    name = f"{fold_name(person.given_name).title()} {person.family_name}"
    _assert_indexed(_plans(lambda: _admin_search(Case, golubka_worker, name)), "person_name_key_trgm")
    _assert_indexed(_plans(lambda: _admin_search(Person, golubka_worker, name)), "person_name_key_trgm")

    number = Case.objects.get(primary_person=registry[8]).number
    plans = _plans(lambda: _admin_search(Case, golubka_worker, number))
    _assert_indexed(plans, "case_number_prefix")
    assert "name_key" not in "\n".join(plans)
    assert [c.number for c in _admin_search(Case, golubka_worker, number)] == [number]
    # A case number finds no one in the people's list by its letters.
    plans = _plans(lambda: _admin_search(Person, golubka_worker, number))
    _assert_indexed(plans, "person_document_number")
    assert "name_key %" not in "\n".join(plans) and "~~" not in "\n".join(plans)


def check_trigram_indexes_keep_no_pending_list():
    """Every scan reads a GIN pending list whole and the planner prices it so: none may have one.

    With fastupdate on, the searches above read their indexes or not depending on how many
    inserts (rolled-back ones included) came since the last VACUUM: in the whole test run, the
    4,000 people of tests/cases/test_search.py were enough to make the name search read every person.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, index.reloptions FROM pg_index
            JOIN pg_class index ON index.oid = pg_index.indexrelid
            JOIN pg_opclass ON pg_opclass.oid = ANY(pg_index.indclass)
            WHERE pg_opclass.opcname = 'gin_trgm_ops' AND index.relnamespace = 'public'::regnamespace
            """
        )
        indexes = dict(cursor.fetchall())
    assert {"person_name_key_trgm", "case_number_trgm", "sponsor_name_trgm", "sponsor_email_trgm"} <= set(indexes)
    assert {name: options for name, options in indexes.items() if "fastupdate=off" not in (options or [])} == {}


def check_intake_match_reads_the_trigram_index(registry, golubka_worker):
    person = _rare_family_name(registry)
    family = person.family_name[:3] + person.family_name[4:]  # a letter missing, as typed in a hurry

    def intake():
        with trigram_threshold():
            list(
                Person.objects.visible_to(golubka_worker).likely_matches(
                    family_name=family, given_name=person.given_name, birth_date=person.birth_date
                )[:5]
            )
        registry_matches(PersonFacts(family_name=family, given_name=person.given_name, birth_date=person.birth_date))

    _assert_indexed(_plans(intake), "person_name_key_trgm")


def test_every_search_reads_its_indexes_at_twenty_thousand_people(
    registry, golubka_worker, sponsorship_officer, monkeypatch
):
    # One registry for every search: building it is most of this test's time.
    check_case_list_search_by_name_reads_the_trigram_index(registry, golubka_worker)
    check_case_list_search_by_a_common_name_reads_her_cases_newest_first(registry, golubka_worker, monkeypatch)
    check_case_list_search_by_phone_reads_the_reversed_phone_index(registry, golubka_worker)
    check_a_case_number_is_a_prefix_lookup_and_not_a_name_search(registry, golubka_worker)
    check_a_case_number_without_its_letter_reads_the_number_trigram_index(registry, golubka_worker)
    check_person_autocomplete_search_reads_the_trigram_index(registry, golubka_worker)
    check_sponsored_children_search_by_name_and_by_code_read_their_indexes(registry, sponsorship_officer)
    check_sponsor_search_by_name_email_and_code_reads_their_indexes(registry, sponsorship_officer)
    check_admin_case_and_person_searches_read_the_same_indexes(registry, golubka_worker)
    check_intake_match_reads_the_trigram_index(registry, golubka_worker)
    check_trigram_indexes_keep_no_pending_list()
