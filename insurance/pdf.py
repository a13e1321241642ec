"""Rendering HTML to PDF with WeasyPrint, the same way for every document the portal issues.

One ``FontConfiguration`` and the parsed shared stylesheet are built once per process and reused: parsing
CSS and loading fonts is most of the cost of a small PDF.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STATIC_DIR = Path(settings.BASE_DIR) / "static"


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=8)
def stylesheet(name: str = "css/pdf.css") -> CSS:
    path = STATIC_DIR / name
    return CSS(filename=str(path), font_config=font_configuration())


def render_pdf(html: str, *, extra_stylesheets: tuple[str, ...] = ()) -> bytes:
    """PDF bytes for a complete HTML document. Relative URLs resolve against static/."""
    sheets = [stylesheet(), *(stylesheet(name) for name in extra_stylesheets)]
    return HTML(string=html, base_url=str(STATIC_DIR) + "/").write_pdf(
        stylesheets=sheets, font_config=font_configuration()
    )
