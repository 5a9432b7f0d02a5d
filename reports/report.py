"""The yearly report: which figures, in which sections, for whom — and its plain-data form.

`compute_report(start, end, user)` calls the report functions of each app (cases,
shelters, sponsorship) and flattens their Figures into `ReportData`, a plain structure
(labels as English msgids, values as JSON-safe scalars, record ids per figure) that the
page, the exports and the saved snapshots all use, so a saved report renders and exports
exactly as it was computed.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from assessments import reports as assessment_reports
from cases import reports as case_reports
from maksora import display
from maksora.access import access_for
from maksora.figures import Figure, resolve
from maksora.routers import read_alias
from maksora.units import HOUSE_UNITS, UnitCode
from shelters import reports as shelter_reports
from sponsorship import reports as sponsorship_reports

RATIO_WORDS = ("rate", "share")
# Averages and medians are measures, never counts: a report saved before they were always floats
# may hold a median as an int, still shown and exported as a measure.
MEASURE_WORDS = ("average", "median")


@dataclass(frozen=True)
class SectionSpec:
    """A section of the report: who may read it, and the figure functions it lists in order."""

    key: str
    title: object
    functions: tuple
    readable_by: Callable[[object], bool]


# Each app owns its figures (its reports.py); the report lists them here, in report order.
SECTIONS = (
    SectionSpec(
        "served",
        _("People served"),
        (
            case_reports.people_served,
            case_reports.people_served_by_unit,
            case_reports.people_served_by_sex,
            case_reports.people_served_by_age_group,
            case_reports.people_served_by_district,
            case_reports.undecided_duplicate_pairs,
        ),
        lambda access: bool(access.case_unit_codes),
    ),
    SectionSpec(
        "shelters", _("Shelters"), shelter_reports.FIGURES, lambda access: bool(access.case_unit_codes & HOUSE_UNITS)
    ),
    SectionSpec(
        "outcomes",
        _("Progress on the path to autonomy"),
        (assessment_reports.assessment_outcomes,),
        lambda access: bool(access.case_unit_codes & HOUSE_UNITS),
    ),
    SectionSpec(
        "local",
        _("Local services"),
        (
            case_reports.local_families,
            case_reports.local_children,
            case_reports.local_notes_by_kind,
            case_reports.local_problem_areas,
        ),
        lambda access: UnitCode.LOCAL in access.case_unit_codes,
    ),
    SectionSpec(
        "distance",
        UnitCode.DISTANCE.label,
        (
            sponsorship_reports.children_sponsored,
            sponsorship_reports.sponsorships_started,
            sponsorship_reports.sponsorships_ended,
            sponsorship_reports.children_waiting_for_sponsor,
            sponsorship_reports.contributions_received,
            sponsorship_reports.yearly_updates,
        ),
        lambda access: access.sees_sponsors,
    ),
)


def sections_for(user) -> list[tuple[str, object, tuple]]:
    """(key, title, figure functions) of the sections `user` may see, in report order."""
    access = access_for(user)
    return [(spec.key, spec.title, spec.functions) for spec in SECTIONS if spec.readable_by(access)]


def figure_function(user, source: str):
    """The report function named `source` (e.g. "people_served") if `user` sees its section."""
    for _key, _title, functions in sections_for(user):
        for function in functions:
            if function.__name__ == source:
                return function
    return None


def find_figure(figure: Figure, key: str) -> Figure | None:
    """The figure `key` of `figure`'s tree, its values read now (in the caller's `without_jit`)."""
    resolve([figure])
    return _find(figure, key)


def _find(figure: Figure, key: str) -> Figure | None:
    if figure.key == key:
        return figure
    for child in figure.breakdown.values():
        found = _find(child, key)
        if found is not None:
            return found
    return None


# --- plain data ---------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str  # English msgid, translated when shown
    value: object  # int (a count), Decimal (money), float (a measure or a ratio, unrounded) or None
    level: int = 0
    model: str = ""  # "app_label.model" of the records, for drill-down
    source: str = ""  # name of the report function that computed it
    context: str = ""  # pgettext context of the label, if it has one
    definition: str = ""  # English msgid of what the figure counts ("" for a line read under its parent's)
    previous: object = None  # the value of the same period a year earlier (with ReportData.previous_start)

    @property
    def ref(self) -> str:
        """Unique within a report: figure keys are unique per function, not across apps."""
        return f"{self.source}:{self.key}"

    @property
    def label_display(self) -> str:
        if not self.label:
            return ""
        return pgettext(self.context, self.label) if self.context else gettext(self.label)

    @property
    def _sample(self):
        # The kind of number (money, ratio…) shows in the value, or a year earlier's when this one is missing.
        return self.value if self.value is not None else self.previous

    @property
    def is_money(self) -> bool:
        return isinstance(self._sample, Decimal)

    @property
    def is_measure(self) -> bool:
        """An average, a median or a ratio: a float computed over records, not a count of them."""
        sample = self._sample
        if isinstance(sample, bool) or not isinstance(sample, int | float):
            return False
        return isinstance(sample, float) or any(word in self.key for word in MEASURE_WORDS)

    @property
    def is_ratio(self) -> bool:
        """Shares and rates (0–1) are shown as percentages; other decimals (days) as numbers."""
        return self.is_measure and any(word in self.key for word in RATIO_WORDS)

    @property
    def is_countable(self) -> bool:
        """A count of records (linked to its drill-down), not an average or a ratio."""
        return isinstance(self.value, int | Decimal) and not isinstance(self.value, bool) and not self.is_measure

    @property
    def definition_display(self) -> str:
        return gettext(self.definition) if self.definition else ""

    def display_of(self, value) -> str:
        """`value` written as this row's value is: a percentage, money, a measure always with one decimal
        («182,0», «182,5», whatever was stored), or a whole number."""
        if value is None:
            return "—"
        if self.is_ratio:
            return f"{formats.number_format(value * 100, 1)} %"
        if self.is_money:
            return display.money(value)
        if self.is_measure:
            return formats.number_format(value, 1)
        return formats.number_format(value)

    @property
    def value_display(self) -> str:
        return self.display_of(self.value)

    @property
    def previous_display(self) -> str:
        return self.display_of(self.previous)

    @property
    def change(self):
        """This period's value less a year earlier's (None when either is missing)."""
        if self.value is None or self.previous is None or isinstance(self.value, bool):
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> float | None:
        """The change as a percentage of a year earlier's value; none for ratios or from zero."""
        change = self.change
        if change is None or self.is_ratio or not self.previous:
            return None
        return float(change) / float(self.previous) * 100

    @property
    def change_display(self) -> str:
        """ "+1", "−2,5 %" for a ratio's percentage points…; "—" without a comparison."""
        change = self.change
        if change is None:
            return "—"
        sign = "+" if change > 0 else "−" if change < 0 else ""
        if self.is_ratio:
            points = formats.number_format(abs(change) * 100, 1)
            return sign + pgettext("percentage points", "%(points)s pp") % {"points": points}
        return sign + self.display_of(abs(change))

    @property
    def change_percent_display(self) -> str:
        percent = self.change_percent
        if percent is None:
            return "—"
        sign = "+" if percent > 0 else "−" if percent < 0 else ""
        return f"{sign}{formats.number_format(abs(percent), 1)} %"

    @property
    def export_value(self):
        """As the exports carry it: unrounded, a measure always as a float."""
        if self.value is not None and self.is_measure:
            return float(self.value)
        return self.value


