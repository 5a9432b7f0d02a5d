"""Destroying a person's data on request or at the end of retention (152-FZ art. 21; RKN Order No. 179).

The person's row and her cases stay, so that past figures still count her once, as a
person whose details are unknown: names become «Уничтожено #id», the date of birth, the
district and every contact detail go, free text of what is wholly hers is emptied, and her
names and numbers are cut out of text she shares with others (the case of her mother).
Her consents, family links, documents and photo files are deleted. Her rows in the
pghistory event tables and the access log are anonymised the same way, inside the same
transaction; files leave the disk only once it has committed. A DestructionAct records who,
when, on which ground, what went (counts per category) and the extract of the event log,
reduced to date, actor and action.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import CharField, F, Q, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pghistory.models import Context

from cases.models import Case, Person
from cases.names import fold_name
from cases.services import person_unit_codes
from maksora.access import can_destroy_person
from maksora.models import AccessAction, AccessRecord
from privacy.holdings import CATEGORIES, DELETE, Holding, access_rows, free_text_fields, holdings, people_of
from privacy.models import ACT_KEPT_YEARS, DestructionAct, LegalGround, LegalHold
from privacy.signals import destruction_progress
from sponsorship.models import SponsoredChild

ACCESS_LOG_TRIGGER = "maksora.AccessRecord:access_record_append_only"
# Columns that are not about her and must keep their value (a case number is the key of the
# count; a merge's `moved` holds row ids only and is redacted like shared text).
KEPT_COLUMNS = {(Case, "number")}
# Person columns and what destruction leaves in them; `sex` stays (see docs/retention.md).
PERSON_CLEARED = {
    "patronymic": "",
    "birth_date": None,
    "citizenship": "",
    "document_type": "",
    "document_number": "",
    "phone": "",
    "address": "",
    "district": "",
    "name_key": "",
    "phone_key": "",
}
# A Russian name changes its ending with its grammatical case (Вера, Веры, Веру, Верой;
# Сентинелова, Сентинеловой): a name is matched as its stem followed by one of these
# endings (or none) and nothing else, so «Вер» does not take «верить» with it.
_FINAL_LETTERS = "аяоеёыиуьйю"
_RUSSIAN_ENDINGS = "ого|его|ому|ему|ами|ями|ой|ей|ою|ею|ом|ем|ым|им|ых|их|ам|ям|ах|ях|ую|юю|ая|яя|а|я|о|е|ё|ы|и|у|ю|й|ь"
_LATIN_FINAL_LETTERS = "aeiouy"
_LONG_STEM = 6
# The same endings as transliterated in AVSI files and letters (Sentinelova, Sentinelovoi).
_LATIN_ENDINGS = "oyu|oiu|oi|oy|oj|ei|ey|om|em|ym|im|ia|ya|a|y|u|e|i|o"


def placeholder() -> str:
    """What stays in a required text column; in the organisation's language (the data's own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[destroyed]")


def destroyed_name_prefix() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Destroyed #")


@dataclass
class Plan:
    """What a destruction would take away, shown before it is confirmed."""

    person: Person
    people: list[int]
    counts: dict[str, int]
    files: list[str]
    blockers: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[tuple[str, str, int]]:
        return [(key, str(label), self.counts.get(key, 0)) for key, label in CATEGORIES.items()]

    @property
    def unit_codes(self) -> set[str]:
        return person_unit_codes(self.people)


# --- refusals ---------------------------------------------------------------------------


def destruction_blockers(people: list[int], *, today: date) -> list[str]:
    """Why her data may not be destroyed now: an open case, a legal hold in force, already destroyed."""
    blockers = []
    open_cases = Case.objects.exclude(status="closed").filter(
        Q(primary_person__in=people) | Q(memberships__person__in=people)
    )
    if open_cases.exists():
        blockers.append(_("She has an open case: close every case of hers first."))
    if LegalHold.objects.filter(person__in=people).in_force_on(today).exists():
        blockers.append(_("A legal hold keeps her data: it must end or be lifted first."))
    if DestructionAct.objects.filter(person__in=people).exists():
        blockers.append(_("Her data have already been destroyed."))
    return blockers


