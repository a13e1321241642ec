"""Rendering HTML to PDF with WeasyPrint, the same way for every document the portal issues.

One ``FontConfiguration`` and the parsed stylesheets are built once per process and reused: parsing CSS and
loading fonts is most of the cost of a small PDF. The user-agent stylesheet is the portal's own short one
(``static/css/pdf-ua.css``): WeasyPrint matches every element against every user-agent rule, and its full
HTML5 sheet (right-to-left text, forms, footnotes) costs a 120-row statement about a fifth of its time.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STATIC_DIR = Path(settings.BASE_DIR) / "static"
USER_AGENT_STYLESHEET = "css/pdf-ua.css"


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=8)
def stylesheet(name: str = "css/pdf.css") -> CSS:
    path = STATIC_DIR / name
    return CSS(filename=str(path), font_config=font_configuration())


class _PortalHTML(HTML):
    """An HTML document cascaded with the portal's user-agent stylesheet instead of WeasyPrint's."""

    def _ua_stylesheets(self, forms=False):
        return [stylesheet(USER_AGENT_STYLESHEET)]


def render_pdf(html: str, *, extra_stylesheets: tuple[str, ...] = ()) -> bytes:
    """PDF bytes for a complete HTML document. Relative URLs resolve against static/."""
    sheets = [stylesheet(), *(stylesheet(name) for name in extra_stylesheets)]
    return _PortalHTML(string=html, base_url=str(STATIC_DIR) + "/").write_pdf(
        stylesheets=sheets, font_config=font_configuration()
    )
