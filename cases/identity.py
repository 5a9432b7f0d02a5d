"""One Person per human being across units: the registry-wide match, split by what the user may see.

`registry_matches` searches the whole registry (every unit) and scores each row with
`cases.matching`; `split_by_scope` keeps for the screen only the people the user may see.
The others are never rendered, not even as "known elsewhere" (a woman in a shelter may be
hiding from someone); once the new person is saved, `duplicates_queue_for` files them as
pairs for the registry stewards (docs/identity.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import translation

from cases.matching import CANDIDATE_THRESHOLD, Match, PersonFacts, compare
from cases.models import DuplicateCandidate, Person
from cases.names import fold_name
from cases.querysets import DUPLICATE_MIN_SIMILARITY, PersonSearchQuerySet, trigram_threshold

# Rows taken from each database search before scoring: the matcher decides, these only bound the work.
SEARCH_LIMIT = 50
SHOWN_LIMIT = 5


@dataclass
class Candidate:
    person: Person
    match: Match


def _candidate_rows(facts: PersonFacts, *, exclude_pk=None) -> list[Person]:
    """People the database finds for these facts: a similar name (trigram index) or the same birth date.

    The birth-date branch catches a family name changed by marriage, which no name search finds.
    """
    rows: dict[int, Person] = {}
    with trigram_threshold():
        by_name = Person.objects.likely_matches(
            family_name=facts.family_name, given_name=facts.given_name, birth_date=facts.birth_date
        ).filter(merged_into__isnull=True)[:SEARCH_LIMIT]
        rows.update((person.pk, person) for person in by_name)
    if facts.birth_date is not None:
        same_day = Person.objects.filter(birth_date=facts.birth_date, merged_into__isnull=True).order_by("id")
        rows.update((person.pk, person) for person in same_day[:SEARCH_LIMIT] if person.pk not in rows)
    rows.pop(exclude_pk, None)
    return list(rows.values())


def registry_matches(facts: PersonFacts, *, exclude_pk=None) -> list[Candidate]:
    """Every person of the registry (all units) who may be the one described, best score first."""
    found = []
    for person in _candidate_rows(facts, exclude_pk=exclude_pk):
        match = compare(facts, PersonFacts.of(person))
        if match is not None:
            found.append(Candidate(person=person, match=match))
    found.sort(key=lambda candidate: (-candidate.match.score, candidate.person.pk))
    return found


def split_by_scope(user, candidates: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """(the candidates `user` may see, the others): only the first list may ever be rendered to her."""
    ids = [candidate.person.pk for candidate in candidates]
    visible = set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    inside = [candidate for candidate in candidates if candidate.person.pk in visible]
    outside = [candidate for candidate in candidates if candidate.person.pk not in visible]
    return inside, outside


def visible_matches(user, facts: PersonFacts) -> list[Candidate]:
    """The candidates to show `user` at a duplicate warning (her scope only)."""
    inside, _outside = split_by_scope(user, registry_matches(facts))
    return inside[:SHOWN_LIMIT]


def facts_from_fields(fields: dict) -> PersonFacts:
    return PersonFacts.of(type("Typed", (), dict(fields))())


def _reason_texts(match: Match) -> list[str]:
    # Kept in English, the language of the msgids, so the record does not depend on who found it.
    with translation.override("en"):
        return [str(reason) for reason in match.reasons]


def duplicates_queue_for(*, person: Person, by) -> list[DuplicateCandidate]:
    """File, for the stewards, the people outside `by`'s scope who may be the newly saved `person`.

    A pair already filed (undecided, or decided "different" or "same") is left as it is:
    a "different people" decision is never asked again.
    """
    _inside, outside = split_by_scope(by, registry_matches(PersonFacts.of(person), exclude_pk=person.pk))
    filed = []
    for candidate in outside:
        first, second = sorted([person.pk, candidate.person.pk])
        try:
            with transaction.atomic():
                pair, created = DuplicateCandidate.objects.get_or_create(
                    person_a_id=first,
                    person_b_id=second,
                    defaults={
                        "score": candidate.match.score,
                        "reasons": _reason_texts(candidate.match),
                        "found_by": by,
                    },
                )
        except IntegrityError:  # filed at the same moment by another request
            continue
        if created:
            filed.append(pair)
    return filed


def duplicates_undecided():
    """Pairs waiting for a steward's decision, oldest first (both people still unmerged)."""
    return (
        DuplicateCandidate.objects.filter(
            status="undecided",
            score__gte=CANDIDATE_THRESHOLD,
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        )
        .select_related("person_a", "person_b", "found_by")
        .order_by("found_at", "id")
    )


