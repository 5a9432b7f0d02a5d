"""Every model that reaches Person or Case is covered by destruction and by the subject access export.

A model added later with a foreign key (or one-to-one, many-to-many) path to a person or a
case fails here until privacy.holdings lists it, so neither her destruction nor her export
can silently miss it.
"""

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models

from cases.models import Case, Person
from privacy.holdings import NOT_HELD, event_models, free_text_fields, holdings
from privacy.services.destruction import KEPT_COLUMNS, _cleared_values
from privacy.services.subject_access import subject_access_tables

pytestmark = pytest.mark.django_db
TARGETS = {Person, Case}


def models_reaching_person_or_case() -> set[type]:
    """Managed models with a chain of forward relations ending at Person or Case (those two included)."""
    candidates = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    reaching = set(TARGETS)
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in reaching:
                continue
            for field in model._meta.get_fields():
                if (field.many_to_one or field.one_to_one or field.many_to_many) and field.concrete:
                    if field.related_model in reaching:
                        reaching.add(model)
                        changed = True
                        break
    return reaching


def held_models(person) -> set[type]:
    covered = set()
    for holding in holdings(person):
        covered.add(holding.model)
        if holding.event_model is not None:
            covered.add(holding.event_model)
    return covered


def test_every_model_reaching_a_person_or_a_case_is_held(family):
    missing = models_reaching_person_or_case() - held_models(family.person) - set(NOT_HELD)
    assert missing == set(), f"not covered by privacy.holdings: {sorted(m._meta.label for m in missing)}"


def test_the_walk_finds_the_models_of_every_app(family):
    labels = {m._meta.label for m in models_reaching_person_or_case()}
    assert {"cases.GoalUpdate", "cases.NoteEvent", "shelters.Stay", "sponsorship.Contribution"} <= labels
    assert {"privacy.LegalHold", "sponsorship.CorrespondenceEvent"} <= labels


def test_every_tracked_holding_exports_its_history_too(family):
    tracked = {h.model for h in holdings(family.person) if h.model in event_models()}
    names = {table.name for table in subject_access_tables(family.person)}
    for model in tracked:
        meta = model._meta
        assert f"{meta.app_label}_{meta.model_name}" in names
        assert f"{meta.app_label}_{meta.model_name}_history" in names
    assert "maksora_accessrecord" in names


def test_the_export_has_a_table_for_every_held_model(family):
    names = {table.name for table in subject_access_tables(family.person)}
    for holding in holdings(family.person):
        assert f"{holding.model._meta.app_label}_{holding.model._meta.model_name}" in names


def _texty(field) -> bool:
    if isinstance(field, ArrayField):
        return _texty(field.base_field)
    return isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField)


def test_destruction_empties_or_redacts_every_text_column_of_every_held_model(family):
    for holding in holdings(family.person):
        free = {f.name for f in free_text_fields(holding.model)}
        for field in holding.model._meta.concrete_fields:
            if not _texty(field) or field.primary_key:
                continue
            has_choices = bool(field.choices) or (isinstance(field, ArrayField) and bool(field.base_field.choices))
            assert field.name in free or has_choices, f"{holding.model._meta.label}.{field.name} is not covered"
        if holding.own:
            cleared = _cleared_values(holding.model, free_text_fields(holding.model))
            for name in free:
                assert name in cleared or (holding.model, name) in KEPT_COLUMNS, f"{holding.model.__name__}.{name}"
