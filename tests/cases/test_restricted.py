"""Restricted persons: only named staff see her; everyone else sees a placeholder or nothing."""

import json
import logging
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange
from django.urls import reverse

from cases import services
from cases.models import Person, Restriction, RestrictionGrant
from tests.cases.factories import CaseFactory, CaseMemberFactory, PersonFactory, UserFactory, unit
from tests.shelters.factories import BedFactory, RoomFactory, StayFactory, house
from tests.sponsorship.factories import (
    ContributionFactory,
    CorrespondenceFactory,
    SponsoredChildFactory,
    SponsorshipFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Секретова"
CHILD_SECRET = "Тайнова"
BOARD_DAY = date(2026, 3, 1)


@pytest.fixture
def named_worker(db):
    """A Golubka social worker the coordinator names."""
    return UserFactory(username="named_worker", role="social_worker", units=["golubka"])


@pytest.fixture
def other_coordinator(db):
    """A second coordinator of Golubka, not named."""
    return UserFactory(username="other_coordinator", role="coordinator", units=["golubka"])


@pytest.fixture
def margarita_coordinator(db):
    return UserFactory(username="margarita_coordinator", role="coordinator", units=["margarita"])


@pytest.fixture
def hidden_woman(db):
    """«Секретова Вера», hosted in Golubka since January, with an open Golubka case."""
    person = PersonFactory(family_name=SECRET, given_name="Вера", birth_date=date(1990, 7, 7))
    room = RoomFactory(house=house("golubka"), name="S")
    stay = StayFactory(
        person=person,
        case=CaseFactory(unit=unit("golubka"), primary_person=person),
        bed=BedFactory(room=room, label="S1"),
        period=DateRange(date(2026, 1, 20), None, "[)"),
    )
    return stay


@pytest.fixture
def restricted(hidden_woman, coordinator, named_worker):
    services.person_restrict(
        person=hidden_woman.person, by=coordinator, reason="Hiding from her former partner", named=[named_worker]
    )
    return hidden_woman


@pytest.fixture
def family_with_hidden_child(coordinator, named_worker):
    """An unrestricted mother whose case holds two restricted children «Тайнова»: one added on
    the site (so the timeline names her), one linked directly."""
    mother = PersonFactory(family_name="Открытова", given_name="Анна")
    case = CaseFactory(unit=unit("golubka"), primary_person=mother)
    child = PersonFactory(family_name=CHILD_SECRET, given_name="Лиза", birth_date=date(2015, 1, 1))
    services.case_member_add(
        case=case,
        by=coordinator,
        person_fields={"family_name": CHILD_SECRET, "given_name": "Ирина", "sex": "F", "birth_date": date(2016, 2, 2)},
    )
    CaseMemberFactory(case=case, person=child)
    hidden = Person.objects.filter(family_name=CHILD_SECRET)
    for person in hidden:
        services.person_restrict(person=person, by=coordinator, reason="Named in a court order", named=[named_worker])
    return case


def _body(response) -> str:
    return response.content.decode()


# --- what a non-named worker of the same unit notices -----------------------------------------


def test_unnamed_worker_does_not_find_her_in_the_case_list(client, golubka_worker, restricted, namesakes):
    client.force_login(golubka_worker)
    assert SECRET not in _body(client.get(reverse("cases:case_list")))
    by_name = client.get(reverse("cases:case_list"), {"q": SECRET})
    by_number = client.get(reverse("cases:case_list"), {"q": restricted.case.number})
    assert list(by_name.context["page_obj"]) == list(by_number.context["page_obj"]) == []
    assert f"{SECRET} Вера" not in _body(by_name)


def test_unnamed_worker_gets_nothing_from_the_autocomplete(client, golubka_worker, restricted):
    client.force_login(golubka_worker)
    by_name = client.get(reverse("cases:person_autocomplete"), {"q": SECRET})
    by_id = client.get(reverse("cases:person_autocomplete"), {"q": str(restricted.person_id)})
    assert json.loads(by_name.content)["results"] == []
    assert json.loads(by_id.content)["results"] == []


def test_unnamed_worker_gets_404_for_her_person_and_case_pages(client, golubka_worker, restricted):
    client.force_login(golubka_worker)
    assert client.get(reverse("cases:person_detail", args=[restricted.person_id])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[restricted.case_id])).status_code == 404
    assert client.get(reverse("shelters:person_stays", args=[restricted.person_id])).status_code == 404


