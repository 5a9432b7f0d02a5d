"""Quality of the person matcher on the hand-labelled pairs: confusion counts, precision, recall.

    .venv/bin/python benchmarks/identity_quality.py [--all]

Reads tests/data/identity_pairs.csv (no database needed) and prints, per kind of situation,
how many pairs the matcher (cases.matching.compare) got right, then the pairs it got wrong
with their score and reasons; --all prints every pair.
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maksora.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from cases.matching import CANDIDATE_THRESHOLD, assess  # noqa: E402
from tests.data.identity_pairs import confusion, load_pairs  # noqa: E402


def describe(pair) -> str:
    match = assess(pair.typed, pair.candidate)
    typed, candidate = pair.typed, pair.candidate
    words = "; ".join(str(reason) for reason in [*match.reasons, *match.differences])
    return (
        f"  line {pair.line:>3} {pair.kind:<26} {match.score:.2f}  "
        f"{typed.family_name} {typed.given_name} {typed.patronymic} {typed.birth_date or ''} ↔ "
        f"{candidate.family_name} {candidate.given_name} {candidate.patronymic} {candidate.birth_date or ''}  [{words}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every pair, not only the wrong ones")
    args = parser.parse_args()
    translation.activate("en")
    pairs = load_pairs()
    result = confusion(pairs)
    print(f"{len(pairs)} labelled pairs, candidate when score ≥ {CANDIDATE_THRESHOLD}")
    print("                 matched  not matched")
    print(f"  same person    {len(result.true_positive):>7}  {len(result.false_negative):>11}")
    print(f"  different      {len(result.false_positive):>7}  {len(result.true_negative):>11}")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}")
    right = Counter(p.kind for p in [*result.true_positive, *result.true_negative])
    total = Counter(p.kind for p in pairs)
    print("by kind (right / all):")
    for kind in sorted(total):
        print(f"  {kind:<28} {right[kind]:>3} / {total[kind]}")
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for pair in pairs:
            assess(pair.typed, pair.candidate)
    per_compare = (time.perf_counter() - started) / (rounds * len(pairs))
    print(f"time: {per_compare * 1e6:.0f} µs per comparison (100 candidates of a search: {per_compare * 100e3:.1f} ms)")
    wrong = [*result.false_negative, *result.false_positive]
    print("wrong:" if wrong else "wrong: none")
    for pair in sorted(wrong, key=lambda p: p.line):
        print(describe(pair))
    if args.all:
        print("all:")
        for pair in pairs:
            print(describe(pair))


if __name__ == "__main__":
    main()
