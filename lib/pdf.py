"""PDF documents in any of the platform's languages (fpdf2).

Noto Sans covers the Latin, Cyrillic and Vietnamese scripts; Noto Naskh Arabic is its fallback
for Arabic and Persian, and HarfBuzz (uharfbuzz) shapes and orders right-to-left text. The fonts
are Debian's fonts-noto-core (``make install``), found in ``settings.PDF_FONT_DIR``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language_bidi

FONTS = {
    ("Noto", ""): "NotoSans-Regular.ttf",
    ("Noto", "B"): "NotoSans-Bold.ttf",
    ("NotoArabic", ""): "NotoNaskhArabic-Regular.ttf",
    ("NotoArabic", "B"): "NotoNaskhArabic-Bold.ttf",
}


class FontsMissing(RuntimeError):
    """A font the PDF needs is not installed; ``make install`` installs Debian's fonts-noto-core."""


def document(title: str) -> Any:
    """An A4 document with its first page, the fonts registered and text shaping on."""
    from fpdf import FPDF

    paths = {key: settings.PDF_FONT_DIR / name for key, name in FONTS.items()}
    missing = [str(path) for path in paths.values() if not path.exists()]
    if missing:
        raise FontsMissing(", ".join(missing))
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Integra")
    for (family, style), path in paths.items():
        pdf.add_font(family, style, str(path))
    pdf.set_fallback_fonts(["NotoArabic"])
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def writer(pdf: Any) -> Any:
    """``line(text, size, style, height)``: a paragraph aligned to the reading direction."""
    from fpdf.enums import XPos, YPos

    width = pdf.w - pdf.l_margin - pdf.r_margin
    align = "R" if get_language_bidi() else "L"

    def line(text: str, size: float = 10, style: str = "", height: float = 5.5) -> None:
        pdf.set_font("Noto", style, size)
        pdf.multi_cell(width, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)

    return line