def test_board_shows_her_bed_taken_by_a_restricted_record(client, golubka_worker, restricted):
    client.force_login(golubka_worker)
    response = client.get(reverse("shelters:board"), {"house": "golubka", "on": BOARD_DAY.isoformat()})
    body = _body(response)
    assert SECRET not in body
    assert reverse("cases:person_detail", args=[restricted.person_id]) not in body
    assert "Restricted record" in body
    assert response.context["board"].taken_count == 1


def test_intake_never_offers_her_as_a_match_to_an_unnamed_worker(client, golubka_worker, restricted):
    from tests.cases.test_intake import intake_data, person_data

    client.force_login(golubka_worker)
    data = intake_data(**person_data("mother", SECRET, "Вера", "1990-07-07"))
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 302  # no match asked about: registered as a new person
    assert Person.objects.filter(family_name=SECRET).count() == 2


def test_intake_offers_her_to_a_named_worker(client, named_worker, restricted):
    from tests.cases.test_intake import intake_data, person_data

    client.force_login(named_worker)
    data = intake_data(**person_data("mother", SECRET, "Вера", "1990-07-07"))
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 200
    assert SECRET in _body(response)


def test_unnamed_coordinator_does_not_find_her_in_the_admin(client, other_coordinator, restricted):
    client.force_login(other_coordinator)
    changelist = client.get(reverse("admin:cases_person_changelist"))
    searched = client.get(reverse("admin:cases_person_changelist"), {"q": SECRET})
    cases = client.get(reverse("admin:cases_case_changelist"), {"q": SECRET})
    stays = client.get(reverse("admin:shelters_stay_changelist"))
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "case", "field_name": "primary_person", "term": SECRET},
    )
    assert changelist.status_code == 200
    for response in (changelist, searched, cases, stays):
        assert f"{SECRET} Вера" not in _body(response)
    assert list(searched.context["cl"].result_list) == list(cases.context["cl"].result_list) == []
    assert json.loads(autocomplete.content)["results"] == []
    change = client.get(reverse("admin:cases_person_change", args=[restricted.person_id]), follow=True)
    assert SECRET not in _body(change)


def test_report_counts_her_and_lists_her_as_restricted(client, manager, restricted):
    client.force_login(manager)
    url = reverse("reports:drilldown", args=["people_served", "people_served"]) + "?year=2026"
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET not in _body(response)
    rows = response.context["rows"]
    assert response.context["value"] == len(rows) == 1
    assert rows[0][0] == "Restricted record"
    hosted = client.get(reverse("reports:drilldown", args=["people_hosted", "people_hosted"]) + "?year=2026")
    assert hosted.status_code == 200
    assert hosted.context["value"] == 1
    assert SECRET not in _body(hosted)
    assert hosted.context["rows"][0][0] == "Restricted record"


def test_sponsorship_officer_does_not_see_a_restricted_child(client, sponsorship_officer):
    child = SponsoredChildFactory(person=PersonFactory(family_name=SECRET, given_name="Алина"))
    contribution = ContributionFactory(sponsorship=SponsorshipFactory(child=child))
    letter = CorrespondenceFactory(sponsorship=contribution.sponsorship)
    named = UserFactory(username="distance_coordinator", role="coordinator", units=["distance"])
    services.person_restrict(person=child.person, by=named, reason="Court order")
    sponsor = contribution.sponsorship.sponsor
    client.force_login(sponsorship_officer)
    pages = [
        client.get(reverse("sponsorship:child_list")),
        client.get(reverse("sponsorship:sponsor_detail", args=[sponsor.pk])),
        client.get(reverse("sponsorship:sponsor_statement", args=[sponsor.pk]), {"year": 2025}),
        client.get(reverse("sponsorship:tracker"), {"state": "overdue"}),
    ]
    csv = b"".join(client.get(reverse("sponsorship:sponsor_statement_csv", args=[sponsor.pk]), {"year": 2025}))
    assert all(page.status_code == 200 for page in pages)
    assert not any(SECRET in _body(page) for page in pages)
    assert SECRET not in csv.decode()
    assert client.get(reverse("sponsorship:child_detail", args=[child.pk])).status_code == 404
    assert client.get(reverse("sponsorship:correspondence_detail", args=[letter.pk])).status_code == 404