@dataclass
class Section:
    key: str
    title: str  # English msgid
    rows: list[Row] = field(default_factory=list)

    @property
    def title_display(self) -> str:
        return gettext(self.title)


@dataclass
class ReportData:
    start: date
    end: date  # exclusive
    sections: list[Section]
    computed_at: object = None
    record_ids: dict[str, list[int]] = field(default_factory=dict)
    # The period compared with (a year earlier, reports.comparison), None without a comparison.
    previous_start: date | None = None
    previous_end: date | None = None

    @property
    def has_previous(self) -> bool:
        return self.previous_start is not None

    @property
    def previous_last_day(self) -> date | None:
        return self.previous_end - timedelta(days=1) if self.previous_end else None

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    def rows(self):
        for section in self.sections:
            for row in section.rows:
                yield section, row

    def to_json(self) -> dict:
        comparison = {}
        if self.has_previous:
            comparison = {
                "previous_start": self.previous_start.isoformat(),
                "previous_end": self.previous_end.isoformat(),
            }
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **comparison,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "rows": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "level": r.level,
                            "model": r.model,
                            "source": r.source,
                            "context": r.context,
                            "definition": r.definition,
                            **_dump_value(r.value),
                            **({"previous": _dump_value(r.previous)} if self.has_previous else {}),
                        }
                        for r in s.rows
                    ],
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_json(cls, data: dict, *, computed_at=None, record_ids=None) -> "ReportData":
        return cls(
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]),
            sections=[
                Section(
                    s["key"],
                    s["title"],
                    [
                        Row(
                            r["key"],
                            r["label"],
                            _load_value(r),
                            r["level"],
                            r.get("model", ""),
                            r.get("source", ""),
                            r.get("context", ""),
                            r.get("definition", ""),  # reports saved before definitions have none
                            _load_value(r["previous"]) if "previous" in r else None,
                        )
                        for r in s["rows"]
                    ],
                )
                for s in data["sections"]
            ],
            computed_at=computed_at,
            record_ids=record_ids or {},
            previous_start=_day_or_none(data.get("previous_start")),
            previous_end=_day_or_none(data.get("previous_end")),
        )


