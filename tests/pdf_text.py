"""Reading a generated PDF back as a reader would: its text layer, pages and word boxes (poppler)."""

import re
import subprocess
from dataclasses import dataclass


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def pdf_page_count(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@dataclass(frozen=True)
class WordBox:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    def overlaps(self, other: "WordBox", tolerance: float = 0.5) -> bool:
        return (
            self.page == other.page
            and self.x_min < other.x_max - tolerance
            and other.x_min < self.x_max - tolerance
            and self.y_min < other.y_max - tolerance
            and other.y_min < self.y_max - tolerance
        )


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_word_boxes(content: bytes) -> list[WordBox]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    boxes = []
    for page_number, page in enumerate(html.split("<page ")[1:], start=1):
        for x_min, y_min, x_max, y_max, text in WORD.findall(page):
            boxes.append(WordBox(page_number, text, float(x_min), float(y_min), float(x_max), float(y_max)))
    return boxes


def overlapping_words(content: bytes) -> list[tuple[WordBox, WordBox]]:
    """Pairs of words drawn over each other: a label running under a bar or another label."""
    boxes = pdf_word_boxes(content)
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
