"""House pages: occupancy board, admission of a family, transfer, discharge, a person's stays."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case, full_name
from cases.paperwork import papers_missing
from cases.views.helpers import get_case_for_user, get_person_for_user
from maksora.access import access_for, get_visible_or_404
from maksora.forms import parse_day
from maksora.pages import form_action, paginate
from shelters import services
from shelters.board import house_board
from shelters.forms import AdmitForm, DischargeForm, TransferForm
from shelters.models import House, Stay

# The board offers at most this many cases to admit; others are reached from their case page.
ADMIT_CHOICES_LIMIT = 100


def get_stay_for_user(user, pk, *, write: bool = False) -> Stay:
    """A stay the user may see (else 404); with write=True one of a house she works in (else 403)."""
    stay = get_visible_or_404(Stay.objects.select_related("person", "case", "house__unit", "bed__room"), user, pk=pk)
    if write and not access_for(user).can_edit_unit(stay.house.unit.code):
        raise PermissionDenied
    return stay


def house_of_case(case: Case) -> House:
    house = House.objects.filter(unit=case.unit).select_related("unit").first()
    if house is None:
        raise Http404
    return house


def board_url(house: House, day) -> str:
    return f"{reverse('shelters:board')}?house={house.unit.code}&on={day:%Y-%m-%d}"


def _day_asked(request, value) -> object:
    """The day typed in the address or the form; today, with a message, when it is not a date."""
    if not value:
        return timezone.localdate()
    day = parse_day(value)
    if day is None:
        messages.warning(request, _("“%(value)s” is not a date (use dd.mm.yyyy): showing today.") % {"value": value})
        return timezone.localdate()
    return day


@login_required
def board(request):
    houses = list(House.objects.visible_to(request.user).select_related("unit").order_by("id"))
    if not houses:
        raise Http404
    code = request.GET.get("house") or houses[0].unit.code
    house = next((h for h in houses if h.unit.code == code), None)
    if house is None:
        raise Http404
    day = _day_asked(request, request.GET.get("on"))
    can_edit = access_for(request.user).can_edit_unit(code)
    admissible = []
    if can_edit:
        staying = Stay.objects.filter(case=OuterRef("pk")).on(day)
        # Only what the picker prints: a hundred whole cases and people cost more than the board.
        admissible = [
            (pk, f"{number} · {full_name(*names)}")
            for pk, number, *names in Case.objects.visible_to(request.user)
            .filter(unit=house.unit)
            .exclude(status=CaseStatus.CLOSED)
            .exclude(Exists(staying))
            .order_by("-opened_on", "-id")
            .values_list(
                "pk",
                "number",
                "primary_person__family_name",
                "primary_person__given_name",
                "primary_person__patronymic",
            )[:ADMIT_CHOICES_LIMIT]
        ]
    context = {
        "board": house_board(house, day, user=request.user),
        "houses": houses,
        "house": house,
        "day": day,
        "can_edit": can_edit,
        "admissible": admissible,
    }
    return render(request, "shelters/board.html", context)


@login_required
def admit_choose(request):
    """The board's "admit a family" picker: on to the admission page of the chosen case."""
    if not request.GET.get("case"):
        messages.warning(request, _("Choose a case to admit."))
        return redirect("shelters:board")
    case = get_case_for_user(request.user, request.GET["case"], write=True)
    return redirect("shelters:admit", case_pk=case.pk)


