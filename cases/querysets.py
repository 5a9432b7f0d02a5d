"""Read-only queryset methods of the cases app; `visible_to` applies maksora.access."""

from contextlib import contextmanager
from datetime import date, timedelta

from django.apps import apps
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, models, transaction
from django.db.models import BooleanField, Exists, Expression, F, FloatField, OuterRef, Q, Value, When
from django.db.models import Case as SqlCase

from cases.choices import ConsentPurpose
from cases.names import fold_name
from cases.search import CODE, NAME, code_q, code_rank, name_parts, person_q, query_kind
from maksora.access import access_for
from maksora.sql import AllIn, AnyOf


def _model(name: str):
    """A model of this app, looked up when a query is built: cases.models imports this module."""
    return apps.get_model("cases", name)


def hidden_from(user, person_path: str = "pk"):
    """True for rows whose person (at `person_path`) `user` may not see although her units match.

    Two kinds of person are hidden, whatever the reader's role or units:
    - restricted records (docs/restricted.md), except from their named staff;
    - people who withdrew their data-processing consent (docs/consent.md), except from the
      coordinators of a unit of one of her cases, who handle the record until it is destroyed.
    `visible_to` methods filter on `~hidden_from(…)`, so every list, search, autocomplete,
    export and drill-down applies both at once; `counted_for` methods keep them so figures
    still count them.
    """
    restricted, restricted_params = _restricted_ids(user)
    withdrawn, withdrawn_params = _withdrawn_ids(user)
    # A missing person (a case's file about no one) is not hidden; `IN` alone would say "unknown".
    sql = f"{{person}} IS NOT NULL AND ({{person}} IN ({restricted}) OR {{person}} IN ({withdrawn}))"
    return PersonCondition(person_path, sql, (*restricted_params, *withdrawn_params))


def hidden_among(user, person_path: str = "pk"):
    """`hidden_from` written as one list of the hidden people, for a query that selects them.

    `NOT hidden_from(…)` tests each row of a list against the two lists' hashes; a query
    asking for the hidden rows themselves (the few sponsorships of hidden children) is
    better started from the hidden people, through an index on the person column, than by
    testing every row of its table: a UNION of the two lists lets PostgreSQL do that.
    """
    restricted, restricted_params = _restricted_ids(user)
    withdrawn, withdrawn_params = _withdrawn_ids(user)
    sql = f"{{person}} IN ({restricted} UNION ALL {withdrawn})"
    return PersonCondition(person_path, sql, (*restricted_params, *withdrawn_params))


def restricted_q(user) -> Q:
    """On Person: restricted, and `user` is not among her named staff."""
    restricted, params = _restricted_ids(user)
    return Q(PersonCondition("pk", f"{{person}} IN ({restricted})", params))


def withdrawn_q(user=None) -> Q:
    """On Person: her processing consent is withdrawn and none was given again since.

    With `user`, only those `user` may not see: everyone but a coordinator of one of her units.
    """
    withdrawn, params = _withdrawn_ids(user)
    return Q(PersonCondition("pk", f"{{person}} IN ({withdrawn})", params))


# A name more people hold than this is a common one: the searches then skip what serves a
# rare name (each class has its own copy, so a test can move one way's threshold alone).
FEW_NAMESAKES = 500


class PersonCondition(Expression):
    """A condition on the person whose id is at `path`, as SQL around her id (`{person}`).

    The hiding rules run inside nearly every query of every page. Written once as SQL, they
    cost a string format per query; as nested querysets, Django rebuilt and recompiled five
    subqueries each time (a few milliseconds, many times a page). Their aliases (hidden_…)
    are their own, so they nest inside any query.
    """

    output_field = BooleanField()

    def __init__(self, path: str, sql: str, params=()):
        super().__init__()
        self.column, self.sql, self.params = F(path), sql, tuple(params)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        if column_params:  # a column compiles without parameters; the SQL's own come in order
            raise ValueError("PersonCondition needs a plain column")
        return "(" + self.sql.replace("{person}", column) + ")", self.params


def _table(model_name: str, app_label: str = "cases") -> str:
    return connection.ops.quote_name(apps.get_model(app_label, model_name)._meta.db_table)


# The two lists below are of the few people hidden, not tests run person by person: they
# depend on no outer row, so PostgreSQL reads each once per query into a hash and checks
# every row of a list against it, whatever the list's length (docs/scaling.md).


def _restricted_ids(user) -> tuple[str, tuple]:
    """The people restricted without `user` among their named staff (docs/restricted.md)."""
    sql = (
        f"SELECT hidden_restriction.person_id FROM {_table('Restriction')} hidden_restriction"
        f" WHERE NOT EXISTS (SELECT 1 FROM {_table('RestrictionGrant')} hidden_grant"
        " WHERE hidden_grant.restriction_id = hidden_restriction.id AND hidden_grant.user_id = %s)"
    )
    return sql, (getattr(user, "pk", None),)


