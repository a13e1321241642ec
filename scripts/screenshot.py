"""Screenshots of a running portal in headless Chromium (Debian's /usr/bin/chromium).

One page:
    .venv/bin/python scripts/screenshot.py URL OUT.png [--width 1280] [--height 900] [--full] [--language kk]

The README's pictures (`make screenshots`), from the demo that `make run` serves (DEBUG, seed_demo data):
    .venv/bin/python scripts/screenshot.py --readme [--base-url http://127.0.0.1:8000] [--out docs/screenshots]

The README set logs in the way a person does — a demo citizen with an SMS code read from the demo outbox page,
the demo Fund reviewer through the admin log-in — and writes small PNGs: the dashboard (desktop and phone),
a statement, the first page of its PDF (pdftoppm) and the reviewer's complaint queue.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[1]
DESKTOP = {"width": 1200, "height": 860}
PHONE = {"width": 375, "height": 667}


def demo_accounts() -> tuple[dict, str]:
    """The demo people and the staff password, from the seeder itself (so they never drift apart)."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from insurance.demo import DEMO_PASSWORD, PEOPLE

    return {person.key: person for person in PEOPLE}, DEMO_PASSWORD


def sms_code(context, base_url: str, phone: str) -> str:
    outbox = context.new_page()
    try:
        outbox.goto(f"{base_url}/dev/outbox/")
        text = outbox.locator("table.outbox tbody tr", has_text=phone).first.locator(".sms-text").inner_text()
    finally:
        outbox.close()
    return re.search(r"\b(\d{6})\b", text).group(1)


def citizen_log_in(context, base_url: str, person) -> None:
    page = context.new_page()
    page.goto(f"{base_url}/cabinet/login/sms/")
    restart = page.locator("button[name=action][value=restart]")
    if restart.count():  # a code step left over from an earlier run
        restart.click()
    page.locator("#id_iin").fill(person.iin)
    page.locator("button[name=action][value=send]").click()
    page.locator("#id_code").fill(sms_code(context, base_url, person.phone))
    page.locator("button[name=action][value=verify]").click()
    page.wait_for_load_state()
    if page.url.rstrip("/").endswith("/login/sms"):
        # A run moments ago used the last code and the portal sends no new one yet: wait, ask again.
        wait = int(page.locator("#resend-button").get_attribute("data-resend-wait") or 0)
        page.wait_for_timeout((wait + 1) * 1000)
        page.locator("#resend-button").click()
        page.locator("#id_code").fill(sms_code(context, base_url, person.phone))
        page.locator("button[name=action][value=verify]").click()
    page.wait_for_url(f"{base_url}/cabinet/")
    page.close()


def small_png(path: Path) -> None:
    """A 256-colour palette keeps the README's pictures small (a third of the size, text still crisp)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def shoot(page, path: Path, *, full: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=full, animations="disabled", caret="hide")
    small_png(path)


def readme_set(browser, base_url: str, out: Path, language: str) -> None:
    people, password = demo_accounts()
    out.mkdir(parents=True, exist_ok=True)
    cookie = [{"name": "django_language", "value": language, "url": base_url}]

    # The citizen: a self-payer with gaps, so the dashboard shows arrears and a mixed timeline.
    citizen = browser.new_context(viewport=DESKTOP, locale=language)
    citizen.add_cookies(cookie)
    citizen_log_in(citizen, base_url, people["self_payer"])
    page = citizen.new_page()
    page.goto(f"{base_url}/cabinet/")
    shoot(page, out / "dashboard.png", full=True)

    page.goto(f"{base_url}/cabinet/statements/")
    page.locator("table a[href*='/cabinet/statements/']").first.click()
    page.wait_for_url(re.compile(r"/cabinet/statements/[^/]+/$"))
    shoot(page, out / "statement.png")
    with page.expect_download() as download:
        page.locator(".document-actions a[download]").click()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "statement.pdf"
        download.value.save_as(pdf)
        pdftoppm = shutil.which("pdftoppm") or sys.exit("pdftoppm is missing: apt-get install poppler-utils")
        subprocess.run(  # noqa: S603 - a fixed command with our own file names
            [
                pdftoppm,
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(out / "statement-pdf"),
            ],
            check=True,
        )
    small_png(out / "statement-pdf.png")
    phone_cookies = citizen.cookies()
    citizen.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=language)
    phone.add_cookies(phone_cookies)
    page = phone.new_page()
    page.goto(f"{base_url}/cabinet/")
    shoot(page, out / "dashboard-phone.png")
    phone.close()

    # The Fund's complaint reviewer.
    staff = browser.new_context(viewport=DESKTOP, locale=language)
    staff.add_cookies(cookie)
    page = staff.new_page()
    page.goto(f"{base_url}/admin/login/?next=/complaints/queue/")
    page.locator("#id_username").fill("reviewer")
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{base_url}/complaints/queue/")
    shoot(page, out / "reviewer-queue.png")
    staff.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", nargs="?")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="the whole page, not just the viewport")
    parser.add_argument("--language", default="kk")
    parser.add_argument("--readme", action="store_true", help="the README's set of screenshots")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the running demo (make run)")
    parser.add_argument("--out-dir", default=str(REPO / "docs" / "screenshots"))
    args = parser.parse_args()
    if not args.readme and not (args.url and args.out):
        parser.error("give URL and OUT.png, or --readme")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            if args.readme:
                readme_set(browser, args.base_url.rstrip("/"), Path(args.out_dir).resolve(), args.language)
            else:
                page = browser.new_page(
                    viewport={"width": args.width, "height": args.height}, locale=args.language
                )
                page.goto(args.url, wait_until="networkidle")
                page.screenshot(path=args.out, full_page=args.full)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