def duplicates_found_between(start: date, end: date):
    """Undecided pairs found in [start, end) (the report's period, end excluded)."""
    return duplicates_undecided().filter(found_at__date__gte=start, found_at__date__lt=end)


def _rows_for_many(facts_list: list[PersonFacts]) -> tuple[dict[int, Person], dict[str, list]]:
    """`_candidate_rows` of many people in three queries, whatever their number (the AVSI import).

    One lateral query asks the trigram index for each distinct name key, one reads the
    people born on any of the dates; the rows are then shared out in Python.
    """
    keys = sorted({key for key in (fold_name(f.family_name, f.given_name) for f in facts_list) if key})
    dates = sorted({f.birth_date for f in facts_list if f.birth_date is not None})
    similar: dict[str, list[tuple[int, float]]] = {}
    if keys:
        table = Person._meta.db_table
        sql = (
            f"SELECT k.key, p.id, p.similarity FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL ("
            f" SELECT id, similarity(name_key, k.key) AS similarity FROM {table}"
            f" WHERE name_key %% k.key AND merged_into_id IS NULL AND similarity(name_key, k.key) >= %s"
            f" ORDER BY similarity(name_key, k.key) DESC, id LIMIT %s) AS p"
        )
        with trigram_threshold(), connection.cursor() as cursor:
            cursor.execute(sql, [keys, DUPLICATE_MIN_SIMILARITY, PersonSearchQuerySet.CANDIDATES])
            for key, pk, similarity in cursor.fetchall():
                similar.setdefault(key, []).append((pk, similarity))
    ids = {pk for found in similar.values() for pk, _similarity in found}
    people = {}
    if ids or dates:
        wanted = Q(pk__in=ids) | Q(birth_date__in=dates, merged_into__isnull=True)
        people = {person.pk: person for person in Person.objects.filter(wanted).order_by("id")}
    return people, similar


def registry_matches_many(facts_list: list[PersonFacts]) -> list[list[Candidate]]:
    """`registry_matches` of each of `facts_list` (same order), with a few queries in all."""
    people, similar = _rows_for_many(facts_list)
    by_date: dict[date, list[Person]] = {}
    for person in people.values():
        if person.birth_date is not None:
            by_date.setdefault(person.birth_date, []).append(person)
    answers = []
    for facts in facts_list:
        boost = PersonSearchQuerySet.BIRTH_DATE_BOOST

        def score(pair, facts=facts, boost=boost):
            person = people[pair[0]]
            return -(pair[1] + (boost if facts.birth_date and person.birth_date == facts.birth_date else 0.0))

        by_name = sorted(similar.get(fold_name(facts.family_name, facts.given_name), []), key=score)
        rows = {pk: people[pk] for pk, _similarity in by_name[:SEARCH_LIMIT]}
        same_day = sorted(by_date.get(facts.birth_date, []), key=lambda person: person.pk) if facts.birth_date else []
        rows.update((person.pk, person) for person in same_day[:SEARCH_LIMIT] if person.pk not in rows)
        found = []
        for person in rows.values():
            match = compare(facts, PersonFacts.of(person))
            if match is not None:
                found.append(Candidate(person=person, match=match))
        found.sort(key=lambda candidate: (-candidate.match.score, candidate.person.pk))
        answers.append(found)
    return answers


def visible_ids(user, people_ids) -> set[int]:
    """Which of these people `user` may see (one query for a whole import)."""
    return set(Person.objects.visible_to(user).filter(pk__in=list(people_ids)).values_list("pk", flat=True))


def duplicates_file(*, pairs: list[tuple[Person, Candidate]], by) -> int:
    """File many (saved person, candidate) pairs for the stewards at once; pairs already filed stay as they are.

    As `duplicates_queue_for` does one at a time: a pair decided "different" is never asked again.
    Returns how many pairs were new.
    """
    rows = {}
    for person, candidate in pairs:
        first, second = sorted([person.pk, candidate.person.pk])
        if first != second:
            rows.setdefault(
                (first, second),
                DuplicateCandidate(
                    person_a_id=first,
                    person_b_id=second,
                    score=candidate.match.score,
                    reasons=_reason_texts(candidate.match),
                    found_by=by,
                ),
            )
    if not rows:
        return 0
    before = DuplicateCandidate.objects.count()
    DuplicateCandidate.objects.bulk_create(list(rows.values()), ignore_conflicts=True)
    return DuplicateCandidate.objects.count() - before
