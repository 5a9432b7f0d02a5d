"""The readable history of a case or a person, built from the pghistory event tables.

Each tracked model's event table holds a full snapshot per insert, update and delete.
Consecutive snapshots of one record are compared field by field here (rather than with
the JSON `pgh_diff` of pghistory's aggregate `Events` model) so that every value can be
shown the way the record's own page shows it: the field's translated label, a choice's
label, a date as dd.mm.yyyy, a related record as its name — and only when the reader may
see that record. One query per event table, plus one per kind of related record.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import models as case_models
from maksora import display
from maksora.access import can_see_confidential

EMPTY = "—"
# Derived or technical columns a reader never edits and would not recognise.
SKIPPED_FIELDS = {"id", "name_key", "version", "content_type", "size"}
KIND_LABELS = {
    "insert": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
}
ORIGIN_LABELS = {
    "people_merge": gettext_lazy("merge of duplicate records"),
    "people_unmerge": gettext_lazy("undoing of a merge"),
    "avsi_import": gettext_lazy("AVSI import"),
}
# The field that tells one note, goal or task of the record from another.
DESCRIPTOR_FIELDS = {
    case_models.Note: "date",
    case_models.Goal: "text",
    case_models.Task: "title",
    case_models.CaseMember: "person",
    case_models.Relationship: "kind",
    case_models.Consent: "purpose",
    case_models.Attachment: "original_name",
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: object
    who: str
    kind: str
    record: str
    origin: str = ""
    changes: list[Change] = field(default_factory=list)


def case_history(case, user) -> list[Entry]:
    """The case and its members, notes, goals, tasks and files; confidential text only for its readers."""
    sources = [
        (case_models.CaseEvent, Q(pgh_obj_id=case.pk)),
        (case_models.CaseMemberEvent, Q(case_id=case.pk)),
        (case_models.NoteEvent, Q(case_id=case.pk)),
        (case_models.GoalEvent, Q(case_id=case.pk)),
        (case_models.TaskEvent, Q(case_id=case.pk)),
        (case_models.AttachmentEvent, Q(case_id=case.pk)),
    ]
    return _History(user, main_model=case_models.Case, case=case).entries(sources)


def person_history(person, user) -> list[Entry]:
    """The person, her family links, consents and files."""
    sources = [
        (case_models.PersonEvent, Q(pgh_obj_id=person.pk)),
        (case_models.RelationshipEvent, Q(from_person_id=person.pk) | Q(to_person_id=person.pk)),
        (case_models.ConsentEvent, Q(person_id=person.pk)),
        (case_models.AttachmentEvent, Q(person_id=person.pk)),
    ]
    return _History(user, main_model=case_models.Person).entries(sources)


class _History:
    def __init__(self, user, *, main_model, case=None):
        self.user = user
        self.main_model = main_model
        self.case = case
        self._related: dict[type, dict] = {}

    def entries(self, sources) -> list[Entry]:
        loaded = []
        for event_model, condition in sources:
            events = list(
                event_model.objects.filter(condition).select_related("pgh_context").order_by("pgh_obj_id", "pgh_id")
            )
            loaded.append((event_model.pgh_tracked_model, events))
        self._load_related(loaded)
        users = self._related.get(get_user_model(), {})
        result = []
        for model, events in loaded:
            for _obj_id, snapshots in groupby(events, key=lambda e: e.pgh_obj_id):
                previous = None
                for event in snapshots:
                    entry = self._entry(model, previous, event, users)
                    if entry is not None:
                        result.append(entry)
                    previous = event
        result.sort(key=lambda entry: entry.at, reverse=True)
        return result

    # --- one event -------------------------------------------------------------------------
    def _entry(self, model, previous, event, users) -> Entry | None:
        hidden = self._hidden_fields(model, previous, event)
        changes = []
        if event.pgh_label != "delete":
            for model_field in self._fields(model):
                new = self._raw(event, model_field)
                old = self._raw(previous, model_field) if previous is not None else None
                if previous is not None and old == new:
                    continue
                if previous is None and new in (None, "", []):
                    continue
                if model_field.name in hidden:
                    changes.append(Change(_label(model_field), EMPTY, _("(confidential, hidden)")))
                    continue
                changes.append(
                    Change(_label(model_field), self._display(model_field, old), self._display(model_field, new))
                )
            if previous is not None and not changes:
                return None  # only technical columns changed
        metadata = (event.pgh_context.metadata if event.pgh_context_id else None) or {}
        origin = ORIGIN_LABELS.get(metadata.get("action")) or ORIGIN_LABELS.get(metadata.get("source")) or ""
        return Entry(
            at=event.pgh_created_at,
            who=users.get(metadata.get("user"), _("system")),
            kind=str(KIND_LABELS.get(event.pgh_label, event.pgh_label)),
            record=self._record_label(model, event),
            origin=str(origin),
            changes=changes,
        )

    def _hidden_fields(self, model, previous, event) -> set[str]:
        if model is not case_models.Note or self.case is None:
            return set()
        if not (event.confidential or (previous is not None and previous.confidential)):
            return set()
        note = case_models.Note(confidential=True, author_id=event.author_id, case=self.case)
        return set() if can_see_confidential(self.user, note) else {"text"}

    def _record_label(self, model, event) -> str:
        name = capfirst(str(model._meta.verbose_name))
        if model is self.main_model:
            return name
        descriptor = DESCRIPTOR_FIELDS.get(model)
        if descriptor is None:
            return name
        value = self._display(model._meta.get_field(descriptor), self._raw(event, model._meta.get_field(descriptor)))
        return f"{name}: {Truncator(value).chars(60)}"

    # --- fields and values -----------------------------------------------------------------
    def _fields(self, model):
        fields = [
            f for f in model._meta.concrete_fields if f.editable and not f.primary_key and f.name not in SKIPPED_FIELDS
        ]
        # The link back to the record whose history this is says nothing; a family link's two ends do.
        to_main = [f for f in fields if f.is_relation and f.related_model is self.main_model]
        if len(to_main) == 1:
            fields.remove(to_main[0])
        return fields

    @staticmethod
    def _raw(event, model_field):
        if event is None:
            return None
        return getattr(event, model_field.attname)

    def _display(self, model_field, value) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(model_field, ArrayField):
            return ", ".join(self._display(model_field.base_field, item) for item in value)
        if model_field.is_relation:
            return self._related.get(model_field.related_model, {}).get(value, _("(not visible)"))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(model_field, models.DateTimeField):
            return formats.date_format(timezone.localtime(value), "d.m.Y H:i")
        if isinstance(model_field, models.DateField):
            return formats.date_format(value, "d.m.Y")
        if isinstance(model_field, models.FileField):
            return str(value).rsplit("/", 1)[-1]
        return str(value)

    def _load_related(self, loaded) -> None:
        """Names of every related record mentioned, fetched once per kind through `visible_to`."""
        wanted: dict[type, set] = {}
        for model, events in loaded:
            for model_field in self._fields(model):
                if model_field.is_relation and model_field.many_to_one:
                    ids = {getattr(e, model_field.attname) for e in events} - {None}
                    wanted.setdefault(model_field.related_model, set()).update(ids)
        user_model = get_user_model()
        # Who made each change comes from the history context; fetched with the other users.
        actors = wanted.setdefault(user_model, set())
        for _model, events in loaded:
            for event in events:
                if event.pgh_context_id and event.pgh_context.metadata:
                    actors.add(event.pgh_context.metadata.get("user"))
        actors.discard(None)
        for related, ids in wanted.items():
            if not ids:
                continue
            if related is user_model:
                self._related[related] = {u.pk: display.staff_name(u) for u in user_model.objects.filter(pk__in=ids)}
                continue
            manager = related._default_manager
            queryset = manager.visible_to(self.user) if hasattr(manager, "visible_to") else manager.all()
            if related is case_models.Case:
                queryset = queryset.select_related("primary_person")
            self._related[related] = {obj.pk: str(obj) for obj in queryset.filter(pk__in=ids)}


def _label(model_field) -> str:
    return capfirst(str(model_field.verbose_name))
