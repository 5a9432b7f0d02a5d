"""What an import did, or would do: per row, created / changed (field: old → new) / rejected."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

RECORDS = ("child", "sponsor", "sponsorship", "contribution")
RECORD_LABELS = {
    "child": _("child"),
    "sponsor": _("sponsor"),
    "sponsorship": _("sponsorship"),
    "contribution": _("contribution"),
}
ACTIONS = ("created", "changed", "unchanged", "rejected")


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowOutcome:
    """One row of the file: `row` is the number Excel shows (the header is row 1)."""

    row: int
    record: str
    key: str
    detail: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def record_label(self) -> str:
        return str(RECORD_LABELS.get(self.record, self.record or "—"))


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    applied: bool = False
    created: list[RowOutcome] = field(default_factory=list)
    changed: list[RowOutcome] = field(default_factory=list)
    unchanged: list[RowOutcome] = field(default_factory=list)
    rejected: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def add(self, action: str, outcome: RowOutcome) -> None:
        getattr(self, action).append(outcome)

    def counts(self) -> dict[str, dict[str, int]]:
        """{"child": {"created": 3, "changed": 0, …}, …} for the summary table."""
        table = {record: dict.fromkeys(ACTIONS, 0) for record in RECORDS}
        for action in ACTIONS:
            for outcome in getattr(self, action):
                if outcome.record in table:
                    table[outcome.record][action] += 1
        return table

    def summary_rows(self) -> list[tuple[str, dict[str, int]]]:
        return [(str(RECORD_LABELS[record]), counts) for record, counts in self.counts().items()]

    def totals(self) -> dict[str, int]:
        return {action: len(getattr(self, action)) for action in ACTIONS}

    def sort(self) -> None:
        for action in ACTIONS:
            getattr(self, action).sort(key=lambda outcome: outcome.row)
