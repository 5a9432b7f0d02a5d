"""List filters and search helpers shared by the cases admin (and the other apps' admins)."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import choices
from cases.models import Note
from cases.search import person_q
from maksora.access import access_for
from maksora.models import DEFAULT_QUIET_DAYS
from maksora.units import UnitCode


def name_match(prefix: str, term: str) -> Q:
    """People (at `prefix`) found by the term as the site finds them: a name or a phone number.

    The same keys as the duplicate matcher (cases.search): either alphabet, ё/е, given-name
    variants; a code (a case number, an AVSI code) finds no one by its letters.
    """
    return person_q(term, prefix)


class RankedSearchChangeList(ChangeList):
    """Keeps a search's ranking (an exact code first) ahead of the column ordering."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if "search_rank" in queryset.query.annotations:
            return ["search_rank", *ordering]
        return ordering


class RankedSearchMixin:
    """For admins whose `get_search_results` may annotate `search_rank` (cases.search.code_rank)."""

    def get_changelist(self, request, **kwargs):
        return RankedSearchChangeList


class FoldedNameSearchMixin(RankedSearchMixin):
    """Search by the folded name key plus exact-ish codes; one ILIKE per column, no joins."""

    def search_q(self, term: str) -> Q:
        raise NotImplementedError

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(self.search_q(term)), False


class UnitFilter(admin.SimpleListFilter):
    """Units the user reaches (never another unit's name as an option)."""

    title = gettext_lazy("unit")
    parameter_name = "unit"
    unit_path = "unit__code"

    def lookups(self, request, model_admin):
        codes = access_for(request.user).case_unit_codes
        return [(code, label) for code, label in UnitCode.choices if code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.unit_path: self.value()})
        return queryset


class CaseUnitFilter(UnitFilter):
    unit_path = "case__unit__code"


class ProblemAreaFilter(admin.SimpleListFilter):
    title = gettext_lazy("problem areas")
    parameter_name = "problem_area"

    def lookups(self, request, model_admin):
        return choices.ProblemArea.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(problem_areas__contains=[self.value()])
        return queryset


class OpenCaseFilter(admin.SimpleListFilter):
    """Open cases first (the useful view), closed ones on request."""

    title = gettext_lazy("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "open") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.exclude(status=choices.CaseStatus.CLOSED)
        if value == "closed":
            return queryset.filter(status=choices.CaseStatus.CLOSED)
        return queryset


class OverdueReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.exclude(status=choices.CaseStatus.CLOSED).filter(next_review_on__lt=timezone.localdate())
        return queryset


class ConsentFilter(admin.SimpleListFilter):
    """Open cases whose processing consent is still pending, or overdue (docs/consent.md)."""

    title = gettext_lazy("consent to data processing")
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("pending", _("Pending"))]

    def queryset(self, request, queryset):
        open_cases = queryset.exclude(status=choices.CaseStatus.CLOSED)
        if self.value() == "overdue":
            return open_cases.consent_overdue(timezone.localdate())
        if self.value() == "pending":
            return open_cases.filter(consent_due_on__isnull=False)
        return queryset


class QuietFilter(admin.SimpleListFilter):
    """Open cases without a note in the last N days (N=`quiet`, from the caseload review)."""

    title = gettext_lazy("without a recent note")
    parameter_name = "quiet"

    def lookups(self, request, model_admin):
        return [(str(DEFAULT_QUIET_DAYS), _("No note for %(days)s days") % {"days": DEFAULT_QUIET_DAYS})]

    def queryset(self, request, queryset):
        try:
            days = int(self.value()) if self.value() else None
        except ValueError:
            days = None
        if days is None or days < 0:
            return queryset
        since = timezone.localdate() - timedelta(days=days)
        recent = Note.objects.filter(case=OuterRef("pk"), date__gte=since)
        return queryset.exclude(status=choices.CaseStatus.CLOSED).filter(~Exists(recent))