def _withdrawn_ids(user) -> tuple[str, tuple]:
    """The people whose processing consent is withdrawn, none given again since; with `user`,
    except those of whose cases' units she coordinates one (docs/consent.md)."""
    consent = _table("Consent")
    sql = (
        f"SELECT hidden_withdrawal.person_id FROM {consent} hidden_withdrawal"
        " WHERE hidden_withdrawal.purpose = %s AND hidden_withdrawal.withdrawn_on IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM {consent} hidden_renewal"
        " WHERE hidden_renewal.person_id = hidden_withdrawal.person_id AND hidden_renewal.purpose = %s"
        " AND hidden_renewal.withdrawn_on IS NULL AND hidden_renewal.replaced_on IS NULL)"
    )
    params = [ConsentPurpose.DATA_PROCESSING.value, ConsentPurpose.DATA_PROCESSING.value]
    if user is not None:
        access = access_for(user)
        if access.is_coordinator and access.own_unit_codes:
            sql += (
                f" AND NOT EXISTS (SELECT 1 FROM {_table('CaseMember')} hidden_member"
                f" JOIN {_table('Case')} hidden_case ON hidden_case.id = hidden_member.case_id"
                f" JOIN {_table('Unit', 'maksora')} hidden_unit ON hidden_unit.id = hidden_case.unit_id"
                " WHERE hidden_member.person_id = hidden_withdrawal.person_id AND hidden_unit.code = ANY(%s))"
            )
            params.append(sorted(access.own_unit_codes))
    return sql, tuple(params)


class CaseQuerySet(models.QuerySet):
    def counted_for(self, user):
        """Cases of the user's units, restricted ones included: what her figures count."""
        return self.filter(unit__code__in=access_for(user).case_unit_codes)

    def visible_to(self, user):
        """Cases she may read: a case whose primary person is restricted only for the named staff."""
        return self.counted_for(user).filter(~hidden_from(user, "primary_person"))

    def active_on(self, day: date):
        """Active on `day`: opened on or before it and not closed before it."""
        return self.filter(Q(opened_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gte=day))

    def active_between(self, start: date, end: date):
        """Active on at least one day of [start, end] (both inclusive)."""
        return self.filter(Q(opened_on__lte=end), Q(closed_on__isnull=True) | Q(closed_on__gte=start))

    def open(self):
        return self.exclude(status="closed")

    def missing_processing_consent(self, day: date):
        """Cases with a member who has no data-processing consent in force on `day`."""
        CaseMember = _model("CaseMember")
        Consent = _model("Consent")

        in_force = Consent.objects.filter(person=OuterRef("person"), purpose="data_processing").in_force_on(day)
        return self.filter(Exists(CaseMember.objects.filter(~Exists(in_force), case=OuterRef("pk"))))

    def consent_overdue(self, day: date):
        """Opened with a consent pending whose due day has passed (docs/consent.md)."""
        return self.filter(consent_due_on__lt=day)

    def for_list(self):
        return self.select_related("unit", "primary_person", "assigned_to")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People with a case in her units, except restricted ones she is not named for."""
        return self.counted_for(user).filter(~hidden_from(user))

    def not_hidden_from(self, user):
        """Only the restriction part of `visible_to` (for callers that scope by case themselves)."""
        return self.filter(~hidden_from(user))

    def counted_for(self, user):
        CaseMember = _model("CaseMember")

        units = access_for(user).case_unit_codes
        if not units:
            return self.none()
        return self.filter(
            Exists(CaseMember.objects.filter(person=OuterRef("pk"), case__unit__code__in=units)),
            merged_into__isnull=True,
        )


class CaseChildQuerySet(models.QuerySet):
    """Rows that belong to a case (notes, goals, tasks): visible through their case."""

    case_path = "case"

    def visible_to(self, user):
        return self.filter(**{f"{self.case_path}__unit__code__in": access_for(user).case_unit_codes}).filter(
            ~hidden_from(user, f"{self.case_path}__primary_person")
        )


class GoalUpdateQuerySet(CaseChildQuerySet):
    case_path = "goal__case"


class CaseMemberQuerySet(models.QuerySet):
    """A member row is visible when both its case and its person are.

    A restricted child in an unrestricted mother's case: the case shows, the child's row
    does not (to anyone but her named staff).
    """

    def visible_to(self, user):
        return self.filter(case__unit__code__in=access_for(user).case_unit_codes).filter(
            ~hidden_from(user, "case__primary_person"), ~hidden_from(user, "person")
        )


class NoteQuerySet(CaseChildQuerySet):
    def visible_to(self, user):
        access = access_for(user)
        visible = super().visible_to(user)
        readable_confidential = Q(author=user)
        if access.sees_all_confidential_notes:
            readable_confidential |= Q(case__unit__code__in=access.own_unit_codes)
        return visible.filter(Q(confidential=False) | readable_confidential)


class PersonChildQuerySet(models.QuerySet):
    """Rows attached to a person (consents, relationships): visible through the person."""

    person_field = "person"

    def visible_to(self, user):
        Person = _model("Person")

        return self.filter(**{f"{self.person_field}__in": Person.objects.visible_to(user)})


class RelationshipQuerySet(PersonChildQuerySet):
    """A family link is visible when both relatives are (no hint about the other unit's person)."""

    def visible_to(self, user):
        Person = _model("Person")

        return self.filter(AllIn(("from_person", "to_person"), Person.objects.visible_to(user).values("pk")))

    def in_force(self):
        return self.filter(ended_on__isnull=True)


class RestrictionQuerySet(models.QuerySet):
    """Restrictions (and, with `person_field`, their grants): seen by those who see the person."""

    person_field = "person"

    def visible_to(self, user):
        Person = _model("Person")

        return self.filter(**{f"{self.person_field}__in": Person.objects.visible_to(user)})


class RestrictionGrantQuerySet(RestrictionQuerySet):
    person_field = "restriction__person"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        Case = _model("Case")
        Person = _model("Person")

        visible = self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(person__in=Person.objects.visible_to(user)))
        # A case's file about a restricted member names her: only her named staff see it.
        return visible.filter(~hidden_from(user, "person"))