def test_sponsorship_figures_still_count_a_restricted_child(sponsorship_officer):
    from sponsorship.reports import children_sponsored, contributions_received

    child = SponsoredChildFactory(person=PersonFactory(family_name=SECRET, given_name="Алина"))
    ContributionFactory(sponsorship=SponsorshipFactory(child=child))
    named = UserFactory(username="distance_coordinator", role="coordinator", units=["distance"])
    services.person_restrict(person=child.person, by=named, reason="Court order")
    year = (date(2025, 1, 1), date(2026, 1, 1))
    assert children_sponsored(*year, user=sponsorship_officer).value == 1
    assert contributions_received(*year, user=sponsorship_officer).value == Decimal("312.00")


def test_case_with_a_restricted_child_shows_without_her(client, golubka_worker, family_with_hidden_child, namesakes):
    client.force_login(golubka_worker)
    response = client.get(reverse("cases:case_detail", args=[family_with_hidden_child.pk]))
    body = _body(response)
    assert response.status_code == 200
    assert "Открытова" in body
    assert CHILD_SECRET not in body  # neither the member row nor the "family member added" line
    assert "2 restricted records" in body
    searched = client.get(reverse("cases:case_list"), {"q": CHILD_SECRET})
    assert list(searched.context["page_obj"]) == []


# --- what a named worker notices ----------------------------------------------------------------


def test_named_worker_sees_her_everywhere(client, named_worker, restricted, namesakes):
    client.force_login(named_worker)
    assert SECRET in _body(client.get(reverse("cases:case_list"), {"q": SECRET}))
    found = json.loads(client.get(reverse("cases:person_autocomplete"), {"q": SECRET}).content)["results"]
    assert [r["id"] for r in found] == [restricted.person_id]
    board = client.get(reverse("shelters:board"), {"house": "golubka", "on": BOARD_DAY.isoformat()})
    assert SECRET in _body(board)
    assert SECRET in _body(client.get(reverse("cases:case_detail", args=[restricted.case_id])))
    page = client.get(reverse("cases:person_detail", args=[restricted.person_id]))
    assert page.status_code == 200
    assert "Hiding from her former partner" in _body(page)


def test_each_read_by_named_staff_is_logged_without_her_name(client, named_worker, restricted, caplog):
    client.force_login(named_worker)
    with caplog.at_level(logging.INFO, logger="maksora.security"):
        client.get(reverse("cases:person_detail", args=[restricted.person_id]))
        client.get(reverse("cases:case_detail", args=[restricted.case_id]))
    lines = [r.getMessage() for r in caplog.records if r.name == "maksora.security"]
    assert len(lines) == 2
    assert all(f"person={restricted.person_id}" in line and f"user={named_worker.pk}" in line for line in lines)
    assert not any(SECRET in line for line in lines)


# --- setting, changing and lifting -------------------------------------------------------------


