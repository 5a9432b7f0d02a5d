"""The printed yearly report: the print view's template as a PDF with its bars, period and page numbers."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from maksora.charts import bar_chart
from maksora.pdf import render_pdf
from reports import exports
from reports.exports import document_sections, pdf_bytes
from reports.report import compute_report
from tests.cases.factories import CaseFactory, NoteFactory, unit
from tests.pdf_text import overlapping_words, pdf_page_count, pdf_text


@pytest.fixture
def year_2025(db):
    cases = [CaseFactory(unit=unit(code), opened_on=date(2025, 2, 1)) for code in ("golubka", "margarita", "local")]
    for case in cases:
        NoteFactory(case=case, date=date(2025, 3, 1))
    return cases


def test_the_pdf_has_the_figures_of_the_page_in_russian_with_period_and_page_numbers(manager, year_2025):
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    with translation.override("ru"):
        content = pdf_bytes(report, title="Годовой отчёт")
        labels = [row.label_display for _section, row in report.rows() if row.level == 0]
        values = [(row.label_display, row.value_display) for _section, row in report.rows()]
    text = pdf_text(content)
    flat = " ".join(text.split())
    pages = pdf_page_count(content)
    assert 1 <= pages <= 12
    assert text.count("Годовой отчёт · 01.01.2025 – 31.12.2025") == pages or text.count("01.01.2025") >= pages
    assert text.count("Сформировано") == pages or text.count("Generated at") == pages
    assert f"{pages}/{pages}" in text.replace(" ", "")
    words = set(flat.split())
    for label in labels:
        assert set(label.split()) <= words, label
    served = next(value for label, value in values if label == labels[0])
    assert served in flat
    assert overlapping_words(content) == []


def test_long_labels_wrap_in_their_own_column_and_never_run_under_a_bar():
    long_label = "Очень длинная подпись категории, которая не помещается в одну строку колонки подписей " * 2
    rows = bar_chart([(long_label, 120, "120"), ("Коротко", 3, "3"), ("Нет данных", None, "—")])
    assert rows[0]["bar"].count('width="100.00"') == 1
    assert 'width="2.50"' in rows[1]["bar"]
    assert 'width="0.00"' in rows[2]["bar"]
    sections = [
        {
            "title": "Проверка",
            "groups": [
                {
                    "row": type("R", (), {"label_display": "Всего", "value_display": "123"})(),
                    "children": [{**row, "level": 1, "countable": True} for row in rows],
                }
            ],
        }
    ]
    content = render_pdf("documents/yearly_report.html", {"title": "Отчёт", "period": "2025", "sections": sections})
    assert overlapping_words(content) == []
    assert "помещается" in pdf_text(content)


def test_sections_keep_the_reports_figures(manager, year_2025):
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    printed = [
        (group["row"].key, group["row"].value) for section in document_sections(report) for group in section["groups"]
    ]
    assert printed == [(row.key, row.value) for _section, row in report.rows() if row.level == 0]


def test_print_view_shows_the_same_page_with_its_buttons(client, manager, year_2025):
    client.force_login(manager)
    response = client.get(reverse("reports:print"), {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="print-button"' in page and 'id="download-pdf"' in page and "svg" in page
    assert client.get(reverse("reports:print"), {"year": "nonsense"}).status_code == 404


@pytest.mark.parametrize("actor", ["golubka_worker", "sponsorship_officer"])
def test_print_view_is_404_for_those_without_reports(client, request, actor, year_2025):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("reports:print"), {"year": 2025}).status_code == 404


def test_the_pdf_beside_a_year_earlier_has_its_columns_and_the_definitions_without_overlaps(manager, year_2025):
    from reports.comparison import with_previous

    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    report = with_previous(report, compute_report(date(2024, 1, 1), date(2025, 1, 1), manager))
    with translation.override("ru"):
        content = pdf_bytes(report, title="Годовой отчёт")
    flat = " ".join(pdf_text(content).split())
    assert "2024" in flat and "+3" in flat
    assert "Определения" in flat or "Definitions" in flat
    assert "each counted once" in flat or "считается один раз" in flat
    assert overlapping_words(content) == []


def test_the_same_figures_print_once_and_new_figures_print_anew(manager, year_2025, monkeypatch):
    laid_out = []

    def counted(*args, **kwargs):
        laid_out.append(args[0])
        return render_pdf(*args, **kwargs)

    monkeypatch.setattr(exports, "render_pdf", counted)
    report = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    with translation.override("ru"):
        first = pdf_bytes(report, title="Годовой отчёт")
        assert pdf_bytes(report, title="Годовой отчёт") == first
    assert len(laid_out) == 1  # kept, not laid out again
    with translation.override("it"):
        assert "Rapporto" in pdf_text(pdf_bytes(report, title="Rapporto annuale"))
    CaseFactory(unit=unit("golubka"), opened_on=date(2025, 6, 1))
    changed = compute_report(date(2025, 1, 1), date(2026, 1, 1), manager)
    with translation.override("ru"):
        pdf_bytes(changed, title="Годовой отчёт")
    assert len(laid_out) == 3  # another language, other figures: laid out anew
