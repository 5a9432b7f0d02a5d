"""The paper intake form for the night: blank, with the unit, the worker and the case's choices."""

import pytest
from django.urls import reverse

from tests.pdf_text import overlapping_words, pdf_page_count, pdf_text


def test_print_view_and_pdf_of_the_golubka_form(ru_client, golubka_worker):
    ru_client.force_login(golubka_worker)
    page = ru_client.get(reverse("documents:intake_form", args=["golubka"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="intake-mother"' in html and 'id="intake-consent"' in html and 'id="download-pdf"' in html
    response = ru_client.get(reverse("documents:intake_form_pdf", args=["golubka"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Фамилия" in text or "фамилия" in text
    assert 1 <= pdf_page_count(response.content) <= 3
    assert overlapping_words(response.content) == []


def test_intake_page_links_to_the_paper_form_of_her_units(client, golubka_worker):
    client.force_login(golubka_worker)
    page = client.get(reverse("cases:intake")).content.decode()
    assert reverse("documents:intake_form", args=["golubka"]) in page
    assert reverse("documents:intake_form", args=["margarita"]) not in page


@pytest.mark.parametrize(
    ("actor", "unit_code"),
    [
        ("golubka_worker", "margarita"),
        ("golubka_worker", "nonsense"),
        ("manager", "golubka"),
        ("sponsorship_officer", "golubka"),
    ],
)
def test_form_of_a_unit_she_does_no_intake_in_is_404(client, request, actor, unit_code):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("documents:intake_form", args=[unit_code])).status_code == 404
