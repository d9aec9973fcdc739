"""The CME certificate as a one-page PDF (R9), drawn with ReportLab.

Pure drawing: it takes plain values and returns bytes, reads no database and
writes no audit row (services.certificate_download does both). Names in any
script the font covers are embedded as Unicode: DejaVu Sans where the system
has it (Debian's fonts-dejavu), else Bitstream Vera, which ships with ReportLab.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

BRAND = HexColor("#1f4e79")
INK = HexColor("#1d2330")
SOFT = HexColor("#4a5263")

_FONT_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
        Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
    ),
]


@dataclass(frozen=True)
class CertificateData:
    person_name: str
    module_title: str
    credit_hours: Decimal
    completed_on: date
    verification_id: str
    issuer: str = "MentorQuilt"


@cache
def _fonts() -> tuple[str, str]:
    """Register an embeddable Unicode font pair once; (regular, bold) names."""
    for regular, bold in _FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("CertSans", str(regular)))
            pdfmetrics.registerFont(TTFont("CertSans-Bold", str(bold)))
            return "CertSans", "CertSans-Bold"
    return "Helvetica", "Helvetica-Bold"  # pragma: no cover - ReportLab always ships Vera


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits in `width`."""
    while size > 10 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and canvas.stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def format_hours(hours: Decimal) -> str:
    """1.00 -> "1", 1.50 -> "1.5", 0.25 -> "0.25", 10.00 -> "10"."""
    return f"{hours.normalize():f}"


def render_certificate(data: CertificateData) -> bytes:
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = landscape(letter)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(f"Certificate of completion: {data.module_title}")
    canvas.setAuthor(data.issuer)
    canvas.setSubject(f"Verification id {data.verification_id}")
    canvas.setCreator(data.issuer)

    # Frame
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(6)
    canvas.rect(0.4 * inch, 0.4 * inch, width - 0.8 * inch, height - 0.8 * inch)
    canvas.setLineWidth(1)
    canvas.rect(0.55 * inch, 0.55 * inch, width - 1.1 * inch, height - 1.1 * inch)

    centre = width / 2
    text_width = width - 2.2 * inch
    y = height - 1.55 * inch
    canvas.setFillColor(BRAND)
    canvas.setFont(bold, 14)
    canvas.drawCentredString(centre, y, data.issuer.upper())
    y -= 0.6 * inch
    canvas.setFillColor(INK)
    canvas.setFont(bold, 30)
    canvas.drawCentredString(centre, y, "Certificate of Completion")

    y -= 0.8 * inch
    canvas.setFont(regular, 14)
    canvas.setFillColor(SOFT)
    canvas.drawCentredString(centre, y, "This certifies that")
    y -= 0.6 * inch
    size = _fit(canvas, data.person_name, bold, 28, text_width)
    canvas.setFont(bold, size)
    canvas.setFillColor(INK)
    canvas.drawCentredString(centre, y, data.person_name)

    y -= 0.6 * inch
    canvas.setFont(regular, 14)
    canvas.setFillColor(SOFT)
    canvas.drawCentredString(centre, y, "completed the training module")
    y -= 0.5 * inch
    canvas.setFillColor(INK)
    for line in _wrap(canvas, data.module_title, bold, 20, text_width)[:2]:
        canvas.setFont(bold, 20)
        canvas.drawCentredString(centre, y, line)
        y -= 0.34 * inch

    y -= 0.2 * inch
    canvas.setFont(regular, 14)
    hours = format_hours(data.credit_hours)
    unit = "hour" if data.credit_hours == 1 else "hours"
    completed = f"{data.completed_on:%B} {data.completed_on.day}, {data.completed_on.year}"
    canvas.drawCentredString(centre, y, f"on {completed}, for {hours} credit {unit}.")

    # Verification and the honest small print
    y = 1.35 * inch
    canvas.setFont(bold, 10)
    canvas.drawString(0.9 * inch, y, f"Verification id: {data.verification_id}")
    canvas.setFont(regular, 9)
    canvas.setFillColor(SOFT)
    note = (
        "Credit hours are those your program designated for this module when you completed it. "
        "Whether they count as AMA PRA Category 1 Credit or another accredited credit is decided "
        "by your program's accredited provider; quote the verification id when you submit it."
    )
    y -= 0.22 * inch
    for line in _wrap(canvas, note, regular, 9, width - 1.8 * inch):
        canvas.drawString(0.9 * inch, y, line)
        y -= 0.17 * inch

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
