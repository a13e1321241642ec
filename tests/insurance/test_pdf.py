from io import BytesIO

from pypdf import PdfReader

from insurance.pdf import render_pdf


def test_it_renders_kazakh_text_with_the_bundled_font():
    pdf = render_pdf(
        "<html><body><h1>Әліпби: Ә Ғ Қ Ң Ө Ұ Ү Һ І</h1><table><tr><td>1</td></tr></table></body></html>"
    )
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "Ә Ғ Қ Ң Ө Ұ Ү Һ І" in text
    fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    # The bundled @font-face, embedded as a subset: never a system fallback.
    assert fonts and all("Portal-Sans" in name for name in fonts)
