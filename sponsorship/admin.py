"""Distance-support data in the admin, scoped like every Maksora admin page.

Sponsored children are visible through their person (distance unit); sponsors,
sponsorships, contributions and correspondence to sponsorship staff and managers only.
All of them are written on the programme's pages (or by the AVSI import) through
sponsorship.services and sponsorship.rules, so these pages list and show them, with a
link to the page that edits each one.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.admin import name_match
from cases.admin.filters import RankedSearchMixin
from cases.search import CODE, code_rank, query_kind
from maksora import display
from maksora.access import access_for
from maksora.admin import ReadOnlyInline, ScopedModelAdmin
from maksora.admin_site_edited import EditedOnSiteAdmin
from sponsorship import services
from sponsorship.choices import CorrespondenceKind
from sponsorship.models import (
    ChecklistItemType,
    ChecklistTick,
    Contribution,
    Correspondence,
    Sponsor,
    SponsoredChild,
    Sponsorship,
)


class SponsorshipInForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("no", _("Ended or not started"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(period__contains=today)
        if self.value() == "no":
            return queryset.exclude(period__contains=today)
        return queryset


class EnrolledFilter(admin.SimpleListFilter):
    title = _("in the program")
    parameter_name = "enrolled"

    def lookups(self, request, model_admin):
        return [("yes", _("Enrolled today")), ("no", _("Left the program"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.enrolled_on(timezone.localdate())
        if self.value() == "no":
            return queryset.filter(exited_on__lte=timezone.localdate())
        return queryset


class SponsorshipInline(ReadOnlyInline, admin.TabularInline):
    model = Sponsorship
    fields = ("sponsor", "period", "end_reason")
    readonly_fields = fields


# A year is a code, not a quantity (no "2 025"); an amount is money ("1 234,50 €").
@admin.display(description=Contribution._meta.get_field("period_year").verbose_name, ordering="period_year")
def contribution_year(contribution):
    return str(contribution.period_year)


@admin.display(description=Contribution._meta.get_field("amount").verbose_name, ordering="amount")
def contribution_amount(contribution):
    return display.money(contribution.amount)


class ContributionInline(ReadOnlyInline, admin.TabularInline):
    model = Contribution
    fields = (contribution_year, contribution_amount, "received_on", "reference")
    readonly_fields = fields


class CorrespondenceInline(ReadOnlyInline, admin.TabularInline):
    model = Correspondence
    fields = ("kind", "due_on", "sent_on", "language", "translation_status")
    readonly_fields = fields


class SponsorSponsorshipInline(ReadOnlyInline, admin.TabularInline):
    model = Sponsorship
    fields = ("child", "period", "end_reason")
    readonly_fields = fields


@admin.register(SponsoredChild)
class SponsoredChildAdmin(RankedSearchMixin, EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "sponsored child")
    site_url_name = "sponsorship:child_detail"
    list_display = ("avsi_code", "person", "school", "grade", "living_situation", "enrolled_on", "exited_on")
    list_filter = (EnrolledFilter, "living_situation", "enrolled_on", "exited_on")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)
    search_fields = ("avsi_code",)
    inlines = (SponsorshipInline,)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.search(term), False


@admin.register(Sponsor)
class SponsorAdmin(EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "sponsor")
    site_url_name = "sponsorship:sponsor_detail"
    list_display = ("avsi_code", "name", "kind", "country", "language", "email")
    list_filter = ("kind", "country", "language")
    search_fields = ("avsi_code", "name", "email")
    inlines = (SponsorSponsorshipInline,)

    def get_search_results(self, request, queryset, search_term):
        # The site's sponsor search, on its indexes: a code's start, a name or an e-mail (the
        # admin's own `icontains` on the code could use no index, so it read every sponsor).
        return queryset.search(search_term), False


@admin.register(Sponsorship)
class SponsorshipAdmin(RankedSearchMixin, EditedOnSiteAdmin):
    site_url_name, site_url_arg = "sponsorship:child_detail", "child_id"
    list_display = ("child", "sponsor", "period", "end_reason")
    list_filter = (SponsorshipInForceFilter, "end_reason")
    list_select_related = ("child__person", "sponsor")
    autocomplete_fields = ("child", "sponsor")
    search_fields = ("child__avsi_code", "sponsor__avsi_code", "sponsor__name")
    inlines = (ContributionInline, CorrespondenceInline)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        found = queryset.filter(
            Q(child__avsi_code__istartswith=term)
            | Q(sponsor__avsi_code__istartswith=term)
            | Q(sponsor__name__icontains=term)
            | name_match("child__person__", term)
        )
        if query_kind(term) == CODE:
            found = found.annotate(
                search_rank=Least(code_rank("child__avsi_code", term), code_rank("sponsor__avsi_code", term))
            )
        return found, False


@admin.register(Contribution)
class ContributionAdmin(EditedOnSiteAdmin):
    site_url_name, site_url_arg = "sponsorship:child_detail", "sponsorship__child_id"
    list_display = ("received_on", contribution_amount, contribution_year, "sponsorship", "reference")
    list_filter = ("period_year", "received_on")
    list_select_related = ("sponsorship__child__person", "sponsorship__sponsor")
    autocomplete_fields = ("sponsorship",)
    search_fields = ("reference", "sponsorship__child__avsi_code", "sponsorship__sponsor__avsi_code")


@admin.register(Correspondence)
class CorrespondenceAdmin(EditedOnSiteAdmin):
    accusative = pgettext_lazy("accusative", "correspondence")
    site_url_name = "sponsorship:correspondence_detail"
    list_display = ("kind", "sponsorship", "due_on", "sent_on", "language", "translation_status")
    list_filter = ("kind", "translation_status", "language", "due_on", "sent_on")
    list_select_related = ("sponsorship__child__person", "sponsorship__sponsor")
    autocomplete_fields = ("sponsorship",)
    search_fields = ("sponsorship__child__avsi_code", "sponsorship__sponsor__avsi_code")
    readonly_fields = ("created_by",)
    actions = ("mark_sent_today",)

    @admin.action(description=_("Mark selected as sent today"))
    def mark_sent_today(self, request, queryset):
        """The same service as the tracker's bulk sending: every gate applies to every row."""
        result = services.correspondence_bulk_mark_sent(
            correspondences=queryset.pending().for_list().order_by("due_on", "id"),
            sent_on=timezone.localdate(),
            by=request.user,
        )
        if result.sent:
            self.message_user(request, _("Marked as sent: %(count)s.") % {"count": len(result.sent)}, messages.SUCCESS)
        for item, reason in result.refused:
            self.message_user(request, f"{item.sponsorship.child.avsi_code}: {reason}", messages.WARNING)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not access_for(request.user).edits_sponsorship:
            actions.pop("mark_sent_today", None)
        return actions


class ChecklistItemTypeForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("for kinds"), choices=CorrespondenceKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ChecklistItemType
        fields = ("name", "kinds", "required", "active", "position")


@admin.register(ChecklistItemType)
class ChecklistItemTypeAdmin(ScopedModelAdmin):
    """Configuration: what AVSI asks with each kind of update, and which items are required to send it."""

    form = ChecklistItemTypeForm
    list_display = ("name", "required", "active", "position")
    list_editable = ("required", "active", "position")
    list_filter = ("required", "active")
    search_fields = ("name",)


@admin.register(ChecklistTick)
class ChecklistTickAdmin(EditedOnSiteAdmin):
    site_url_name, site_url_arg = "sponsorship:correspondence_detail", "correspondence_id"
    list_display = ("correspondence", "item_type", "ticked_by", "ticked_at")
    list_filter = ("item_type",)
    list_select_related = (
        "correspondence__sponsorship__child__person",
        "correspondence__sponsorship__sponsor",
        "item_type",
        "ticked_by",
    )
    search_fields = ("correspondence__sponsorship__child__avsi_code",)
