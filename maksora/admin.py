"""The scoped base of every Maksora admin page, plus the user admin.

Which *records* a user reaches in the admin is decided by the same `visible_to(user)`
queryset methods as the site (maksora.access); which *kinds* of record and actions by the
role permissions (maksora.roles). Everything the admin builds from the database —
changelist, change form, autocomplete results, foreign-key choices, list-filter choices
and actions — starts from a scoped queryset, so a record of another unit never shows up,
not even as a filter option. An invisible object's change URL behaves like a missing one.
"""

import functools
import html
import json

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField, RangeField
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Q
from django.forms.formsets import ManagementForm
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from maksora import display, roles
from maksora.access import access_for
from maksora.locking import VERSION, StaleEdit, VersionedFormMixin, VersionField, check_version
from maksora.models import AccessAlert, AccessRecord, Unit
from maksora.security.admin import reset_second_factor

User = get_user_model()

_ACTION_CHECKBOX_NAME = html.escape(helpers.ACTION_CHECKBOX_NAME)

# Counting past this many rows is pointless on a page of 50: above it the list says "more
# than 1,000" and its page links follow the planner's estimate. Counting more would read
# every membership of the reader's units (a hash of all of them) on each page view.
COUNT_CAP = 1_000


class CappedCountPaginator(Paginator):
    """Paginator that never runs an unbounded COUNT(*).

    It counts at most COUNT_CAP + 1 rows (`SELECT count(*) FROM (… LIMIT n)`); above the
    cap `past_cap` is true and `count` is the planner's row estimate (EXPLAIN, from
    pg_class.reltuples and the column statistics), which only sizes the page links: the
    pages say "more than COUNT_CAP", never an estimate as if it were a count.
    """

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def past_cap(self) -> bool:
        return self._counted[1]

    @cached_property
    def count(self):
        return self._counted[0]

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return len(queryset), False
        capped = queryset.order_by()[: COUNT_CAP + 1].count()
        if capped <= COUNT_CAP:
            return capped, False
        return max(capped, estimated_count(queryset)), True


