"""Match quality on the hand-labelled pairs of tests/data/identity_pairs.csv.

The figures themselves: `benchmarks/identity_quality.py`.
"""

from collections import Counter

from tests.data.identity_pairs import confusion, load_pairs


def test_labelled_set_covers_same_people_and_look_alikes():
    pairs = load_pairs()
    kinds = Counter(pair.kind for pair in pairs)
    assert len(pairs) >= 150
    assert sum(pair.same for pair in pairs) >= 90 and sum(not pair.same for pair in pairs) >= 50
    for kind in ("transliteration", "yo_ye", "diminutive", "marriage", "typo", "swapped", "no_patronymic"):
        assert kinds[kind], kind
    for kind in ("namesake_other_date", "mother_daughter", "sisters", "twins"):
        assert kinds[kind], kind


def test_matcher_precision_and_recall_on_labelled_pairs():
    result = confusion()
    wrong = [f"line {p.line} {p.kind}" for p in [*result.false_positive, *result.false_negative]]
    assert result.precision >= 0.95, wrong
    assert result.recall >= 0.9, wrong


def test_no_look_alike_of_another_generation_is_ever_a_candidate():
    result = confusion()
    assert not [p for p in result.false_positive if p.kind in {"mother_daughter", "father_son", "aunt_niece"}]