def check_may_destroy(*, people: list[int], by) -> None:
    """Coordinators of every unit where she has a case; `by=None` is the retention schedule."""
    if by is not None and not can_destroy_person(by, person_unit_codes(people)):
        raise PermissionDenied


# --- the plan -----------------------------------------------------------------------------


def _files_of(holding: Holding) -> list[str]:
    names = []
    for file_field in [f for f in holding.model._meta.concrete_fields if isinstance(f, models.FileField)]:
        for source in (holding.rows, holding.events):
            if source is not None:
                names += [n for n in source.exclude(**{file_field.name: ""}).values_list(file_field.name, flat=True)]
    return sorted(set(names))


def _rows_mentioning(queryset, model, redact) -> int:
    """Rows of text shared with others that name her (those her destruction rewrites)."""
    fields = [f.attname for f in free_text_fields(model) if not isinstance(f, models.FileField)]
    if not fields:
        return 0
    return sum(1 for values in queryset.values_list(*fields) if any(v and redact(v) != v for v in values))


def destruction_plan(*, person: Person, today: date | None = None) -> Plan:
    """Counts per category of what would be destroyed, the files, and the refusals (writes nothing)."""
    today = today or timezone.localdate()
    people = people_of(person)
    counts = dict.fromkeys(CATEGORIES, 0)
    files = []
    redact = redactor(people)
    for holding in holdings(person):
        rows = holding.rows.count() if holding.own else _rows_mentioning(holding.rows, holding.model, redact)
        if holding.model is Person:
            counts["identity"] += rows
            counts["contact"] += sum(
                1
                for values in holding.rows.values_list("phone", "address", "document_number")
                for value in values
                if value
            )
        else:
            counts[holding.category] += rows
        events = holding.events
        if events is not None:
            counts["history"] += events.count()
        if holding.own:
            files += _files_of(holding)
    counts["access_log"] = access_rows(people).count()
    return Plan(person=person, people=people, counts=counts, files=sorted(set(files)),
                blockers=destruction_blockers(people, today=today))  # fmt: skip


# --- taking her words out of shared text ---------------------------------------------------


def _name_pattern(word: str) -> tuple[str, str]:
    """(stem, regular expression) of one word of a name, Cyrillic or Latin."""
    latin = word.isascii()
    final = _LATIN_FINAL_LETTERS if latin else _FINAL_LETTERS
    stem = word.lower()
    for _letter in range(2):
        if len(stem) > 2 and stem[-1] in final:
            stem = stem[:-1]
    # ё is often written е (Пётр, Петра).
    body = "".join("[её]" if letter in "её" else re.escape(letter) for letter in stem)
    if len(stem) >= _LONG_STEM:
        # A long stem is hers whatever follows (a typo, an unusual ending): no common word starts so.
        return stem, rf"(?<!\w){body}\w*"
    endings = _LATIN_ENDINGS if latin else _RUSSIAN_ENDINGS
    return stem, rf"(?<!\w){body}(?:{endings})?(?!\w)"


def redactor(people: list[int]):
    """A function that replaces her names (any case ending, Latin spellings too) and numbers in a text."""
    words, exact = {}, set()
    for row in Person.objects.filter(pk__in=people).values(
        "family_name", "given_name", "patronymic", "phone", "document_number", "address"
    ):
        for name in (row["family_name"], row["given_name"], row["patronymic"]):
            for word in re.findall(r"\w+", name or ""):
                if len(word) >= 2:
                    stem, expression = _name_pattern(word)
                    words[stem] = expression
                    latin = fold_name(word)
                    if len(latin) >= 3:
                        stem, expression = _name_pattern(latin)
                        words[stem] = expression
        for value in (row["phone"], row["document_number"], row["address"]):
            if value and len(value.strip()) >= 4:
                exact.add(value.strip())
    if not words and not exact:
        return lambda text: text
    parts = [words[stem] for stem in sorted(words, key=len, reverse=True)]
    parts += [re.escape(value) for value in sorted(exact, key=len, reverse=True)]
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    replacement = placeholder()

    def redact(value):
        if isinstance(value, str):
            return pattern.sub(replacement, value)
        if isinstance(value, list):
            return [redact(item) for item in value]
        if isinstance(value, dict):
            return {key: redact(item) for key, item in value.items()}
        return value

    redact.stems = sorted(words) + sorted(exact)
    return redact