# pg_trgm's default threshold (0.3) lets every "… Maria" match every other one; on
# folded "family given" keys 0.5 still keeps typos, swapped order and transliterations.
DUPLICATE_MIN_SIMILARITY = 0.5


@contextmanager
def trigram_threshold(value: float = DUPLICATE_MIN_SIMILARITY):
    """Let the GIN index itself drop weak trigram matches (pg_trgm's `%` uses this setting).

    Results do not depend on it (likely_matches also filters on similarity); it only
    spares PostgreSQL rechecking thousands of rows sharing a common given name.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(value)])
        yield


class PersonSearchQuerySet(PersonQuerySet):
    """Duplicate matching: trigram similarity on the folded name key (GIN index)."""

    # Same day of birth is strong evidence that two spellings are one person.
    BIRTH_DATE_BOOST = 0.3
    MIN_SIMILARITY = DUPLICATE_MIN_SIMILARITY
    # Best candidates taken from the trigram index before the visibility filter: the
    # LIMIT makes PostgreSQL search the index first instead of walking a unit's cases.
    CANDIDATES = 100

    def likely_matches(self, *, family_name: str, given_name: str, birth_date: date | None = None):
        """People whose name looks like the typed one (any alphabet), best first."""
        Person = _model("Person")
        key = fold_name(family_name, given_name)
        if not key:
            return self.none()
        candidates = (
            Person.objects.filter(name_key__trigram_similar=key, merged_into__isnull=True)
            .annotate(similarity=TrigramSimilarity("name_key", key))
            .filter(similarity__gte=self.MIN_SIMILARITY)
            .order_by("-similarity")
            .values("pk")[: self.CANDIDATES]
        )
        boost = Value(0.0)
        if birth_date is not None:
            boost = SqlCase(
                When(birth_date=birth_date, then=Value(self.BIRTH_DATE_BOOST)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        return (
            self.filter(pk__in=candidates)
            .annotate(similarity=TrigramSimilarity("name_key", key))
            .annotate(score=models.F("similarity") + boost)
            .order_by("-score", "family_name", "id")
        )

    # A name whose forms more people than this hold is searched by its forms alone (`search`).
    FEW_NAMESAKES = FEW_NAMESAKES

    def search(self, query: str):
        """People found by name (variants, either alphabet) or phone number (cases.search).

        The people found on the name or phone index first, then her scope on just them. A
        name whose forms thousands hold (Петрова) matches by those forms only: its trigram
        similarity, there for typos, would be computed over every similar name of the
        registry to add a few look-alikes to a list already full of the name itself (half
        of the search's time at 50,000 people, docs/scaling.md). One read of the index,
        at most FEW_NAMESAKES + 1 rows, says which it is.
        """
        kind = query_kind(query)
        if not kind:
            return self
        Person = _model("Person")

        found = person_q(query)
        if kind == NAME:
            forms, _similar = name_parts(query)
            if Person.objects.filter(forms).order_by()[: self.FEW_NAMESAKES + 1].count() > self.FEW_NAMESAKES:
                found = forms
        return self.filter(AnyOf("pk", Person.objects.filter(found).values("pk")))


def _namesakes(query: str, user, limit: int) -> list[int]:
    """Ids of up to `limit` people `name_q` finds (those hidden from `user` left out).

    The people found by the name's forms come first, then those only similar to it: when
    the forms alone fill `limit`, PostgreSQL stops there and never compares the registry's
    names by trigram similarity (thousands of candidates for a common family name).
    """
    Person = _model("Person")
    forms, similar = name_parts(query)
    people = Person.objects.order_by()
    if user is not None:
        people = people.not_hidden_from(user)
    by_form = people.filter(forms).values_list("pk", flat=True)
    only_similar = people.filter(similar).exclude(forms).values_list("pk", flat=True)
    return list(by_form.union(only_similar, all=True)[:limit])


class CaseSearchQuerySet(CaseQuerySet):
    # A name held by at most this many people is searched from them to their cases; one held
    # by more, by reading the reader's cases newest first (see `search`).
    FEW_NAMESAKES = FEW_NAMESAKES

    def search(self, query: str, *, user=None):
        """A case number (exact first, then those starting with it), a member's name or phone number.

        A code query is searched as a code only (cases.search). A phone number or a rare name
        finds its few people on their own index first, then their cases (an OR of both would
        scan every case). A common name (thousands of Петрова, most of them in other units)
        would fetch every namesake, her memberships and her cases only to show a page of
        them: it is instead a condition on each case's members, tested on the reader's cases
        newest first until the page is full. Which of the two it is, one read of the name
        index says: the namesakes' ids, as many as FEW_NAMESAKES and one (docs/scaling.md).
        """
        CaseMember = _model("CaseMember")
        Person = _model("Person")

        query = (query or "").strip()
        kind = query_kind(query)
        if not kind:
            return self
        if kind == CODE:
            ordering = self.query.order_by or self.model._meta.ordering
            return (
                self.filter(code_q("number", query))
                .annotate(search_rank=code_rank("number", query))
                .order_by("search_rank", *ordering)
            )
        # Both ways, a hidden member's name must not find her mother's case either.
        if kind == NAME:
            people = _namesakes(query, user, self.FEW_NAMESAKES + 1)
            if len(people) > self.FEW_NAMESAKES:
                members = CaseMember.objects.filter(person_q(query, "person__"), case=OuterRef("pk"))
                if user is not None:
                    members = members.filter(~hidden_from(user, "person"))
                return self.filter(Exists(members))
            # Up to FEW_NAMESAKES ids, their memberships read one by one off the person index.
            found = AnyOf("person_id", people, counted=False)
        else:
            people = Person.objects.filter(person_q(query))
            if user is not None:
                people = people.not_hidden_from(user)
            found = AnyOf("person_id", people.values("pk"))
        members = CaseMember.objects.filter(found).values("case_id")
        return self.filter(AnyOf("pk", members))


class TaskQuerySet(CaseChildQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, day: date):
        return self.open().filter(due_on__lt=day)


class ConsentQuerySet(PersonChildQuerySet):
    def in_force_on(self, day: date):
        """Given on or before `day`, not withdrawn by then (withdrawal day excluded), not past its validity."""
        return self.filter(
            Q(given_on__lte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
        """Not withdrawn and not replaced by a renewal: at most one per person, purpose and recipient."""
        return self.filter(withdrawn_on__isnull=True, replaced_on__isnull=True)

    def expiring_by(self, day: date):
        """Current consents whose validity ends on or before `day` (those already expired included)."""
        return self.current().filter(valid_until__isnull=False, valid_until__lte=day)


class ConsentTextQuerySet(models.QuerySet):
    """Consent wordings hold no one's data: every member of staff may read them."""

    def visible_to(self, user):
        return self if access_for(user).has_any_role else self.none()


def quiet_since(unit, today: date) -> date:
    """A case is quiet when it has no note dated on or after this day (the unit's N days)."""
    return today - timedelta(days=unit.quiet_days)


def quiet_cases_q(units, today: date) -> Q:
    """Open cases of `units` with no note (of any author) dated within each unit's N days.

    The caseload review's rule (cases.admin.caseload), so a coordinator's summary and the
    admin list it links to count the same cases: a case never noted is quiet from the start.
    Confidential notes count too: the reminder is about contact, and it names no note.
    """
    condition = Q(pk__in=[])
    for unit in units:
        recent_note = _model("Note").objects.filter(case=OuterRef("pk"), date__gte=quiet_since(unit, today))
        condition |= Q(unit=unit) & ~Exists(recent_note)
    return condition & ~Q(status="closed")
