"""The document renderer: Cyrillic and Italian in the text layer, page numbers, no outside fetches."""

import pytest
from django.template import engines
from weasyprint import HTML

from maksora import pdf
from tests.pdf_text import overlapping_words, pdf_page_count, pdf_text

DOCUMENT = """{% extends "documents/base_print.html" %}
{% block running_header %}Отчёт 2025{% endblock %}
{% block content %}<h1>Согласие на обработку персональных данных</h1><p>Consenso al trattamento dei dati</p>
{% for n in rows %}<p>Строка {{ n }}</p>{% endfor %}{% if image %}<img src="{{ image }}">{% endif %}{% endblock %}"""


def render(context):
    template = engines["django"].from_string(DOCUMENT)
    html = template.render(pdf.document_context(context))
    return HTML(string=html, base_url=pdf.DOCUMENT_BASE_URL, url_fetcher=pdf.StaticOnlyFetcher()).write_pdf()


def test_text_layer_carries_cyrillic_italian_header_and_page_numbers():
    content = render({"rows": range(120)})
    text = pdf_text(content)
    pages = pdf_page_count(content)
    assert pages > 1
    assert "Согласие на обработку персональных данных" in text
    assert "Consenso al trattamento dei dati" in text
    assert text.count("Отчёт 2025") == pages
    assert f"{pages}/{pages}" in text.replace(" ", "")
    assert overlapping_words(content) == []


@pytest.mark.parametrize("url", ["https://example.com/x.png", "file:///etc/passwd", "https://maksora.invalid/media/a"])
def test_outside_resources_are_refused(url):
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch(url)


def test_static_stylesheet_and_data_uri_load():
    response = pdf.StaticOnlyFetcher().fetch(pdf.DOCUMENT_BASE_URL + "static/css/print.css")
    assert response is not None
    image = pdf.data_uri(
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        "image/gif",
    )
    assert pdf_page_count(render({"rows": [], "image": image})) == 1