def _redact_rows(queryset, fields: list[models.Field], redact, *, key: str) -> int:
    """Rewrite the rows whose text mentions her; returns how many changed."""
    names = [f.attname for f in fields]
    changed = 0
    for row in queryset.values(key, *names):
        updates = {name: redact(row[name]) for name in names if row[name] not in (None, "")}
        updates = {name: value for name, value in updates.items() if value != row[name]}
        if updates:
            queryset.model._default_manager.filter(**{key: row[key]}).update(**updates)
            changed += 1
    return changed


# --- what is wholly hers -----------------------------------------------------------------


def _cleared_values(model, fields: list[models.Field]) -> dict:
    values = {}
    for model_field in fields:
        if (model, model_field.name) in KEPT_COLUMNS:
            continue
        if isinstance(model_field, models.JSONField):
            values[model_field.attname] = model_field.get_default()
        elif model_field.unique:
            values[model_field.attname] = Concat(Value(placeholder() + "-"), Cast(F("id"), CharField()))
        elif model_field.blank or isinstance(model_field, models.FileField):
            values[model_field.attname] = ""
        else:
            values[model_field.attname] = placeholder()
    if model is Person:
        values.update(PERSON_CLEARED)
        values["family_name"] = Concat(Value(destroyed_name_prefix()), Cast(F("id"), CharField()))
        values["given_name"] = ""
    if model is SponsoredChild:
        values.update(school="", grade="")
    return values


def _clear(holding: Holding) -> None:
    fields = free_text_fields(holding.model)
    values = _cleared_values(holding.model, fields)
    if holding.model is Person:
        # An update, not save(): save() would fill the search keys again.
        holding.rows.update(**values)
    elif values:
        holding.rows.update(**values)
    events = holding.events
    if events is not None and values:
        events.update(**values)


def _redact(holding: Holding, redact) -> None:
    fields = [f for f in free_text_fields(holding.model) if not isinstance(f, models.FileField)]
    if not fields:
        return
    _redact_rows(holding.rows, fields, redact, key="pk")
    if holding.events is not None:
        _redact_rows(holding.events, fields, redact, key="pgh_id")


# --- the event-log extract ------------------------------------------------------------------


def event_log_extract(person: Person) -> list[dict]:
    """The events about her before anonymisation, as date, actor and action only."""
    people = people_of(person)
    raw = []
    for holding in holdings(person):
        if not holding.own or holding.events is None:
            continue
        for at, kind, metadata in holding.events.values_list("pgh_created_at", "pgh_label", "pgh_context__metadata"):
            raw.append((at, (metadata or {}).get("user"), holding.model, kind))
    for at, user_id, action in access_rows(people).values_list("at", "user_id", "action"):
        raw.append((at, user_id, None, action))
    user_ids = {user_id for _at, user_id, _model, _kind in raw if user_id is not None}
    users = {u.pk: u.get_full_name() or u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
    actions = dict(AccessAction.choices)
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        kinds = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}
        for at, user_id, model, kind in sorted(raw, key=lambda item: item[0]):
            if model is None:
                action = str(actions.get(kind, kind))
            else:
                action = f"{model._meta.verbose_name}: {kinds.get(kind, kind)}"
            entries.append({"at": at.isoformat(), "actor": users.get(user_id, _("system")), "action": action})
    return entries


# --- text that names her elsewhere ------------------------------------------------------------


def _sweep_elsewhere(redact, context_ids: set) -> None:
    """Text outside her rows that may quote her: the admin's log (a record's title), the history
    contexts of her events, and the filters of listings and exports (a search for her name)."""
    stems = getattr(redact, "stems", [])
    if not stems:
        return
    # The admin log holds one row per admin change: small enough to search whole.
    logs = LogEntry.objects.filter(_any_contains("object_repr", stems) | _any_contains("change_message", stems))
    for entry in logs:
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=redact(entry.object_repr)[:200], change_message=redact(entry.change_message)
        )
    for context in Context.objects.filter(pk__in=context_ids):
        metadata = redact(context.metadata)
        if metadata != context.metadata:
            Context.objects.filter(pk=context.pk).update(metadata=metadata)
    # Only listings and exports keep filters; page reads (the bulk of the log) have none.
    records = (
        AccessRecord.objects.exclude(filters={})
        .annotate(text=Cast("filters", TextField()))
        .filter(_any_contains("text", stems))
    )
    with pgtrigger.ignore(ACCESS_LOG_TRIGGER):
        for record in records:
            AccessRecord.objects.filter(pk=record.pk).update(filters=redact(record.filters))


