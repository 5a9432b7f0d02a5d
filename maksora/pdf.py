"""Printable documents: one HTML template serves the browser's print view and the PDF.

WeasyPrint renders the same template the print view shows. It never reaches the network:
stylesheets come from the static files, pictures are passed in as data: URIs by the caller
(a private photo must never need a URL), and every other address is refused.
"""

import base64
import mimetypes
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The documents' own address: only its /static/ part resolves, from the static files.
DOCUMENT_BASE_URL = "https://maksora.invalid/"
PDF_CONTENT_TYPE = "application/pdf"


class StaticOnlyFetcher(URLFetcher):
    """Resolves the document's static files and data: URIs; refuses anything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != DOCUMENT_BASE_URL or not parts.path.startswith("/static/"):
            raise ValueError(f"Documents load no outside resources: {url}")
        path = finders.find(parts.path.removeprefix("/static/"))
        if not path:
            raise ValueError(f"No such static file: {parts.path}")
        with open(path, "rb") as stream:
            body = stream.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def data_uri(content: bytes, content_type: str) -> str:
    """A picture embedded in the document itself (private files have no public address)."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def document_context(context: dict) -> dict:
    # Every page of every document carries the time it was generated.
    return {"generated_at": timezone.localtime(), "for_pdf": True, **context}


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    html = render_to_string(template_name, document_context(context), request=request)
    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def pdf_response(template_name: str, context: dict, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context, request), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def print_view(request, template_name: str, context: dict, *, status: int = 200) -> HttpResponse:
    """The browser's print view: the document's own template, with its Print and Download PDF buttons."""
    return render(request, template_name, {**document_context(context), "for_pdf": False}, status=status)


def document_response(request, template_name: str, context: dict, *, filename: str, as_pdf: bool) -> HttpResponse:
    """One view serves both: the print view, or (`as_pdf`) the same page as a PDF download."""
    if as_pdf:
        return pdf_response(template_name, context, filename, request)
    return print_view(request, template_name, context)
