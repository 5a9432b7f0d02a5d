"""Optimistic locking: no edit silently overwrites a change saved since the form was opened.

One mechanism, built on django-concurrency:

- every row edited by people has a `version` (`VersionField`); the ORM saves a row only
  where its version is still the one it was loaded with, and raises otherwise;
- a database trigger (`version_bump_trigger`) adds one to the version on any UPDATE that
  does not set it, so `queryset.update()`, `bulk_update()` (the AVSI import) and raw SQL
  make open forms stale too;
- services that change a row take `expected_version` and call `check_version`, so the site,
  the admin and imports share one refusal (`StaleEdit`, a ValidationError);
- forms use `VersionedFormMixin`: a signed hidden version, the refusal with who changed
  the row and when, the fields changed in between, and the new version so that a deliberate
  second save goes through. The admin uses the same mixin (`maksora.admin.VersionedAdminMixin`).
"""

from functools import update_wrapper

import pghistory.models
import pgtrigger
from concurrency.exceptions import RecordModifiedError
from concurrency.fields import AutoIncVersionField
from concurrency.forms import VersionField as SignedVersionFormField
from concurrency.forms import get_signer
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maksora import display

VERSION = "version"


class VersionField(AutoIncVersionField):
    """django-concurrency's auto-increment version, also bumped by `save(update_fields=…)`.

    A save limited to some fields would otherwise leave the version out of the UPDATE; the
    trigger would then bump it in the database only, and the next save of the same object
    would be refused as stale.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("version"))
        kwargs.setdefault("help_text", _("Goes up by one at every change; an edit of an older version is refused."))
        super().__init__(*args, **kwargs)
        # Rows that exist when the column is added start at 1, as new rows do.
        self.default = 1

    @staticmethod
    def _wrap_model_methods(model) -> None:
        AutoIncVersionField._wrap_model_methods(model)
        model.save = _save_with_version(model.save)


def _save_with_version(save):
    def inner(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.pk is not None:
            kwargs["update_fields"] = {*update_fields, self._concurrencymeta.field.attname}
        return save(self, *args, **kwargs)

    return update_wrapper(inner, save)


def version_bump_trigger() -> pgtrigger.Trigger:
    """Any UPDATE that leaves `version` as it was (bulk writes, raw SQL) still moves it on by one."""
    return pgtrigger.Trigger(
        name="version_bump",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.Q(new__version=pgtrigger.F("old__version")),
        func="NEW.version := OLD.version + 1; RETURN NEW;",
    )


# --- who changed it, and what ---------------------------------------------------------------


def _event_model(model):
    for candidate in apps.get_models():
        if issubclass(candidate, pghistory.models.Event) and getattr(candidate, "pgh_tracked_model", None) is model:
            return candidate
    return None


def _display(instance, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.choices:
        value = dict(field.flatchoices).get(getattr(instance, field.attname), getattr(instance, field.attname))
    elif field.is_relation:
        value = getattr(instance, name)
    else:
        value = getattr(instance, field.attname)
    if value in (None, ""):
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(formats.localize(value)) if not isinstance(value, str) else value


def _editable_names(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != VERSION and not isinstance(f, VersionField)
    ]


class StaleEdit(ValidationError):
    """The row was saved by someone else after `expected_version` was loaded.

    Carries the row as now saved (`current`), who saved it last and when, and the fields
    that changed since the expected version (when history has that version).
    """

    def __init__(self, *, current, expected_version: int):
        self.current = current
        self.expected_version = expected_version
        self.changed_by, self.changed_at, self.loaded = _last_change(current, expected_version)
        super().__init__(self._message(), code="stale")

    def _message(self) -> str:
        when = timezone.localtime(self.changed_at) if self.changed_at else None
        time_text = formats.date_format(when, "H:i d.m.Y") if when else None
        if self.changed_by and time_text:
            return gettext(
                "Changed by %(name)s at %(time)s since you opened this form. "
                "Your changes are below: check them and save again."
            ) % {"name": self.changed_by, "time": time_text}
        return gettext(
            "Changed by another user since you opened this form. Your changes are below: check them and save again."
        )

    def changes(self, yours: dict | None = None) -> list[tuple[str, str, str]]:
        """(field label, value now saved, your value) for fields changed since her version.

        Without that version in history, the fields whose saved value differs from hers.
        """
        rows = []
        yours = yours or {}
        for name in _editable_names(type(self.current)):
            now = _display(self.current, name)
            if self.loaded is not None:
                if _display(self.loaded, name) == now:
                    continue
            elif name not in yours:
                continue
            mine = yours.get(name, now)
            if self.loaded is None and mine == now:
                continue
            label = str(self.current._meta.get_field(name).verbose_name)
            rows.append((label[:1].upper() + label[1:], now, mine))
        return rows


def _last_change(current, expected_version):
    """Who saved `current` last and when (its latest history event), and the row at her version."""
    event_model = _event_model(type(current))
    if event_model is None:
        return None, None, None
    events = event_model.objects.filter(pgh_obj_id=current.pk).select_related("pgh_context")
    latest = events.order_by("-pgh_id").first()
    name, at = None, None
    if latest is not None:
        at = latest.pgh_created_at
        user_id = (latest.pgh_context.metadata or {}).get("user") if latest.pgh_context_id else None
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        name = display.staff_name(user) if user else None
    loaded = events.filter(version=expected_version).order_by("-pgh_id").first() if expected_version else None
    if loaded is not None:
        snapshot = type(current)(pk=current.pk)
        for name_ in _editable_names(type(current)):
            field = current._meta.get_field(name_)
            setattr(snapshot, field.attname, getattr(loaded, field.attname))
        loaded = snapshot
    return name, at, loaded


def check_version(instance, expected_version: int | None) -> None:
    """Refuse (StaleEdit) when `instance` — as just read, ideally `select_for_update` — moved past it.

    `None` means the caller has no version to compare (a new row, or a write that does
    not come from a form), and passes.
    """
    if expected_version is None or instance.pk is None:
        return
    if int(getattr(instance, VERSION)) != int(expected_version):
        raise StaleEdit(current=instance, expected_version=int(expected_version))


# --- forms -------------------------------------------------------------------------------


def _submitted_display(form, name: str) -> str | None:
    if name not in form.fields or not hasattr(form, "cleaned_data") or name not in form.cleaned_data:
        return None
    field = form.fields[name]
    value = form.cleaned_data[name]
    if getattr(field, "choices", None) and not hasattr(value, "pk") and not isinstance(value, (list, tuple)):
        value = dict(field.choices).get(value, value)
    if value in (None, "", []):
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(formats.localize(value)) if not isinstance(value, str) else value


class VersionedFormMixin:
    """A form that edits one versioned row: carries its version, refuses a stale save.

    A ModelForm takes the version from its instance; a plain form is given `version=` (the
    version of the row its initial values came from). On a stale save the form gets the
    message with the name and time, the table of what changed in between, and the new
    version, and keeps every value she typed.
    """

    conflict: StaleEdit | None = None

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = getattr(instance, VERSION)
        if VERSION not in self.fields:
            self.fields[VERSION] = SignedVersionFormField()
        self.fields[VERSION].required = False
        if not self.is_bound:
            self.initial[VERSION] = version
        self._loaded_version = version

    expected_version: int | None = None

    def clean(self):
        cleaned = super().clean()
        # Taken out of cleaned_data so that the data still maps onto a service's arguments.
        self.expected_version = cleaned.pop(VERSION, None) or None
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and self.expected_version is not None:
            current = type(instance)._default_manager.filter(pk=instance.pk).first()
            if current is not None:
                try:
                    check_version(current, self.expected_version)
                except StaleEdit as stale:
                    self.show_conflict(stale)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and self.expected_version is not None:
            # form.save() then updates the row only at this version (django-concurrency).
            setattr(instance, VERSION, self.expected_version)

    def show_conflict(self, stale: StaleEdit) -> None:
        """Put the refusal on the form and move its hidden version to the one now saved."""
        self.conflict = stale
        yours = {}
        for name in _editable_names(type(stale.current)):
            shown = _submitted_display(self, name)
            if shown is not None:
                yours[name] = shown
        rows = stale.changes(yours)
        message = stale.messages[0]
        if rows:
            table = format_html(
                '<table class="table table-sm mt-2 mb-0 stale-changes"><thead><tr><th>{}</th><th>{}</th>'
                "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
                gettext("Field"),
                gettext("Now saved"),
                gettext("Your value"),
                format_html_join("", "<tr><td>{}</td><td>{}</td><td>← {}</td></tr>", rows),
            )
            message = format_html("{}{}", message, table)
        data = self.data.copy()
        data[self.add_prefix(VERSION)] = get_signer().sign(getattr(stale.current, VERSION))
        if stale.loaded is not None:
            self._take_saved_values(data, stale, yours)
        self.data = data
        if NON_FIELD_ERRORS not in (self._errors or {}) or message not in self._errors[NON_FIELD_ERRORS]:
            self.add_error(None, message)

    def _take_saved_values(self, data, stale: StaleEdit, yours: dict) -> None:
        """Fields she left as they were loaded show the value saved since, so saving again keeps it."""
        for name in _editable_names(type(stale.current)):
            if name not in self.fields or _display(stale.loaded, name) != yours.get(name):
                continue
            value = stale.current._meta.get_field(name).value_from_object(stale.current)
            key = self.add_prefix(name)
            if isinstance(value, (list, tuple)):
                data.setlist(key, [str(v) for v in value])
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            elif value is None:
                data[key] = ""
            else:
                data[key] = self.fields[name].widget.format_value(value)

    def save(self, commit=True):
        try:
            with transaction.atomic():
                return super().save(commit=commit)
        except RecordModifiedError as exc:
            # Saved by someone else between validation and this save.
            current = type(self.instance)._default_manager.get(pk=self.instance.pk)
            raise StaleEdit(current=current, expected_version=self.expected_version) from exc
