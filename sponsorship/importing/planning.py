"""Deciding, in memory, what each checked row would create or change, with the services' rules.

Everything the rows may match is read before the first row, one query per kind (never
one per row). Each row is then checked against what is recorded *and* against the rows
above it, with the rules the sponsorship services apply one record at a time: unique
codes and references, enrolment before sponsorship, reassignment closing the sponsorship
in force, no overlapping sponsorships of a child. Those rules are the functions of
`sponsorship.rules`, the same ones the services call, given what is held here. The outcome is a `Plan` of unsaved and
changed model instances that `writing.write_plan` saves in bulk; the database
constraints still judge that write.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import identity
from cases.matching import PersonFacts
from cases.models import Person
from cases.names import fold_name
from maksora import display
from maksora.rules import is_in_future
from sponsorship import choices, rules
from sponsorship.importing.result import Change, ImportResult, RowOutcome
from sponsorship.importing.rows import RowError, code_key
from sponsorship.models import Contribution, Sponsor, SponsoredChild, Sponsorship

CHILD_PROGRAM_FIELDS = ("school", "grade", "living_situation", "enrolled_on")
PERSON_FIELDS = ("family_name", "given_name", "patronymic", "sex", "birth_date", "district")
SPONSOR_FIELDS = ("name", "kind", "country", "language", "email", "phone", "address")
# A new child is linked to a registry person without asking only on strong evidence (the
# same date of birth and names the same or known variants), and only to someone the
# importing officer may see: anyone else is left to the registry stewards.
LINK_SCORE = 0.8


def _display(model, name: str, value) -> str:
    if isinstance(value, date):
        return display.day(value)
    model_field = model._meta.get_field(name)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value) if value not in (None, "") else "—"


def _changes(instance, fields: dict, names) -> dict:
    """Non-empty cells that differ from what is recorded: an empty cell never clears data."""
    return {name: fields[name] for name in names if fields[name] and getattr(instance, name) != fields[name]}


def _describe(instance, changes: dict) -> list[Change]:
    model = type(instance)
    return [
        Change(
            str(model._meta.get_field(name).verbose_name),
            _display(model, name, getattr(instance, name)),
            _display(model, name, value),
        )
        for name, value in changes.items()
    ]


def _overlaps(period: DateRange, other: DateRange) -> bool:
    starts_before_end = other.upper is None or period.lower < other.upper
    ends_after_start = period.upper is None or period.upper > other.lower
    return starts_before_end and ends_after_start


def _last_day(period: DateRange) -> date | None:
    return period.upper - timedelta(days=1) if period.upper else None


def _facts(fields: dict) -> PersonFacts:
    return PersonFacts.of(type("Row", (), {name: fields.get(name) for name in PERSON_FIELDS})())


def _validation_reason(error: ValidationError) -> str:
    """A model's field errors, each with the field it is about."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())


@dataclass
class Plan:
    """What to save: new instances in dependency order, changed ones by primary key, and their rows."""

    persons: list[Person] = field(default_factory=list)
    children: list[SponsoredChild] = field(default_factory=list)
    child_updates: dict[int, SponsoredChild] = field(default_factory=dict)
    sponsors: list[Sponsor] = field(default_factory=list)
    sponsor_updates: dict[int, Sponsor] = field(default_factory=dict)
    sponsorships: list[Sponsorship] = field(default_factory=list)
    sponsorship_updates: dict[int, Sponsorship] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)
    # (new person, registry candidate) pairs for the stewards' queue, filed once the persons are saved.
    duplicates: list[tuple[Person, identity.Candidate]] = field(default_factory=list)
    # id(instance) → the row that asked for it, to report a refusal of the database on that row.
    rows: dict[int, RowOutcome] = field(default_factory=dict)


