"""The hand-labelled pairs of identity_pairs.csv as `PersonFacts`, and the matcher's confusion counts on them."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cases.matching import DAY, MONTH, YEAR, PersonFacts, compare

PAIRS_FILE = Path(__file__).parent / "identity_pairs.csv"


@dataclass(frozen=True)
class LabelledPair:
    typed: PersonFacts
    candidate: PersonFacts
    same: bool
    kind: str
    line: int


def _birth(text: str) -> tuple[date | None, str]:
    parts = [int(part) for part in text.split(".")] if text else []
    if len(parts) == 3:
        return date(parts[2], parts[1], parts[0]), DAY
    if len(parts) == 2:
        return date(parts[1], parts[0], 1), MONTH
    if len(parts) == 1:
        return date(parts[0], 1, 1), YEAR
    return None, DAY


def _facts(row: dict, side: str) -> PersonFacts:
    birth_date, precision = _birth(row[f"{side}_birth"])
    return PersonFacts(
        family_name=row[f"{side}_family"],
        given_name=row[f"{side}_given"],
        patronymic=row[f"{side}_patronymic"],
        birth_date=birth_date,
        birth_date_precision=precision,
        phone=row[f"{side}_phone"],
    )


def load_pairs() -> list[LabelledPair]:
    lines = PAIRS_FILE.read_text(encoding="utf-8").splitlines()
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line and not line.startswith("#")]
    rows = csv.DictReader(line for _, line in numbered)
    return [
        LabelledPair(_facts(row, "a"), _facts(row, "b"), row["same"] == "1", row["kind"], number)
        for (number, _), row in zip(numbered[1:], rows, strict=True)
    ]


@dataclass(frozen=True)
class Confusion:
    true_positive: list
    false_positive: list
    false_negative: list
    true_negative: list

    @property
    def precision(self) -> float:
        found = len(self.true_positive) + len(self.false_positive)
        return len(self.true_positive) / found if found else 1.0

    @property
    def recall(self) -> float:
        same = len(self.true_positive) + len(self.false_negative)
        return len(self.true_positive) / same if same else 1.0


def confusion(pairs: list[LabelledPair] | None = None) -> Confusion:
    cells = {(True, True): [], (False, True): [], (True, False): [], (False, False): []}
    for pair in pairs if pairs is not None else load_pairs():
        cells[(pair.same, compare(pair.typed, pair.candidate) is not None)].append(pair)
    return Confusion(cells[(True, True)], cells[(False, True)], cells[(True, False)], cells[(False, False)])
