from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sponsorship.forms import ContributionForm
from sponsorship.models import Contribution
from sponsorship.services import contribution_record
from tests.sponsorship.factories import ContributionFactory


def record(sponsorship, by, **overrides):
    fields = {
        "period_year": 2025,
        "amount": Decimal("312.00"),
        "received_on": date(2025, 3, 14),
        "reference": "BONIF-001",
        **overrides,
    }
    return contribution_record(sponsorship=sponsorship, by=by, **fields)


def test_a_contribution_is_recorded_in_decimal_euros(sponsorship_officer, sponsorship):
    contribution = record(sponsorship, sponsorship_officer, amount=Decimal("1234.50"))
    contribution.refresh_from_db()
    assert contribution.amount == Decimal("1234.50")


def test_floats_are_refused(sponsorship_officer, sponsorship):
    with pytest.raises(TypeError):
        record(sponsorship, sponsorship_officer, amount=312.1)


def test_a_reference_is_recorded_once(sponsorship_officer, sponsorship):
    ContributionFactory(sponsorship=sponsorship, reference="BONIF-001")
    with pytest.raises(ValidationError) as error:
        record(sponsorship, sponsorship_officer, reference="bonif-001")
    assert "reference" in error.value.message_dict


def test_zero_and_future_dates_are_refused(sponsorship_officer, sponsorship):
    with pytest.raises(ValidationError) as error:
        record(sponsorship, sponsorship_officer, amount=Decimal("0"), received_on=date(2999, 1, 1))
    assert set(error.value.message_dict) == {"amount", "received_on"}


def test_managers_cannot_record(manager, sponsorship):
    with pytest.raises(PermissionDenied):
        record(sponsorship, manager)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 234,50", "1234.50"), ("1\u00a0234,50", "1234.50"), ("312", "312.00"), ("1.234,5", "1234.50")],
)
def test_the_form_reads_comma_decimals_and_grouped_thousands(typed, amount):
    form = ContributionForm({"period_year": 2025, "amount": typed, "received_on": "14.03.2025", "reference": "X"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(amount)
    assert isinstance(form.cleaned_data["amount"], Decimal)


@pytest.mark.parametrize("typed", ["12,345", "abc", "-5", "1,2,3", "0"])
def test_the_form_refuses_what_is_not_an_amount(typed):
    form = ContributionForm({"period_year": 2025, "amount": typed, "received_on": "2025-03-14", "reference": "X"})
    assert not form.is_valid()
    assert "amount" in form.errors


def test_contribution_page_records_a_comma_amount(as_user, sponsorship_officer, sponsorship):
    url = reverse("sponsorship:contribution_add", args=[sponsorship.pk])
    data = {"period_year": 2025, "amount": "1 234,50", "received_on": "14.03.2025", "reference": "BONIF-7"}
    response = as_user(sponsorship_officer).post(url, data)
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("1234.50")


def test_contribution_page_shows_a_duplicate_reference_and_keeps_the_amount(as_user, sponsorship_officer, sponsorship):
    ContributionFactory(sponsorship=sponsorship, reference="BONIF-7")
    url = reverse("sponsorship:contribution_add", args=[sponsorship.pk])
    data = {"period_year": 2025, "amount": "99,90", "received_on": "14.03.2025", "reference": "BONIF-7"}
    response = as_user(sponsorship_officer).post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "already recorded" in content and 'value="99,90"' in content


def test_contribution_page_is_403_for_managers_and_404_for_others(
    client, manager, distance_worker, outsider, sponsorship
):
    url = reverse("sponsorship:contribution_add", args=[sponsorship.pk])
    data = {"period_year": 2025, "amount": "10", "received_on": "14.03.2025", "reference": "R"}
    client.force_login(manager)
    assert client.post(url, data).status_code == 403
    client.force_login(distance_worker)
    assert client.post(url, data).status_code == 404
    client.force_login(outsider)
    assert client.post(url, data).status_code == 403
    assert not Contribution.objects.exists()
