"""The portal's PDFs are cascaded with its own short user-agent stylesheet (static/css/pdf-ua.css), which
is faster than WeasyPrint's full HTML5 sheet. It must draw every document exactly as the full sheet
does: each page is compared pixel for pixel (pdftoppm), so a document that starts to use an element the
short sheet forgot fails here instead of looking wrong to a citizen."""

import shutil
import subprocess
from datetime import date

import pytest
from weasyprint import HTML

from insurance import pdf
from insurance.statements.documents import refusal_pdf, statement_pdf
from tests.insurance.statement_helpers import WORKING_TIME, issued, make_citizen, pay, refund

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)"),
]

SAMPLE = """<!doctype html><html lang="kk"><head><title>Үлгі</title></head><body>
<h1>Бас тақырып</h1><h2>Бөлім</h2><h3>Бөлімше</h3>
<p>Мәтін <strong>қалың</strong>, <em>көлбеу</em>, <a href="https://example.kz/">сілтеме</a>, <small>кіші</small>,
<code>IIN</code><br>жаңа жол.</p>
<dl><dt>Нөмірі</dt><dd>ST-2026-000001</dd><dt>Күні</dt><dd>30.11.2026</dd></dl>
<ul><li>бірінші</li><li>екінші<ul><li>ішкі</li></ul></li></ul>
<ol><li>бір</li><li>екі</li></ol>
<table><caption>Кесте</caption><thead><tr><th>№</th><th>Сома</th></tr></thead>
<tbody><tr><td>1</td><td>4 250,00</td></tr></tbody></table>
<section><article><header>Тақырып</header><p hidden>жасырын</p><footer>Соңы</footer></article></section>
</body></html>"""


def pages_as_png(data: bytes, tmp_path, name: str) -> list[bytes]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / name)], check=True)
    return [path.read_bytes() for path in sorted(tmp_path.glob(f"{name}-*.png"))]


def assert_drawn_alike(render, tmp_path, monkeypatch):
    portal = pages_as_png(render(), tmp_path, "portal")
    monkeypatch.setattr(pdf, "_PortalHTML", HTML)  # WeasyPrint's own user-agent stylesheet
    full = pages_as_png(render(), tmp_path, "full")
    assert portal and len(portal) == len(full)
    for number, (ours, theirs) in enumerate(zip(portal, full, strict=True), start=1):
        assert ours == theirs, f"page {number} differs from WeasyPrint's own user-agent stylesheet"


def test_every_common_element_is_drawn_as_with_weasyprints_own_stylesheet(tmp_path, monkeypatch):
    assert_drawn_alike(lambda: pdf.render_pdf(SAMPLE), tmp_path, monkeypatch)


def test_a_statement_and_a_refusal_are_drawn_as_with_weasyprints_own_stylesheet(
    tmp_path, monkeypatch, time_machine
):
    time_machine.move_to(WORKING_TIME)
    person = make_citizen()
    pay(person, paid_on=date(2026, 9, 10), period=date(2026, 8, 1), amount="4250.00")
    refunded = pay(person, paid_on=date(2026, 10, 12), period=date(2026, 10, 1), amount="3000.00")
    refund(refunded, amount="1000.00", on=date(2026, 10, 30), external_id="RF-1")
    statement = issued(person, language="kk").statement
    refusal = issued(make_citizen(serial=3), consent=False, language="ru").refusal
    assert_drawn_alike(lambda: statement_pdf(statement), tmp_path / "statement", monkeypatch)
    monkeypatch.undo()
    assert_drawn_alike(lambda: refusal_pdf(refusal), tmp_path / "refusal", monkeypatch)
