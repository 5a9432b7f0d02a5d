"""Editing a case after intake: risk level with a reason, referral, problem areas, review, worker."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Case, CaseActivity
from cases.services import case_update
from tests.cases.factories import UserFactory


def edit_url(case):
    return reverse("cases:case_edit", args=[case.pk])


def form_data(**changes):
    data = {
        "risk_level": "low",
        "risk_reason": "",
        "referral_source": "",
        "problem_areas": [],
        "next_review_on": "",
    }
    data.update(changes)
    return data


def timeline(case) -> list[str]:
    return list(CaseActivity.objects.filter(case=case, kind="updated").values_list("summary", flat=True))


def test_case_page_links_to_the_edit_page(as_user, golubka_worker, golubka_case):
    page = as_user(golubka_worker).get(reverse("cases:case_detail", args=[golubka_case.pk])).content.decode()
    assert edit_url(golubka_case) in page


def test_worker_raises_the_risk_with_a_reason_and_the_timeline_says_so(as_user, golubka_worker, golubka_case):
    client = as_user(golubka_worker)
    assert client.get(edit_url(golubka_case)).status_code == 200
    response = client.post(
        edit_url(golubka_case),
        form_data(
            risk_level="high",
            risk_reason="The former partner found the shelter address",
            referral_source="school",
            problem_areas=["family", "health"],
            next_review_on="2026-09-01",
        ),
    )
    assert response.status_code == 302 and response.url == reverse("cases:case_detail", args=[golubka_case.pk])
    case = Case.objects.get(pk=golubka_case.pk)
    assert (case.risk_level, case.referral_source, case.next_review_on) == ("high", "school", date(2026, 9, 1))
    assert sorted(case.problem_areas) == ["family", "health"]
    assert case.version == golubka_case.version + 1
    lines = timeline(case)
    assert "Risk level: Low → High (reason: The former partner found the shelter address)" in lines
    assert "Referral source: — → School" in lines
    assert "Problem areas: — → Family, Health" in lines
    assert any(line.startswith("Next review: — → ") and "2026" in line for line in lines)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "The former partner found the shelter address" in page


def test_a_new_risk_level_without_a_reason_is_refused_and_the_typed_values_stay(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(
        edit_url(golubka_case),
        form_data(
            risk_level="medium", referral_source="hospital", problem_areas=["poverty"], next_review_on="01.10.2026"
        ),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Say why the risk level changes" in content
    assert '<option value="medium" selected>' in content
    assert '<option value="hospital" selected>' in content
    assert 'value="poverty"' in content and "checked" in content
    assert 'value="2026-10-01"' in content
    case = Case.objects.get(pk=golubka_case.pk)
    assert (case.risk_level, case.referral_source, case.version) == ("low", "", golubka_case.version)
    assert timeline(case) == []


def test_a_review_before_the_opening_is_refused(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(edit_url(golubka_case), form_data(next_review_on="2020-01-01"))
    assert response.status_code == 400
    assert "The review cannot be before the case was opened." in response.content.decode()


def test_saving_without_changes_writes_nothing(as_user, golubka_worker, golubka_case):
    response = as_user(golubka_worker).post(edit_url(golubka_case), form_data())
    assert response.status_code == 302
    case = Case.objects.get(pk=golubka_case.pk)
    assert case.version == golubka_case.version
    assert not CaseActivity.objects.filter(case=case).exists()


def test_workers_do_not_see_the_worker_field_and_cannot_reassign_through_the_service(
    as_user, golubka_worker, golubka_case
):
    other = UserFactory(username="second_golubka", role="social_worker", units=["golubka"])
    page = as_user(golubka_worker).get(edit_url(golubka_case)).content.decode()
    assert 'name="assigned_to"' not in page
    # A field sneaked into the POST is ignored by the form…
    as_user(golubka_worker).post(edit_url(golubka_case), form_data(assigned_to=other.pk))
    assert Case.objects.get(pk=golubka_case.pk).assigned_to == golubka_worker
    # …and refused by the service.
    with pytest.raises(PermissionDenied):
        case_update(
            case=golubka_case, by=golubka_worker, risk_level="low", referral_source="", problem_areas=[],
            next_review_on=None, assigned_to=other,
        )  # fmt: skip


def test_coordinator_also_changes_the_assigned_worker(as_user, coordinator, golubka_worker, golubka_case):
    other = UserFactory(username="second_golubka", role="social_worker", units=["golubka"])
    client = as_user(coordinator)
    page = client.get(edit_url(golubka_case)).content.decode()
    assert 'name="assigned_to"' in page and "margarita_worker" not in page
    response = client.post(edit_url(golubka_case), form_data(assigned_to=other.pk))
    assert response.status_code == 302
    case = Case.objects.get(pk=golubka_case.pk)
    assert case.assigned_to == other
    assert CaseActivity.objects.filter(case=case, kind="reassigned", actor=coordinator).count() == 1


def test_coordinator_keeping_the_same_worker_reassigns_nothing(as_user, coordinator, golubka_worker, golubka_case):
    as_user(coordinator).post(edit_url(golubka_case), form_data(assigned_to=golubka_worker.pk))
    assert not CaseActivity.objects.filter(case=golubka_case, kind="reassigned").exists()
    assert Case.objects.get(pk=golubka_case.pk).version == golubka_case.version


def test_manager_gets_403(as_user, manager, golubka_case):
    client = as_user(manager)
    assert client.get(edit_url(golubka_case)).status_code == 403
    assert client.post(edit_url(golubka_case), form_data(risk_level="high", risk_reason="x")).status_code == 403
    assert Case.objects.get(pk=golubka_case.pk).risk_level == "low"


def test_worker_of_another_unit_gets_404(as_user, margarita_worker, golubka_case):
    client = as_user(margarita_worker)
    assert client.get(edit_url(golubka_case)).status_code == 404
    assert client.post(edit_url(golubka_case), form_data(risk_level="high", risk_reason="x")).status_code == 404


def test_service_refuses_unknown_values_with_messages(golubka_worker, golubka_case):
    with pytest.raises(ValidationError) as error:
        case_update(
            case=golubka_case, by=golubka_worker, risk_level="extreme", referral_source="radio",
            problem_areas=["weather"], next_review_on=None,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"risk_level", "referral_source", "problem_areas"}


def test_timeline_line_is_written_in_the_worker_s_language(ru_client, golubka_worker, golubka_case):
    ru_client.force_login(golubka_worker)
    ru_client.post(edit_url(golubka_case), form_data(risk_level="high", risk_reason="угрозы по телефону"))
    (line,) = timeline(golubka_case)
    assert "Низкий → Высокий" in line and "угрозы по телефону" in line
