"""Say exactly which Debian package is missing, and how to install it, before anything else fails."""

import shutil
import sys

problems = []
try:
    import weasyprint  # noqa: F401  (loads Pango through cffi)
except OSError as error:
    problems.append(
        f"WeasyPrint cannot load Pango ({error}).\n"
        "    Install it with:  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
    )
if (
    not any(shutil.which(name) for name in ("fc-list",))
    and not __import__("pathlib").Path("/usr/share/fonts/truetype/dejavu").exists()
):
    problems.append(
        "No DejaVu fonts (they cover Kazakh letters in the PDF statement).\n"
        "    Install them with:  sudo apt-get install -y fonts-dejavu-core"
    )
if problems:
    print("The portal needs some Debian packages first:\n", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}\n", file=sys.stderr)
    sys.exit(1)