class Planner:
    def __init__(self, result: ImportResult, *, by):
        self.result = result
        self.by = by
        self.plan = Plan()
        self.today = timezone.localdate()
        self.children: dict[str, SponsoredChild] = {}
        self.sponsors: dict[str, Sponsor] = {}
        self.sponsorships: dict[str, list[Sponsorship]] = defaultdict(list)
        self.contributions: dict[str, Contribution] = {}
        # child code → (candidates the importing user may see, the others): only the first are ever named.
        self.matches: dict[str, tuple[list[identity.Candidate], list[identity.Candidate]]] = {}
        self.enrolled_people: set[int] = set()

    def run(self, number: int, record: str, key: str, action) -> None:
        """Plan one row; its reason is reported if the row breaks a rule."""
        outcome = RowOutcome(number, record, key)
        try:
            verdict, outcome.detail, outcome.changes, instance = action()
        except RowError as error:
            outcome.detail = str(error)
            verdict = "rejected"
        except ValidationError as error:
            outcome.detail = _validation_reason(error)
            verdict = "rejected"
        else:
            # The row's own record and any it changes on the way (a person, a reassigned sponsorship).
            for written in instance if isinstance(instance, tuple) else (instance,):
                if written is not None:
                    self.plan.rows[id(written)] = outcome
        self.result.add(verdict, outcome)

    def prefetch(self, rows: dict[str, list]) -> None:
        child_keys = {code_key(f["child_code"]) for record in ("child", "sponsorship", "contribution")
                      for _n, _k, f in rows[record]}  # fmt: skip
        sponsor_keys = {code_key(f["avsi_code"]) for _n, _k, f in rows["sponsor"]} | {
            code_key(f["sponsor_code"]) for record in ("sponsorship", "contribution") for _n, _k, f in rows[record]
        }
        children = SponsoredChild.objects.select_related("person").annotate(key=Upper("avsi_code"))
        self.children = {child.key: child for child in children.filter(key__in=child_keys)}
        sponsors = Sponsor.objects.annotate(key=Upper("avsi_code")).filter(key__in=sponsor_keys)
        self.sponsors = {sponsor.key: sponsor for sponsor in sponsors}
        known = Sponsorship.objects.select_related("sponsor").annotate(key=Upper("child__avsi_code"))
        for sponsorship in known.filter(key__in=list(self.children)):
            self.sponsorships[sponsorship.key].append(sponsorship)
        references = [f["reference"].upper() for _n, _k, f in rows["contribution"]]
        found = Contribution.objects.annotate(key=Upper("reference")).filter(key__in=references)
        self.contributions = {contribution.key: contribution for contribution in found}
        new_children = [f for _n, _k, f in rows["child"] if code_key(f["child_code"]) not in self.children]
        self._match_new_children(new_children)

    def _match_new_children(self, new_children: list[dict]) -> None:
        """The registry-wide match of every new child, split by what the importing user may see."""
        if not new_children:
            return
        found = identity.registry_matches_many([_facts(fields) for fields in new_children])
        visible = identity.visible_ids(self.by, {c.person.pk for candidates in found for c in candidates})
        for fields, candidates in zip(new_children, found, strict=True):
            inside = [c for c in candidates if c.person.pk in visible]
            outside = [c for c in candidates if c.person.pk not in visible]
            self.matches[code_key(fields["child_code"])] = (inside, outside)
        inside_ids = {c.person.pk for inside, _outside in self.matches.values() for c in inside}
        if inside_ids:
            enrolled = SponsoredChild.objects.filter(person_id__in=inside_ids).values_list("person_id", flat=True)
            self.enrolled_people.update(enrolled)

    # --- children and sponsors ---------------------------------------------------------

    def _registry_person(self, key: str, fields: dict) -> identity.Candidate | None:
        """The one person the officer may see who is strongly this child (see LINK_SCORE), else None."""
        inside, _outside = self.matches.get(key, ([], []))
        strong = [
            c
            for c in inside
            if c.match.score >= LINK_SCORE and fields["birth_date"] and c.person.birth_date == fields["birth_date"]
        ]
        return strong[0] if len(strong) == 1 else None

    def child(self, fields: dict):
        key = code_key(fields["child_code"])
        existing = self.children.get(key)
        program = {name: fields[name] for name in CHILD_PROGRAM_FIELDS}
        rules.check_enrolment_date(program["enrolled_on"], today=self.today)
        if is_in_future(fields["birth_date"], today=self.today):
            raise RowError(_("A date of birth cannot be in the future."))
        if existing is None:
            return self._new_child(fields, key, program)
        changes = _changes(existing, program, CHILD_PROGRAM_FIELDS)
        if not changes:
            return "unchanged", "", [], None
        rules.check_enrolment_before_sponsorships(
            program["enrolled_on"], (s.period.lower for s in self.sponsorships[key])
        )
        described = _describe(existing, changes)
        for name, value in changes.items():
            setattr(existing, name, value)
        existing.clean_fields(exclude=["person"])
        self.plan.child_updates[existing.pk] = existing
        return "changed", existing.person.full_name, described, existing

    def _new_child(self, fields: dict, key: str, program: dict):
        linked = self._registry_person(key, fields)
        inside, outside = self.matches.get(key, ([], []))
        if linked is None:
            person = Person(**{name: fields[name] for name in PERSON_FIELDS})
            person.clean_fields(exclude=["name_key"])
            person.name_key = fold_name(person.family_name, person.given_name)
            self.plan.persons.append(person)
            self.plan.duplicates.extend((person, candidate) for candidate in inside + outside)
            detail = person.full_name
            # Only people of her own scope are named; the others go to the stewards unseen.
            if inside:
                detail = _("%(person)s; may be %(others)s of the registry: the registry stewards will decide") % {
                    "person": person.full_name,
                    "others": ", ".join(c.person.full_name for c in inside),
                }
        else:
            person = linked.person
            rules.check_not_enrolled(person, enrolled=person.pk in self.enrolled_people)
            detail = _("linked to %(person)s of the registry") % {"person": person.full_name}
        child = SponsoredChild(person=person, avsi_code=fields["child_code"], **program)
        child.clean_fields(exclude=["person"])
        self.enrolled_people.add(person.pk)
        self.children[key] = child
        self.plan.children.append(child)
        return "created", detail, [], (child, person)

    def sponsor(self, fields: dict):
        existing = self.sponsors.get(code_key(fields["avsi_code"]))
        if existing is None:
            sponsor = Sponsor(
                **(fields | {"country": fields["country"] or "IT", "language": fields["language"] or "it"})
            )
            sponsor.clean_fields()
            self.sponsors[code_key(sponsor.avsi_code)] = sponsor
            self.plan.sponsors.append(sponsor)
            return "created", sponsor.name, [], sponsor
        changes = _changes(existing, fields, SPONSOR_FIELDS)
        if not changes:
            return "unchanged", "", [], None
        described = _describe(existing, changes)
        for name, value in changes.items():
            setattr(existing, name, value)
        existing.clean_fields()
        self.plan.sponsor_updates[existing.pk] = existing
        return "changed", existing.name, described, existing

    # --- sponsorships and contributions ------------------------------------------------

    def _pair(self, fields: dict) -> tuple[str, SponsoredChild, Sponsor]:
        key = code_key(fields["child_code"])
        child = self.children.get(key)
        if child is None:
            raise RowError(
                _("Unknown child code %(code)s (neither in this file nor in Maksora).") % {"code": fields["child_code"]}
            )
        sponsor = self.sponsors.get(code_key(fields["sponsor_code"]))
        if sponsor is None:
            raise RowError(
                _("Unknown sponsor code %(code)s (neither in this file nor in Maksora).")
                % {"code": fields["sponsor_code"]}
            )
        return key, child, sponsor

    @staticmethod
    def _same_sponsor(sponsorship: Sponsorship, sponsor: Sponsor) -> bool:
        return code_key(sponsorship.sponsor.avsi_code) == code_key(sponsor.avsi_code)

    def _refuse_overlap(self, known: list[Sponsorship], period: DateRange, *, besides: tuple) -> None:
        """What the exclusion constraint would refuse, said with the conflicting sponsorship."""
        for other in known:
            if other not in besides and _overlaps(other.period, period):
                raise rules.overlap_error(other)

    def sponsorship(self, fields: dict):
        key, child, sponsor = self._pair(fields)
        known = self.sponsorships[key]
        start = fields["start"]
        upper = fields["end"] + timedelta(days=1) if fields["end"] else None
        existing = next((s for s in known if s.period.lower == start), None)
        if existing is not None:
            return self._sponsorship_change(existing, known, sponsor, fields, upper)
        rules.check_sponsorship_in_enrolment(child, start)
        upper = rules.end_within_enrolment(child, upper)
        # As sponsorship_start does: the earlier sponsorship in force on `start` is a reassignment.
        current = next((s for s in known if start in s.period), None)
        same_sponsor = current is not None and self._same_sponsor(current, sponsor)
        closing = rules.reassignment_of(current, same_sponsor=same_sponsor, start=start)
        period = DateRange(start, upper, "[)")
        self._refuse_overlap(known, period, besides=(closing,))
        if closing is not None:
            closing.period = DateRange(closing.period.lower, start, "[)")
            closing.end_reason = choices.SponsorshipEndReason.REASSIGNED
            if closing.pk:
                self.plan.sponsorship_updates[closing.pk] = closing
        reason = (fields["end_reason"] or choices.SponsorshipEndReason.OTHER) if upper else ""
        sponsorship = Sponsorship(child=child, sponsor=sponsor, period=period, end_reason=reason)
        known.append(sponsorship)
        self.plan.sponsorships.append(sponsorship)
        return "created", f"{child.avsi_code} ← {sponsor.name}", [], (sponsorship, closing)

    def _sponsorship_change(self, existing, known, sponsor, fields, upper):
        if not self._same_sponsor(existing, sponsor):
            raise RowError(
                _("This child's sponsorship from %(start)s is with another sponsor in Maksora.")
                % {"start": display.day(existing.period.lower)}
            )
        # An empty end never reopens a sponsorship ended in Maksora (e.g. by a reassignment).
        reason = fields["end_reason"] or existing.end_reason or choices.SponsorshipEndReason.OTHER
        if upper is None or (existing.period.upper == upper and existing.end_reason == reason):
            return "unchanged", "", [], None
        period = DateRange(existing.period.lower, upper, "[)")
        self._refuse_overlap(known, period, besides=(existing,))
        described = [Change(str(_("last day")), display.day(_last_day(existing.period)), display.day(fields["end"]))]
        if existing.end_reason != reason:
            old, new = (_display(Sponsorship, "end_reason", value) for value in (existing.end_reason, reason))
            described.append(Change(str(_("end reason")), old, new))
        existing.period, existing.end_reason = period, reason
        if existing.pk:
            self.plan.sponsorship_updates[existing.pk] = existing
        return "changed", f"{fields['child_code']} ← {sponsor.name}", described, existing

    def _sponsorship_of(self, key: str, sponsor: Sponsor, year: int, received_on: date) -> Sponsorship | None:
        """The pair's sponsorship in force during `year` (the latest), else the one in force on `received_on`."""
        pair = [s for s in self.sponsorships[key] if self._same_sponsor(s, sponsor)]
        year_range = DateRange(date(year, 1, 1), date(year + 1, 1, 1), "[)")
        in_year = [s for s in pair if _overlaps(s.period, year_range)]
        if in_year:
            return max(in_year, key=lambda s: s.period.lower)
        return next((s for s in pair if received_on in s.period), None)

    def contribution(self, fields: dict):
        key, child, sponsor = self._pair(fields)
        year, received_on = fields["period_year"], fields["received_on"]
        rules.check_received_on(received_on, today=self.today)
        sponsorship = self._sponsorship_of(key, sponsor, year, received_on)
        if sponsorship is None:
            raise RowError(
                _("Sponsor %(sponsor)s has no sponsorship of child %(child)s in %(year)s.")
                % {"sponsor": fields["sponsor_code"], "child": fields["child_code"], "year": year}
            )
        existing = self.contributions.get(fields["reference"].upper())
        if existing is not None:
            recorded = (existing.sponsorship_id, existing.amount, existing.period_year, existing.received_on)
            if recorded == (sponsorship.pk, fields["amount"], year, received_on):
                return "unchanged", "", [], None
        rules.check_reference_free(fields["reference"], taken=existing)
        contribution = Contribution(
            sponsorship=sponsorship,
            period_year=year,
            amount=fields["amount"],
            received_on=received_on,
            reference=fields["reference"],
        )
        contribution.clean_fields(exclude=["sponsorship"])
        self.plan.contributions.append(contribution)
        return "created", display.money(fields["amount"]), [], contribution