@login_required
def admit(request, case_pk):
    case = get_case_for_user(request.user, case_pk, write=True)
    house = house_of_case(case)
    data = request.POST if request.method == "POST" else None
    day = (parse_day(data.get("start")) if data else _day_asked(request, request.GET.get("on"))) or timezone.localdate()
    members = list(
        case.memberships.visible_to(request.user).select_related("person").order_by("person__birth_date", "person_id")
    )
    house_beds = house_board(house, day, user=request.user)
    beds = [slot.bed for slot in house_beds.slots]
    current = {
        stay.person_id: stay
        for stay in Stay.objects.visible_to(request.user)
        .on(day)
        .filter(person__in=[m.person for m in members])
        .select_related("house__unit", "bed")
    }
    if data is not None and "refresh" in data:
        # "Show free beds": the same choices again, for the new day, without admitting anyone.
        form = AdmitForm(initial=data.dict(), members=members, beds=beds)
        data = None
    else:
        form = AdmitForm(data, members=members, beds=beds, initial={"start": day})
    rows = [{"member": m, "field": form[form.bed_field(m.person)], "chosen": form.chosen(m.person)} for m in members]
    for row in rows:
        row["current"] = current.get(row["member"].person_id)

    def action(cleaned):
        return services.family_admit(
            case=case,
            house=house,
            placements=form.placements(),
            start=cleaned["start"],
            planned_exit_on=cleaned["planned_exit_on"],
            notes=cleaned["notes"],
            by=request.user,
        )

    return form_action(
        request,
        form,
        action=action,
        success=_("The family is admitted."),
        redirect_to=lambda stays: (board_url(house, stays[0].start),),
        template="shelters/admit.html",
        context={
            "case": case,
            "house": house,
            "board": house_beds,
            "rows": rows,
            "day": day,
            "papers_missing": papers_missing(people=[m.person for m in members], unit_id=case.unit_id, today=day),
        },
    )


@login_required
def transfer(request, pk):
    stay = get_stay_for_user(request.user, pk, write=True)
    access = access_for(request.user)
    if request.method == "POST":
        day = parse_day(request.POST.get("on")) or timezone.localdate()
    else:
        day = _day_asked(request, request.GET.get("on"))
    houses = sorted(
        (h for h in House.objects.visible_to(request.user).select_related("unit") if access.can_edit_unit(h.unit.code)),
        key=lambda h: h.pk != stay.house_id,
    )
    boards = [house_board(h, day, user=request.user) for h in houses]
    form = TransferForm(request.POST or None, beds=[s.bed for b in boards for s in b.slots], initial={"on": day})

    def action(cleaned):
        bed = form.chosen_bed()
        return services.stay_transfer(stay=stay, on=cleaned["on"], bed=bed, by=request.user)

    return form_action(
        request,
        form,
        action=action,
        success=_("The move is recorded."),
        redirect_to=lambda moved: (board_url(moved.house, moved.start),),
        template="shelters/transfer.html",
        context={"stay": stay, "boards": boards, "chosen": form.chosen(), "day": day},
    )


@login_required
def discharge(request, case_pk):
    case = get_case_for_user(request.user, case_pk, write=True)
    stays = (
        Stay.objects.visible_to(request.user)
        .filter(case=case)
        .ongoing()
        .select_related("person", "bed", "house__unit")
        .order_by("pk")
    )
    current = list(stays)
    chosen = request.GET.getlist("stay")
    initial = {"stays": [s for s in current if str(s.pk) in chosen] if chosen else current}
    form = DischargeForm(request.POST or None, stays=stays, initial=initial)

    def action(cleaned):
        return services.stay_discharge(
            stays=cleaned["stays"],
            on=cleaned["on"],
            exit_destination=cleaned["exit_destination"],
            exit_reason=cleaned["exit_reason"],
            notes=cleaned["notes"],
            by=request.user,
        )

    return form_action(
        request,
        form,
        action=action,
        success=_("The discharge is recorded."),
        redirect_to=lambda ended: (board_url(ended[0].house, ended[0].end),),
        template="shelters/discharge.html",
        context={"case": case, "has_stays": bool(current)},
    )


@login_required
def person_stays(request, pk):
    person = get_person_for_user(request.user, pk)
    access = access_for(request.user)
    stays = (
        Stay.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("house__unit", "bed__room", "case")
        .order_by("-period")
    )
    page = paginate(request, stays)
    for stay in page:
        stay.editable = stay.end is None and access.can_edit_unit(stay.house.unit.code)
    return render(request, "shelters/person_stays.html", {"person": person, "page_obj": page})
