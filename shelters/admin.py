"""Houses, rooms, beds and stays in the admin, scoped like every Maksora admin page.

Houses, rooms and beds are configuration (the administrator role manages them, staff of
a house see their own); stays are case content, visible through their house's unit and
written only on the site (admission, transfer, discharge: members of the case, the
house's rules, a timeline line), so the stay pages here are read-only.
"""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.admin import UnitFilter, name_match
from cases.admin.cases import register_case_inline
from maksora import roles
from maksora.access import access_for
from maksora.admin import ReadOnlyInline, ScopedInline, ScopedModelAdmin
from maksora.admin_site_edited import DatabaseCheckedForm, EditedOnSiteAdmin
from maksora.constraints import violated_constraint
from maksora.units import HOUSE_UNITS
from shelters.models import Bed, BedOutOfService, House, Room, Stay
from shelters.services import describe_period


class HouseUnitFilter(UnitFilter):
    unit_path = "house__unit__code"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in super().lookups(request, model_admin) if code in HOUSE_UNITS]


class OngoingStayFilter(admin.SimpleListFilter):
    """Stays in progress today first (the useful view); ended ones on request."""

    title = _("in progress")
    parameter_name = "ongoing"

    def lookups(self, request, model_admin):
        return [("yes", _("In the house today")), ("ended", _("Ended"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(period__contains=today).exclude(same_day=True)
        if self.value() == "ended":
            return queryset.with_exit_day().filter(exit_day__lte=today)
        return queryset


class RoomInline(ScopedInline, admin.TabularInline):
    model = Room
    reference_data = True
    fields = ("name", "floor")


class BedInline(ScopedInline, admin.TabularInline):
    model = Bed
    reference_data = True
    fields = ("label", "is_cot")


class HouseStayInline(ReadOnlyInline, admin.TabularInline):
    model = Stay
    fields = ("person", "bed", "period", "exit_destination")
    readonly_fields = fields

    def get_queryset(self, request):
        # Only who is in the house today: a house's whole history would be thousands of rows.
        return super().get_queryset(request).filter(period__contains=timezone.localdate())


class StayInline(ReadOnlyInline, admin.TabularInline):
    model = Stay
    fields = ("person", "house", "bed", "period", "exit_destination")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "house__unit", "bed__room")


register_case_inline(StayInline)


@admin.register(House)
class HouseAdmin(ScopedModelAdmin):
    reference_data = True
    unit_path = "unit__code"
    list_display = ("name", "unit", "address")
    list_select_related = ("unit",)
    search_fields = ("name",)
    inlines = (RoomInline, HouseStayInline)

    def has_change_permission(self, request, obj=None):
        # Configuration: decided by the role permissions (administrators), not by unit writing.
        return admin.ModelAdmin.has_change_permission(self, request, obj)


@admin.register(Room)
class RoomAdmin(ScopedModelAdmin):
    accusative = pgettext_lazy("accusative", "room")
    reference_data = True
    list_display = ("name", "house", "floor")
    # Floors are corrected in the list; a row changed meanwhile by someone else is refused (maksora.locking).
    list_editable = ("floor",)
    list_filter = ("house",)
    list_select_related = ("house__unit",)
    search_fields = ("name",)
    autocomplete_fields = ("house",)
    inlines = (BedInline,)


@admin.register(Bed)
class BedAdmin(ScopedModelAdmin):
    reference_data = True
    list_display = ("label", "room", "is_cot")
    list_filter = ("room__house", "is_cot")
    list_select_related = ("room__house__unit",)
    search_fields = ("label", "room__name")
    autocomplete_fields = ("room",)


class BedOutOfServiceForm(DatabaseCheckedForm):
    def clean(self):
        cleaned = super().clean()
        bed, period = cleaned.get("bed"), cleaned.get("period")
        if bed and period and period.lower:
            other = (
                BedOutOfService.objects.filter(bed=bed, period__overlap=period)
                .exclude(pk=self.instance.pk)
                .order_by("period")
                .first()
            )
            if other is not None:
                raise forms.ValidationError(
                    gettext_now("Bed %(bed)s is already out of service on some of these days (%(period)s).")
                    % {"bed": bed.label, "period": describe_period(other.period)}
                )
        return cleaned

    def refusal_message(self, error):
        if violated_constraint(error) == "bed_out_of_service_no_stay":
            # Who sleeps there is case content the administrator role does not see: only the dates.
            stay = Stay.objects.filter(bed=self.instance.bed, period__overlap=self.instance.period).first()
            return gettext_now(
                "Bed %(bed)s is occupied on some of these days (a stay %(period)s): move or end that stay first."
            ) % {
                "bed": self.instance.bed.label,
                "period": stay.period_shown if stay else "",
            }
        return super().refusal_message(error)


@admin.register(BedOutOfService)
class BedOutOfServiceAdmin(ScopedModelAdmin):
    accusative = pgettext_lazy("accusative", "bed out of service")
    form = BedOutOfServiceForm
    reference_data = True
    unit_path = "bed__room__house__unit__code"
    list_display = ("bed", "period", "reason")
    list_select_related = ("bed__room__house__unit",)
    autocomplete_fields = ("bed",)

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if access_for(request.user).has_role(roles.ADMIN):
            return queryset
        return queryset.filter(bed__room__house__unit__code__in=access_for(request.user).case_unit_codes)


@admin.register(Stay)
class StayAdmin(EditedOnSiteAdmin):
    unit_path = "house__unit__code"
    site_url_name, site_url_arg = "shelters:person_stays", "person_id"
    list_display = ("person", "house", "bed", "period", "exit_destination", "exit_reason")
    list_filter = (OngoingStayFilter, HouseUnitFilter, "exit_destination", "exit_reason")
    list_select_related = ("person", "house__unit", "bed__room", "case")
    autocomplete_fields = ("person", "case", "bed")
    search_fields = ("person__name_key",)
    readonly_fields = ("created_by", "created_at")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(name_match("person__", search_term) | Q(case__number__icontains=search_term)), False