def _day_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dump_value(value) -> dict:
    if isinstance(value, Decimal):
        return {"value": str(value), "type": "decimal"}
    if isinstance(value, float):
        return {"value": value, "type": "float"}
    return {"value": value, "type": "int" if value is not None else "none"}


def _load_value(row: dict):
    if row.get("type") == "decimal":
        return Decimal(row["value"])
    if row.get("type") == "float":
        return float(row["value"])
    return row["value"]


def _msgid(label) -> str:
    # Lazy labels are stored by their English msgid so a saved report renders in any language.
    with translation.override("en"):
        return str(label)


def _flatten(figure: Figure, source: str, level: int, rows: list[Row], record_ids: dict | None) -> None:
    model = figure.records.model._meta.label_lower if figure.records is not None else ""
    definition = _msgid(figure.definition) if figure.definition else ""
    row = Row(figure.key, _msgid(figure.label), figure.value, level, model, source, figure.label_context, definition)
    rows.append(row)
    if record_ids is not None and figure.records is not None:
        ids_query = figure.records.order_by().values_list("pk", flat=True)
        try:
            sql = str(ids_query.query)  # several figures count the same rows (e.g. every "served" total)
        except EmptyResultSet:  # a figure over no records at all (`pk__in=[]`)
            record_ids[row.ref] = []
        else:
            cache = record_ids.setdefault("__cache__", {})
            if sql not in cache:
                cache[sql] = list(ids_query)
            record_ids[row.ref] = cache[sql]
    for child in figure.breakdown.values():
        _flatten(child, source, level + 1, rows, record_ids)


JIT_OFF = "set_config('jit', 'off', true)"


@contextmanager
def without_jit(*, switched_off: bool = False):
    """Report queries are many and mid-sized: PostgreSQL's JIT compiles each for ~0.3 s and wins
    nothing back (measured in benchmarks/yearly_report.py), so it is off for their transaction.

    `switched_off`: the caller's first query inside the block turns it off itself (`JIT_OFF`
    in its SELECT list, as reports.cache does), sparing a statement of its own.
    """
    alias = read_alias()  # the replica for a report page (maksora.routers)
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql" and not switched_off:
            with connections[alias].cursor() as cursor:
                cursor.execute(f"SELECT {JIT_OFF}")
        yield


Period = tuple[date, date]


def compute_reports(periods: list[Period], user, *, with_record_ids: bool = False, progress=None) -> list[ReportData]:
    """All figures of the sections `user` may see, for each half-open period [start, end), as plain data.

    The figure functions only describe their values (maksora.figures); the values of every
    figure of every period are then read in one statement, so several periods (a year and
    the year before) cost about what one does. Call inside `without_jit()`.

    With `with_record_ids`, the primary keys of every figure's records are collected too
    (for a saved snapshot: one extra query per distinct records queryset). `progress(done,
    total)`, if given, is called after each figure function's rows are built.
    """
    visible = sections_for(user)
    built = [
        [
            (key, title, [(function, function(start, end, user=user)) for function in functions])
            for key, title, functions in visible
        ]
        for start, end in periods
    ]
    resolve(figure for sections in built for _key, _title, figures in sections for _function, figure in figures)
    total = sum(len(figures) for sections in built for _key, _title, figures in sections)
    done = 0
    reports = []
    for (start, end), sections_built in zip(periods, built, strict=True):
        sections = []
        record_ids = {} if with_record_ids else None
        for key, title, figures in sections_built:
            section = Section(key, _msgid(title))
            for function, figure in figures:
                _flatten(figure, function.__name__, 0, section.rows, record_ids)
                done += 1
                if progress is not None:
                    progress(done, total)
            sections.append(section)
        if record_ids is not None:
            record_ids.pop("__cache__", None)
        reports.append(ReportData(start, end, sections, computed_at=timezone.now(), record_ids=record_ids or {}))
    return reports


def compute_report(start: date, end: date, user, *, with_record_ids: bool = False, progress=None) -> ReportData:
    """All figures of the sections `user` may see, for [start, end), as plain data (see compute_reports)."""
    with without_jit():
        return compute_reports([(start, end)], user, with_record_ids=with_record_ids, progress=progress)[0]


def sections_without(*keys: str) -> tuple:
    """The report's sections less `keys` (tests and benchmarks of the report mechanics)."""
    return tuple(spec for spec in SECTIONS if spec.key not in keys)
