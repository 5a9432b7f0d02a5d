"""How the records behind a figure are listed: columns, links and scoping per model.

Lists show identifying facts only (no note text): a drill-down explains a number. Each
column names the database values it shows (`paths`), so a page, a CSV or an XLSX export
reads rows with `values_list` and never builds model instances; the same paths read a
record's history rows (pghistory event tables copy the tracked columns), which is how a
saved report lists its records as they were when it was saved.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pghistory.models
from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import DatePrecision
from cases.models import Case, Person, full_name
from cases.models import birth_date_display as _birth_date_display
from cases.querysets import hidden_from, restricted_q, withdrawn_q
from cases.restricted import RESTRICTED_LABEL, hidden_person_ids
from maksora.units import UnitCode
from shelters import reports as shelter_reports
from shelters.models import stay_exit_day

# A record the saved report counted of which nothing is left: neither the row nor its history.
DELETED_LABEL = _("Deleted since the report was saved")

# Per-row quantities a figure's records carry as annotations: shown as a last column, they add up to the figure.
QUANTITIES = {
    "nights": _("Nights in the period"),
    "available_days": _("Available days in the period"),
    "length_days": _("Length of stay (days)"),
}

# Rows read at a time by exports and saved lists: memory stays flat whatever the figure.
CHUNK = 2000


def _same(value):
    return value


@dataclass(frozen=True)
class Column:
    """A heading and the values it shows; `cell()` is called once per listing (in the reader's
    language) and returns the function turning those values into the cell."""

    heading: object
    paths: tuple[str, ...]
    cell: Callable[[], Callable] = lambda: _same


def value(heading, path: str) -> Column:
    return Column(heading, (path,))


def choice(heading, model_label: str, name: str, path: str | None = None) -> Column:
    def cell():
        labels = {key: str(label) for key, label in apps.get_model(model_label)._meta.get_field(name).flatchoices}
        return lambda v: labels.get(v, v)

    return Column(heading, (path or name,), cell)


def person_name(heading, prefix: str = "") -> Column:
    return Column(
        heading,
        (f"{prefix}family_name", f"{prefix}given_name", f"{prefix}patronymic"),
        lambda: full_name,
    )


def _birth_date_cell(birth_date, precision):
    # An exact date stays a date (shown as days are, a date cell in XLSX); a partial one reads as known.
    if precision == DatePrecision.DAY:
        return birth_date
    return _birth_date_display(birth_date, precision)


def birth_date(heading) -> Column:
    return Column(heading, ("birth_date", "birth_date_precision"), lambda: _birth_date_cell)


def range_bound(heading, path: str, bound: str) -> Column:
    return Column(heading, (path,), lambda: lambda r: getattr(r, bound, None) if r is not None else None)


def exit_day(heading) -> Column:
    # The rule of the exit day is the stay's (a same-day stay left on its first day).
    return Column(heading, ("period", "same_day"), lambda: stay_exit_day)


def unit(heading, path: str) -> Column:
    def cell():
        labels = {code: str(label) for code, label in UnitCode.choices}
        return lambda code: labels.get(code, code)

    return Column(heading, (path,), cell)


def code_and_name(heading, code_path: str, name_path: str) -> Column:
    return Column(heading, (code_path, name_path), lambda: lambda code, name: " ".join(p for p in (code, name) if p))


@dataclass(frozen=True)
class Link:
    """Where a row leads: the page of a record (`model`, id at `path`) the reader may open."""

    url_name: str
    model: str
    path: str


@dataclass(frozen=True)
class Listing:
    columns: tuple[Column, ...]
    person: str | None = None  # the person each row is about: a restricted one's row shows no facts
    link: Link | None = None


TO_PERSON = "cases:person_detail"
TO_CASE = "cases:case_detail"
TO_CHILD = "sponsorship:child_detail"

LISTINGS = {
    "cases.person": Listing(
        (
            person_name(_("Name")),
            choice(_("Sex"), "cases.person", "sex"),
            birth_date(_("Date of birth")),
            choice(_("District"), "cases.person", "district"),
        ),
        person="pk",
        link=Link(TO_PERSON, "cases.person", "pk"),
    ),
    "cases.case": Listing(
        (
            value(_("Case number"), "number"),
            person_name(_("Primary person"), "primary_person__"),
            unit(_("Unit"), "unit__code"),
            choice(_("Status"), "cases.case", "status"),
            value(_("Opened on"), "opened_on"),
            value(_("Closed on"), "closed_on"),
        ),
        person="primary_person",
        link=Link(TO_CASE, "cases.case", "pk"),
    ),
    "cases.note": Listing(
        (
            value(_("Date"), "date"),
            choice(_("Kind of contact"), "cases.note", "kind"),
            value(_("Case number"), "case__number"),
        ),
        person="case__primary_person",
        link=Link(TO_CASE, "cases.case", "case"),
    ),
    "cases.duplicatecandidate": Listing(
        (Column(_("Record"), ("person_a_id", "person_b_id"), lambda: lambda a, b: f"#{a} / #{b}"),),
    ),
    "shelters.stay": Listing(
        (
            person_name(_("Person"), "person__"),
            unit(_("House"), "house__unit__code"),
            range_bound(_("First night"), "period", "lower"),
            exit_day(_("Exit day")),
            choice(_("Exit destination"), "shelters.stay", "exit_destination"),
        ),
        person="person",
        link=Link(TO_PERSON, "cases.person", "person"),
    ),
    "shelters.bed": Listing(
        (
            unit(_("House"), "room__house__unit__code"),
            value(_("Room"), "room__name"),
            value(_("Bed"), "label"),
        ),
    ),
    "sponsorship.sponsoredchild": Listing(
        (
            value(_("AVSI child code"), "avsi_code"),
            person_name(_("Child"), "person__"),
            value(_("Enrolled on"), "enrolled_on"),
            value(_("Left the program on"), "exited_on"),
        ),
        person="person",
        link=Link(TO_CHILD, "sponsorship.sponsoredchild", "pk"),
    ),
    "sponsorship.sponsorship": Listing(
        (
            value(_("Child"), "child__avsi_code"),
            code_and_name(_("Sponsor"), "sponsor__avsi_code", "sponsor__name"),
            range_bound(_("From"), "period", "lower"),
            range_bound(_("Until (exclusive)"), "period", "upper"),
            choice(_("End reason"), "sponsorship.sponsorship", "end_reason"),
        ),
        person="child__person",
        link=Link(TO_CHILD, "sponsorship.sponsoredchild", "child"),
    ),
    "sponsorship.contribution": Listing(
        (
            value(_("Received on"), "received_on"),
            value(_("Amount (EUR)"), "amount"),
            value(_("For year"), "period_year"),
            value(_("Child"), "sponsorship__child__avsi_code"),
            value(_("Sponsor"), "sponsorship__sponsor__avsi_code"),
        ),
        person="sponsorship__child__person",
        link=Link(TO_CHILD, "sponsorship.sponsoredchild", "sponsorship__child"),
    ),
    "sponsorship.correspondence": Listing(
        (
            value(_("Due on"), "due_on"),
            value(_("Sent on"), "sent_on"),
            value(_("Child"), "sponsorship__child__avsi_code"),
            value(_("Sponsor"), "sponsorship__sponsor__avsi_code"),
        ),
        person="sponsorship__child__person",
        link=Link(TO_CHILD, "sponsorship.sponsoredchild", "sponsorship__child"),
    ),
}


def model_for(model_label: str):
    return apps.get_model(model_label)


def scoped_records(model_label: str, user):
    """Rows of a saved figure's model the reader may count today (as the live figures scope them).

    Notes are counted through their cases (confidential ones included, see
    cases.reports.local_notes_by_kind) and listed without their text. Restricted people
    are counted like the live figures count them; their rows are listed without facts.
    """
    model = model_for(model_label)
    if model_label == "cases.note":
        return model._default_manager.filter(case__in=Case.objects.counted_for(user))
    manager = model._default_manager
    return manager.counted_for(user) if hasattr(manager, "counted_for") else manager.visible_to(user)


# --- one listing: headings, then rows of cells ------------------------------------------------


@dataclass
class Line:
    """One listed row: its cells, the page it links to (None: no link) and whether it is gone since."""

    cells: list
    url: str | None = None
    deleted: bool = False


@dataclass
class Drilldown:
    """The rows behind one figure, as a page shows them and an export writes them.

    `quantity` is the per-row annotation (nights, available days, length) listed last.
    """

    model_label: str
    user: object
    quantity: str | None = None
    listing: Listing = field(init=False)

    def __post_init__(self):
        # A model without a listing of its own shows its records' ids.
        self.listing = LISTINGS.get(self.model_label) or Listing((value(_("Record"), "pk"),))

    @property
    def columns(self) -> tuple[Column, ...]:
        extra = (value(QUANTITIES[self.quantity], self.quantity),) if self.quantity else ()
        return self.listing.columns + extra

    @property
    def headings(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    @property
    def value_paths(self) -> list[str]:
        return [path for column in self.columns for path in column.paths]

    def cell_maker(self, offset: int) -> Callable[[tuple], list]:
        """Cells of a values row whose column values start at `offset` (one function per listing)."""
        parts = []
        for column in self.columns:
            parts.append((offset, len(column.paths), column.cell()))
            offset += len(column.paths)

        def cells(row):
            return [make(row[i]) if n == 1 else make(*row[i : i + n]) for i, n, make in parts]

        return cells

    def placeholder(self, label) -> list:
        return [str(label)] + [""] * (len(self.columns) - 1)

    # --- live: the figure's own queryset -------------------------------------------------------

    def live_values(self, queryset):
        """(person id, link id, *column values) of `queryset`, in its order."""
        person, link = self.listing.person, self.listing.link
        return queryset.values_list(person or "pk", link.path if link else "pk", *self.value_paths)

    def live_lines(self, values_rows: Iterable[tuple], *, links: bool = True) -> list[Line]:
        values_rows = list(values_rows)
        cells = self.cell_maker(2)
        hidden = hidden_person_ids(self.user, [row[0] for row in values_rows]) if self.listing.person else set()
        openable = self._openable([row[1] for row in values_rows]) if links else set()
        return [
            Line(self.placeholder(RESTRICTED_LABEL))
            if row[0] in hidden
            else Line(cells(row), self._url(row[1], openable))
            for row in values_rows
        ]

    def live_rows(self, queryset) -> Iterator[list]:
        """Every row's cells, read `CHUNK` rows at a time (exports: no links, no instances)."""
        cells = self.cell_maker(2)
        placeholder = self.placeholder(RESTRICTED_LABEL)
        hidden = set()
        if self.listing.person:
            # Who is hidden (hidden_from: restricted, or withdrawn) is asked once, not once per row:
            # each of the two is a semi-join on its own, and the people they name are few.
            restricted = _pks(Person.objects.filter(restricted_q(self.user)))
            hidden = restricted | _pks(Person.objects.filter(withdrawn_q(self.user)))
        for row in self.live_values(queryset).iterator(chunk_size=CHUNK):
            yield placeholder if row[0] in hidden else cells(row)

    # --- links -----------------------------------------------------------------------------

    def _openable(self, ids) -> set:
        """Ids among `ids` whose page the reader may open (the page's own `visible_to`)."""
        link = self.listing.link
        ids = {pk for pk in ids if pk is not None}
        if link is None or not ids:
            return set()
        manager = model_for(link.model)._default_manager
        return set(manager.visible_to(self.user).filter(pk__in=ids).values_list("pk", flat=True))

    def _url(self, pk, openable: set) -> str | None:
        return reverse(self.listing.link.url_name, args=[pk]) if pk in openable else None