def _any_contains(column: str, stems: list[str]) -> Q:
    condition = Q()
    for stem in stems:
        condition |= Q(**{f"{column}__icontains": stem})
    return condition


# --- the destruction ---------------------------------------------------------------------------


@transaction.atomic
def person_destroy(*, person: Person, by, legal_ground: str, dry_run: bool = False):
    """Destroy everything held about `person` (and the duplicates merged into her); returns the act.

    With `dry_run`, returns the Plan and writes nothing. Refused (ValidationError) while she
    has an open case or a legal hold in force; PermissionDenied unless `by` coordinates every
    unit where she has a case (`by=None`: the retention schedule).
    """
    if legal_ground not in LegalGround.values:
        raise ValidationError(_("Choose the legal ground of the destruction."))
    if dry_run:
        plan = destruction_plan(person=person)
        check_may_destroy(people=plan.people, by=by)
        if plan.blockers:
            raise ValidationError(plan.blockers)
        return plan
    return _destroy(person=person, by=by, legal_ground=legal_ground)


@transaction.atomic
def _destroy(*, person: Person, by, legal_ground: str) -> DestructionAct:
    today = timezone.localdate()
    # Lock her rows so that no edit or merge runs alongside (and read them afresh).
    people = people_of(person)
    list(Person.objects.select_for_update().filter(pk__in=people).values_list("pk", flat=True))
    people = people_of(person)
    check_may_destroy(people=people, by=by)
    blockers = destruction_blockers(people, today=today)
    if blockers:
        raise ValidationError(blockers)
    plan = destruction_plan(person=person, today=today)
    extract = event_log_extract(person)
    redact = redactor(people)
    destruction_progress.send(sender=DestructionAct, person=person, step="planned")
    with pghistory.context(user=by.pk if by else None, action="person_destroy"):
        person_holdings = holdings(person)
        context_ids = set()
        for holding in person_holdings:
            if holding.events is not None:
                context_ids |= set(holding.events.exclude(pgh_context=None).values_list("pgh_context_id", flat=True))
        for holding in person_holdings:
            if holding.own:
                _clear(holding)
            else:
                _redact(holding, redact)
            destruction_progress.send(sender=DestructionAct, person=person, step=holding.model._meta.label)
        # Deleted last and in this order (a consent points at its signed form), once emptied,
        # so their delete events carry nothing either.
        for holding in sorted((h for h in person_holdings if h.fate == DELETE), key=_delete_order):
            holding.rows.delete()
        with pgtrigger.ignore(ACCESS_LOG_TRIGGER):
            access_rows(people).update(person_id=None, object_id=None, filters={})
        _sweep_elsewhere(redact, context_ids)
        destruction_progress.send(sender=DestructionAct, person=person, step="anonymised")
        act = DestructionAct.objects.create(
            person=person,
            destroyed_by=by,
            legal_ground=legal_ground,
            person_ids=people,
            categories=[{"key": key, "count": count} for key, count in plan.counts.items()],
            event_log=extract,
            files_pending=plan.files,
            keep_until=_years_after(today, ACT_KEPT_YEARS),
        )
    transaction.on_commit(lambda: act_remove_files(act=act), robust=True)
    return act


def _delete_order(holding: Holding) -> int:
    order = ["Consent", "Relationship", "DuplicateCandidate", "Attachment"]
    return order.index(holding.model.__name__) if holding.model.__name__ in order else len(order)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def act_remove_files(*, act: DestructionAct) -> list[str]:
    """Remove the act's files from storage; what fails stays pending for the next retention run."""
    left = []
    for name in act.files_pending:
        try:
            default_storage.delete(name)
        except OSError:
            left.append(name)
    DestructionAct.objects.filter(pk=act.pk).update(files_pending=left)
    act.files_pending = left
    return left


def act_categories(act: DestructionAct) -> list[tuple[str, int]]:
    return [(str(CATEGORIES.get(item["key"], item["key"])), item["count"]) for item in act.categories]