def estimated_count(queryset) -> int:
    """The planner's estimate of how many rows `queryset` returns (no scan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def visible_users(user):
    """Staff members the user may pick or filter by: those working in units she reaches."""
    access = access_for(user)
    if access.has_role(roles.ADMIN):
        return User.objects.all()
    units = access.case_unit_codes
    if not units:
        return User.objects.none()
    return User.objects.filter(Q(units__code__in=units)).distinct()


def scoped_queryset(model, user):
    """Rows of `model` the user may reach (the model's own `visible_to`, users by unit)."""
    if model is User:
        return visible_users(user)
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return manager.none()


def scope(queryset, user, unit_path=None):
    """`queryset.visible_to(user)`, or — for the few link tables without it — by unit."""
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if unit_path:
        return queryset.filter(**{f"{unit_path}__in": access_for(user).case_unit_codes})
    return queryset.none()


def readable_value(field):
    """How a person reads a stored value the admin would print raw: ranges and multiple choices."""
    if isinstance(field, RangeField):
        return display.period
    base = getattr(field, "base_field", None)
    if isinstance(field, ArrayField) and base is not None and base.choices:
        return lambda values: display.choice_labels(values, base.choices)
    return None


def label_range_inputs(field) -> None:
    """A range is two inputs under one label, which names neither: each gets its own name."""
    first, last = field.widget.widgets
    first.attrs.setdefault("aria-label", _("%(field)s: from") % {"field": field.label})
    last.attrs.setdefault("aria-label", _("%(field)s: until") % {"field": field.label})


class ReadableValuesMixin:
    """Date ranges and multiple choices shown as sentences («с 02.12.2026», «Жильё, Школа»), never `[2026-12-02, None)`.

    Each such field `x` gets a read-only column `x_shown` used in the changelist and, where
    the page is read only, in the form (pages where the field is edited keep its widget).
    """

    def _init_readable_values(self, model):
        self.readable_names = {}
        for field in model._meta.concrete_fields:
            shown = readable_value(field)
            if shown is None:
                continue
            name = f"{field.name}_shown"

            def column(obj, _name=field.name, _shown=shown):
                # A model may know better how its value reads (a same-day stay's exit day: Stay.period_shown).
                own = getattr(type(obj), f"{_name}_shown", None)
                if own is not None:
                    return getattr(obj, f"{_name}_shown")
                return _shown(getattr(obj, _name))

            setattr(self, name, admin.display(description=field.verbose_name, ordering=field.name)(column))
            self.readable_names[field.name] = name

    def readable(self, names):
        return [self.readable_names.get(name, name) if isinstance(name, str) else name for name in names]

    def get_list_display(self, request):
        editable = set(self.list_editable or ())
        return [n if n in editable else self.readable_names.get(n, n) if isinstance(n, str) else n
                for n in super().get_list_display(request)]  # fmt: skip


class ScopedRows:
    """Rows shown come from `scope()`; reference rows are all shown to the administrator role."""

    unit_path: str | None = None
    # Reference rows (units, houses, rooms, beds) are configuration the administrator role manages.
    reference_data = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.reference_data and access_for(request.user).has_role(roles.ADMIN):
            return queryset
        return scope(queryset, request.user, self.unit_path)


class ScopedInline(ScopedRows):
    """Inline rows go through the same scoping as their own changelist (e.g. confidential notes)."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Rows nobody may change here carry no versions: reading them would cost a query per inline.
        if self.has_change_permission(request, obj):
            formset = versioned_formset(formset)
        return labelled_widgets(formset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.remote_field.model, request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            field is not None
            and db_field.name not in self.autocomplete_fields
            and db_field.name not in self.raw_id_fields
        ):
            # Evaluate the (scoped) choices once for all inline rows instead of once per row.
            field.choices = list(field.choices)
        return field

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A foreign-key filter whose choices are only the related rows the user may see."""

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model
        related_admin = model_admin.admin_site._registry.get(related)
        if related is User:
            queryset = visible_users(request.user).order_by("last_name", "first_name", "username")
        elif isinstance(related_admin, ScopedModelAdmin):
            queryset = related_admin.get_queryset(request)
        else:
            queryset = scoped_queryset(related, request.user)
        return [(obj.pk, str(obj)) for obj in queryset]


def _is_versioned(model) -> bool:
    return any(isinstance(field, VersionField) for field in model._meta.concrete_fields)


class _VersionsManagementForm(ManagementForm):
    """The formset's management form plus one hidden version per row, as the rows were read."""

    versions: tuple = ()

    def render(self, template_name=None, context=None, renderer=None):
        hidden = format_html_join("", '<input type="hidden" name="{}" value="{}">', self.versions)
        return format_html("{}{}", super().render(template_name, context, renderer), hidden)

    __str__ = render
    __html__ = render


class VersionedFormSetMixin:
    """Rows of a `list_editable` changelist or of an inline carry their version; a stale row is refused.

    The versions written are always those of the rows as now read, so after a refusal the
    page shows the new ones and a deliberate second save goes through.
    """

    def _version_name(self, pk) -> str:
        return f"{self.prefix}-_concurrency_version_{pk}"

    @cached_property
    def management_form(self):
        form = super().management_form
        # Django builds the management form itself; only its rendering changes here.
        form.__class__ = type("VersionsManagementForm", (_VersionsManagementForm, form.__class__), {})
        # From the queryset, not the forms: building the forms reads this management form.
        form.versions = [(self._version_name(pk), v) for pk, v in self.get_queryset().values_list("pk", VERSION)]
        return form

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            posted = self.data.get(self._version_name(form.instance.pk))
            if not posted or not form.has_changed():
                continue
            try:
                check_version(form.instance, int(posted))
            except (StaleEdit, ValueError) as error:
                form.add_error(None, getattr(error, "messages", [str(error)])[0])


def labelled_widgets(formset):
    """Name each field of a row for screen readers: a tabular row has column headings, no <label>."""
    for field in formset.form.base_fields.values():
        field.widget.attrs.setdefault("aria-label", field.label)
    return formset


def versioned_formset(formset):
    """`formset` with VersionedFormSetMixin, when its model has a version."""
    if not _is_versioned(formset.model) or issubclass(formset, VersionedFormSetMixin):
        return formset
    return type(formset.__name__, (VersionedFormSetMixin, formset), {})


STALE_IN_FLIGHT = _("Someone saved this record a moment before you, so nothing was saved. Check it and save again.")


class VersionedAdminMixin:
    """The admin side of maksora.locking: change forms and `list_editable` rows refuse stale saves.

    The change form carries the version as a hidden field (in the last fieldset) and uses
    the site's VersionedFormMixin, so the refusal, the "changed in between" table and the
    new version are the same as on the site.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if _is_versioned(self.model) and not issubclass(form, VersionedFormMixin):
            form = type(form.__name__, (VersionedFormMixin, form), {})
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not _is_versioned(self.model):
            return fieldsets
        if any(VERSION in flatten_fieldsets([fieldset]) for fieldset in fieldsets):
            return fieldsets
        *rest, (name, options) = fieldsets
        return [*rest, (name, {**options, "fields": [*options["fields"], VERSION]})]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != VERSION]

    def get_changelist_formset(self, request, **kwargs):
        return labelled_widgets(versioned_formset(super().get_changelist_formset(request, **kwargs)))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError:
            # Saved by someone else between the form's check and this save: nothing was written
            # (the view's transaction rolled back); the page shows the record as now saved.
            self.message_user(request, STALE_IN_FLIGHT, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class GrammaticalTitlesMixin:
    """Page titles built from the object's name in the form the sentence needs.

    Django writes «Выберите %s для изменения» and «Добавить %s» with the nominative
    verbose_name («человек»); Russian needs the accusative («человека»). An admin names its
    model's accusative in `accusative` (context "accusative", so each language translates it
    as its grammar wants); without it the verbose_name is used, which is right for the many
    nouns whose accusative is the same.
    """

    accusative = None

    def object_name_accusative(self) -> str:
        return str(self.accusative or self.model._meta.verbose_name)

    def changelist_view(self, request, extra_context=None):
        name = self.object_name_accusative()
        title = gettext("Select %s to change") if self.has_change_permission(request) else gettext("Select %s to view")
        context = {"title": title % name, "add_title": gettext("Add %s") % name, **(extra_context or {})}
        return super().changelist_view(request, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        name = self.object_name_accusative()
        if object_id is None:
            title = gettext("Add %s")
        else:
            obj = self.get_object(request, unquote(object_id))
            title = gettext("Change %s") if self.has_change_permission(request, obj) else gettext("View %s")
        context = {"title": title % name, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)


class ScopedModelAdmin(GrammaticalTitlesMixin, ReadableValuesMixin, VersionedAdminMixin, ScopedRows, admin.ModelAdmin):
    """Base admin: every queryset it shows or accepts goes through `visible_to(request.user)`.

    Subclasses set `unit_path` (the lookup from the model to its unit code, e.g.
    "unit__code" or "case__unit__code") so that object-level change permission also
    checks that the user may *write* in the record's unit (managers read only).
    """

    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50

    # Related records the change page shows with its record, read in the same query.
    object_select_related: tuple[str, ...] = ()

    # The fields a changelist page reads its rows with (`QuerySet.only`), where it shows a few
    # fields of wide rows: a person's name of her eighteen columns, a staff member's name of a
    # row with a password hash and two timestamps. Only the rows shown: the count and the
    # actions read the list's whole queryset.
    list_columns: tuple[str, ...] = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._init_readable_values(model)

    def action_checkbox(self, obj):
        # The markup of Django's own column, written directly: Django renders a checkbox
        # widget through the form template engine for each of the page's rows. (What
        # format_html would write, without its checks for lazy arguments fifty times a page.)
        label = gettext("Select this object for an action - {}").format(html.escape(str(obj)))
        return mark_safe(
            f'<input type="checkbox" name="{_ACTION_CHECKBOX_NAME}" value="{html.escape(str(obj.pk))}"'
            f' class="action-select" aria-label="{label}">'
        )

    # --- what rows (get_queryset: ScopedRows) -------------------------------------------
    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.list_columns and not self.list_editable:
            changelist.result_list = changelist.result_list.only(*self.list_columns)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        """The record of a change page, read once per request (its title and Django's view both ask)."""
        cache = request.__dict__.setdefault("_admin_objects", {})
        key = (self.model, object_id, from_field)
        if key not in cache:
            queryset = self.get_queryset(request).select_related(*self.object_select_related)
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                cache[key] = queryset.get(**{field.name: field.to_python(object_id)})
            except (self.model.DoesNotExist, ValidationError, ValueError):
                cache[key] = None
        return cache[key]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, RangeField) and field is not None:
            label_range_inputs(field)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            related = db_field.remote_field.model
            kwargs["queryset"] = self.related_queryset(related, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = self.related_queryset(db_field.remote_field.model, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def related_queryset(self, related, request):
        model_admin = self.admin_site._registry.get(related)
        if isinstance(model_admin, ScopedModelAdmin) or (related is User and model_admin is not None):
            if related is User:
                return visible_users(request.user)
            return model_admin.get_queryset(request)
        return scoped_queryset(related, request.user)

    def get_list_filter(self, request):
        # Foreign-key filters get scoped choices even when declared by field name.
        scoped = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and self._is_relation(item):
                scoped.append((item, ScopedRelatedFieldListFilter))
            else:
                scoped.append(item)
        return scoped

    def _is_relation(self, path: str) -> bool:
        model = self.model
        field = None
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if not field.is_relation:
                return False
            model = field.related_model
        return field is not None and field.many_to_one

    # --- what actions -----------------------------------------------------------------
    def unit_code_of(self, obj) -> str | None:
        if obj is None or not self.unit_path:
            return None
        value = obj
        for part in self.unit_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        code = self.unit_code_of(obj)
        if code is None:
            return True
        return access_for(request.user).can_edit_unit(code)

    def has_delete_permission(self, request, obj=None):
        # Nothing of a case file is deleted from the admin (history, retention rules).
        return False


class ReadOnlyModelAdmin(ScopedModelAdmin):
    """Records written only by the application itself (logs, counters, snapshots): listed, never edited."""

    def get_fields(self, request, obj=None):
        return self.readable(super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return [(name, {**options, "fields": self.readable(options["fields"])})
                for name, options in super().get_fieldsets(request, obj)]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadableValuesMixin, ScopedInline):
    """Inline rows are shown; changes go through the site's forms and services."""

    can_delete = False
    show_change_link = True

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        self._init_readable_values(self.model)

    def get_fields(self, request, obj=None):
        return self.readable(super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return self.readable(super().get_readonly_fields(request, obj))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StaffChangeForm(UserChangeForm):
    unit_memberships = forms.ModelMultipleChoiceField(
        label=_("units"), queryset=Unit.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_memberships"].initial = list(self.instance.units.all())

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.units.set(self.cleaned_data.get("unit_memberships") or [])


class StaffAdmin(GrammaticalTitlesMixin, ReadableValuesMixin, DjangoUserAdmin):
    """Users with their units and roles; the administrator role manages them."""

    accusative = pgettext_lazy("accusative", "user")

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._init_readable_values(model)

    form = StaffChangeForm
    list_display = ("username", "full_name", "email", "role_list", "unit_list", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "units")
    search_fields = ("username", "first_name", "last_name", "email")
    filter_horizontal = ("groups",)
    show_full_result_count = False
    actions = [reset_second_factor]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles and units"), {"fields": ("is_active", "is_staff", "groups", "unit_memberships")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "units")

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(str(roles.ROLE_LABELS.get(g.name, g.name)) for g in obj.groups.all())

    @admin.display(description=_("units"))
    def unit_list(self, obj):
        return ", ".join(str(u) for u in obj.units.all())

    def has_module_permission(self, request):
        return access_for(request.user).has_role(roles.ADMIN) or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Admin-site roles need is_staff; keep it in step with the groups given here.
        user = form.instance
        wants_staff = user.groups.filter(name__in=roles.ADMIN_SITE_ROLES).exists() or user.is_superuser
        if user.is_staff != wants_staff:
            user.is_staff = wants_staff
            user.save(update_fields=["is_staff"])


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    reference_data = True
    list_display = ("code", "__str__", "staff_count")
    search_fields = ("code",)
    filter_horizontal = ("members",)
    unit_path = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff=Count("members"))

    @admin.display(description=_("staff"))
    def staff_count(self, obj):
        return obj.staff


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffAdmin)


class RoleAdmin(GrammaticalTitlesMixin, DjangoGroupAdmin):
    """Roles are groups with fixed codes (maksora.roles): shown by their names, kept in step by code."""

    accusative = pgettext_lazy("accusative", "group")
    list_display = ("role_name",)
    fields = ("role_name", "permissions")
    readonly_fields = ("role_name",)

    @admin.display(description=_("role"), ordering="name")
    def role_name(self, obj):
        return str(obj)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)


@functools.cache
def _boolean_icon_url(value) -> str:
    # Looked up in the static files' manifest once, not for every yes/no cell of every page.
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return static(f"admin/img/icon-{icon}.svg")


def _boolean_icon_read_aloud(value):
    # Django's yes/no icons carry "True"/"False"/"None" as their text alternative, which a
    # screen reader reads out in English; the same icon with «Да»/«Нет» in the reader's language.
    return format_html('<img src="{}" alt="{}">', _boolean_icon_url(value), display.yes_no(value))


admin_list._boolean_icon = _boolean_icon_read_aloud


admin.site.site_header = _("Maksora administration")
admin.site.site_title = _("Maksora")
admin.site.index_title = _("Administration")


class AccessLogAdmin(GrammaticalTitlesMixin, admin.ModelAdmin):
    """The access log and its alerts: read by managers and administrators, changed by nobody."""

    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return access_for(request.user).sees_access_log

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).sees_access_log

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(AccessLogAdmin):
    list_display = ("at", "user", "action", "content_type", "object_id", "export_kind", "row_count", "ip_address")
    list_filter = ("action", "export_kind")
    list_select_related = ("user", "content_type")
    search_fields = ("user__username", "=object_id", "=person_id")
    fields = (
        "at", "user", "action", "content_type", "object_id", "person_id", "export_kind", "filters", "row_count",
        "ip_address",
    )  # fmt: skip
    readonly_fields = fields


@admin.register(AccessAlert)
class AccessAlertAdmin(AccessLogAdmin):
    list_display = ("at", "user", "export_count")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    fields = ("at", "user", "export_count")
    readonly_fields = fields