# --- a saved report: the records as they were when it was saved ---------------------------------


def event_model(model):
    """The pghistory event model of `model` (its rows' full state per change), or None if untracked."""
    for candidate in apps.get_models():
        if issubclass(candidate, pghistory.models.Event) and getattr(candidate, "pgh_tracked_model", None) is model:
            return candidate
    return None


def _on_event(path: str) -> str:
    # An event row's own primary key is pgh_id; `id` is the tracked record's.
    return "id" if path == "pk" else path


def saved_quantity(row) -> str | None:
    """The per-row quantity of a saved figure (its records were stored as ids, without annotations)."""
    if row.model == "shelters.stay" and (row.key.startswith("bed_nights") or row.source == "occupancy_rate"):
        return "nights"
    if row.model == "shelters.bed" and row.key == "available_bed_days":
        return "available_days"
    return None


@dataclass
class SavedDrilldown(Drilldown):
    """The records a saved report counted, each with its values at `saved.created_at`.

    Still filtered by what the reader may see today: records she may no longer count are
    left out, rows about a restricted person show the placeholder. A record deleted since
    is listed with the state it had (from its history), or as "deleted since" if none is kept.
    """

    saved: object = None
    ids: list = field(default_factory=list)

    def __post_init__(self):
        super().__post_init__()
        self.model = model_for(self.model_label)
        self.events = event_model(self.model)
        self.at = self.saved.created_at
        self.shown_ids = self._shown_ids()

    def _shown_ids(self) -> list[int]:
        ids = set(self.ids)
        scoped = scoped_records(self.model_label, self.user)
        existing, visible = set(), set()
        for chunk in _chunks(sorted(ids)):
            existing |= _pks(self.model._default_manager.filter(pk__in=chunk))
            visible |= _pks(scoped.filter(pk__in=chunk))
        return sorted(visible | (ids - existing))

    def _with_quantity(self, queryset):
        if self.quantity == "nights":
            return shelter_reports.with_nights(queryset, self.saved.start, self.saved.end, today=self._saved_day)
        if self.quantity == "available_days":
            return shelter_reports.with_available_days(
                queryset, self.saved.start, self.saved.end, today=self._saved_day
            )
        return queryset

    @property
    def _saved_day(self) -> date:
        return timezone.localdate(self.at)

    def lines(self, ids: list[int], *, links: bool = True) -> list[Line]:
        """The rows of `ids` (in that order) as they were when the report was saved."""
        person, link = self.listing.person, self.listing.link
        extra = [_on_event(person) if person else "pk", _on_event(link.path) if link else "pk"]
        paths = [_on_event(path) for path in self.value_paths]
        by_id = {}
        if self.events is not None:
            latest = (
                self.events.objects.filter(pgh_obj_id=OuterRef("id"), pgh_created_at__lte=self.at)
                .order_by("-pgh_created_at", "-pgh_id")
                .values("pgh_id")[:1]
            )
            events = self._with_quantity(self.events.objects.filter(id__in=ids, pgh_id=Subquery(latest)))
            by_id = {row[0]: row for row in events.values_list("id", *extra, *paths)}
        # Records without history (loaded before it was kept) are listed as they are now.
        now_rows = {}
        if live_ids := [pk for pk in ids if pk not in by_id]:
            live = self._with_quantity(self.model._default_manager.filter(pk__in=live_ids))
            now_rows = {row[0]: row for row in live.values_list("pk", *extra, *self.value_paths)}
        existing = _pks(self.model._default_manager.filter(pk__in=ids))
        hidden = self._hidden(ids, [row[1] for row in by_id.values()] if person else [])
        openable = self._openable([row[2] for row in (*by_id.values(), *now_rows.values())]) if links else set()
        cells = self.cell_maker(3)
        result = []
        for pk in ids:
            row = by_id.get(pk) or now_rows.get(pk)
            if pk in hidden:
                result.append(Line(self.placeholder(RESTRICTED_LABEL)))
            elif row is None:
                result.append(Line(self.placeholder(DELETED_LABEL)))
            else:
                gone = pk not in existing
                result.append(Line(cells(row), None if gone else self._url(row[2], openable), deleted=gone))
        return result

    def _hidden(self, ids, then_person_ids) -> set:
        """Rows about a person the reader may not see today: the row's person now, or then."""
        path = self.listing.person
        if path is None or self.user is None:
            return set()
        hidden = _pks(self.model._default_manager.filter(hidden_from(self.user, path), pk__in=ids))
        hidden_people = hidden_person_ids(self.user, then_person_ids)
        if hidden_people:
            events = self.events.objects.filter(id__in=ids, **{f"{_on_event(path)}__in": hidden_people})
            hidden |= set(events.values_list("id", flat=True))
        return hidden

    def rows(self) -> Iterator[list]:
        for chunk in _chunks(self.shown_ids):
            for line in self.lines(chunk, links=False):
                yield line.cells


def _pks(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def live_quantity(queryset) -> str | None:
    """The per-row quantity the figure's records carry (see QUANTITIES), if any."""
    return next((name for name in QUANTITIES if name in queryset.query.annotations), None)