def test_coordinator_restricts_from_the_person_page(client, coordinator, named_worker, hidden_woman):
    client.force_login(coordinator)
    page = client.get(reverse("cases:person_detail", args=[hidden_woman.person_id]))
    assert "Restrict this record" in _body(page)
    form = client.get(reverse("cases:person_restriction", args=[hidden_woman.person_id]))
    assert "named_worker" in _body(form) or named_worker.last_name in _body(form)
    response = client.post(
        reverse("cases:person_restriction", args=[hidden_woman.person_id]),
        {"reason": "Hiding", "named": [named_worker.pk]},
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get(person=hidden_woman.person)
    assert set(restriction.grants.values_list("user_id", flat=True)) == {coordinator.pk, named_worker.pk}
    assert "Lift the restriction" in _body(client.get(reverse("cases:person_detail", args=[hidden_woman.person_id])))


def test_restricting_needs_a_reason(client, coordinator, hidden_woman):
    client.force_login(coordinator)
    response = client.post(reverse("cases:person_restriction", args=[hidden_woman.person_id]), {"reason": " "})
    assert response.status_code == 400
    assert not Restriction.objects.exists()


def test_social_worker_may_not_restrict(client, golubka_worker, hidden_woman):
    client.force_login(golubka_worker)
    url = reverse("cases:person_restriction", args=[hidden_woman.person_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x", "named": [golubka_worker.pk]}).status_code == 403
    assert "Restrict this record" not in _body(
        client.get(reverse("cases:person_detail", args=[hidden_woman.person_id]))
    )
    assert not Restriction.objects.exists()


def test_coordinator_of_another_unit_gets_404(client, margarita_coordinator, hidden_woman):
    client.force_login(margarita_coordinator)
    assert client.get(reverse("cases:person_restriction", args=[hidden_woman.person_id])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.person_restrict(person=hidden_woman.person, by=margarita_coordinator, reason="x")


def test_unnamed_coordinator_cannot_change_or_lift(client, other_coordinator, restricted):
    client.force_login(other_coordinator)
    assert client.get(reverse("cases:person_restriction", args=[restricted.person_id])).status_code == 404
    assert (
        client.post(
            reverse("cases:person_restriction_lift", args=[restricted.person_id]), {"confirm": "on"}
        ).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services.person_unrestrict(person=restricted.person, by=other_coordinator)
    assert Restriction.objects.filter(person=restricted.person).exists()


def test_only_staff_of_her_units_can_be_named(coordinator, margarita_worker, hidden_woman):
    with pytest.raises(ValidationError):
        services.person_restrict(person=hidden_woman.person, by=coordinator, reason="x", named=[margarita_worker])
    assert not Restriction.objects.exists()


def test_named_staff_keep_a_coordinator(coordinator, named_worker, restricted):
    with pytest.raises(ValidationError):
        services.person_restriction_change(person=restricted.person, by=coordinator, named=[named_worker])


def test_coordinator_changes_named_staff_and_lifts(client, coordinator, named_worker, golubka_worker, restricted):
    client.force_login(coordinator)
    url = reverse("cases:person_restriction", args=[restricted.person_id])
    response = client.post(
        url, {"reason": "Hiding from her former partner", "named": [coordinator.pk, golubka_worker.pk]}
    )
    assert response.status_code == 302
    grants = set(RestrictionGrant.objects.values_list("user_id", flat=True))
    assert grants == {coordinator.pk, golubka_worker.pk}
    assert (
        client.post(
            reverse("cases:person_restriction_lift", args=[restricted.person_id]), {"confirm": "on"}
        ).status_code
        == 302
    )
    assert not Restriction.objects.exists() and not RestrictionGrant.objects.exists()
    client.force_login(named_worker)
    assert client.get(reverse("cases:person_detail", args=[restricted.person_id])).status_code == 200


def test_flag_and_named_staff_have_history(coordinator, named_worker, golubka_worker, restricted):
    person = restricted.person
    services.person_restriction_change(person=person, by=coordinator, named=[coordinator, golubka_worker])
    services.person_unrestrict(person=person, by=coordinator)
    restriction_events = apps.get_model("cases", "RestrictionEvent").objects.filter(person_id=person.pk)
    grant_events = apps.get_model("cases", "RestrictionGrantEvent").objects.all()
    assert sorted(restriction_events.values_list("pgh_label", flat=True)) == ["delete", "insert"]
    granted = {(e.pgh_label, e.user_id) for e in grant_events}
    assert ("insert", named_worker.pk) in granted
    assert ("delete", named_worker.pk) in granted
    assert ("insert", golubka_worker.pk) in granted
    assert ("delete", coordinator.pk) in granted


def test_unnamed_staff_see_no_goal_progress_or_file_about_her(
    client, other_coordinator, coordinator, restricted, family_with_hidden_child
):
    from cases.models import Attachment, Goal, GoalUpdate

    goal = Goal.objects.create(case=restricted.case, domain="housing", text="Найти жильё вдали от мужа")
    GoalUpdate.objects.create(goal=goal, text="Подала заявление", status="open", author=coordinator)
    child = Person.objects.filter(family_name=CHILD_SECRET).first()
    Attachment.objects.create(
        person=child,
        case=family_with_hidden_child,  # the mother's case, which stays visible
        file="attachments/x",
        original_name="свидетельство-тайновой.pdf",
        content_type="application/pdf",
        size=1,
        kind="identity",
        uploaded_by=coordinator,
    )
    client.force_login(other_coordinator)
    progress = client.get(reverse("admin:cases_goalupdate_changelist"))
    files = client.get(reverse("admin:cases_attachment_changelist"))
    case_page = client.get(reverse("cases:case_detail", args=[family_with_hidden_child.pk]))
    assert progress.status_code == files.status_code == case_page.status_code == 200
    assert list(progress.context["cl"].result_list) == list(files.context["cl"].result_list) == []
    assert "тайновой" not in _body(files) + _body(case_page)


def test_taken_bed_message_does_not_name_her(golubka_worker, restricted):
    from shelters.services import family_admit

    other = CaseFactory(unit=unit("golubka"), primary_person=PersonFactory(family_name="Новикова"))
    with pytest.raises(ValidationError) as refused:
        family_admit(
            case=other,
            house=house("golubka"),
            placements=[(other.primary_person, restricted.bed)],
            start=BOARD_DAY,
            by=golubka_worker,
        )
    message = " ".join(refused.value.messages)
    assert "is taken by Restricted record" in message
    assert SECRET not in message
