"""What the browser journeys do on every page: axe-core, no sideways scroll on a phone, keyboard focus, the
SMS code read from the DEBUG outbox page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 667}


def check_accessibility(page, *, label: str = "") -> None:
    """axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A/AA + best practice)."""
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary)}));
        }"""
    )
    bad = [v for v in results if v["impact"] in ("serious", "critical")]
    where = label or page.url
    assert not bad, f"axe on {where}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in bad
    )


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways on a phone: {widths[0]}px > {widths[1]}px"


def latest_sms_code(context, portal_url: str) -> str:
    """Read the newest one-time code on the DEBUG SMS outbox page, in a tab of its own (the 'phone')."""
    phone = context.new_page()
    try:
        phone.goto(f"{portal_url}/dev/outbox/")
        text = phone.locator("table.outbox tbody tr").first.locator(".sms-text").inner_text()
    finally:
        phone.close()
    return re.search(r"\b(\d{6})\b", text).group(1)


def tab_to(page, locator, *, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the keyboard focus, and check that the focus is visible."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            assert_focus_visible(page)
            return
    raise AssertionError(f"Tab never reached {locator} on {page.url}")


def assert_focus_visible(page) -> None:
    """The focused element shows a focus ring (outline or box-shadow), as WCAG 2.4.7 asks."""
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow,
                           tag: document.activeElement.outerHTML.slice(0, 80)}; }"""
    )
    visible = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"
    assert visible, f"no visible focus on {style['tag']}"


def almaty_today() -> date:
    from django.utils import timezone

    from insurance.working_time import ALMATY

    return timezone.now().astimezone(ALMATY).date()


def enter(page) -> None:
    """Press Enter (submitting the form in focus) and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_on(page, locator, *, wait: bool = True) -> None:
    """Tab to a link or button and press Enter, as a keyboard user does; wait for the next page."""
    tab_to(page, locator)
    if wait:
        enter(page)
    else:
        page.keyboard.press("Enter")


def assert_described_error(page, selector: str) -> None:
    """A field with an error says so (aria-invalid) and points at the error text (aria-describedby)."""
    field = page.locator(selector)
    assert field.get_attribute("aria-invalid") == "true", f"{selector} is not marked invalid"
    ids = (field.get_attribute("aria-describedby") or "").split()
    texts = [page.locator(f"#{i}").inner_text() for i in ids if page.locator(f"#{i}").count()]
    assert any(
        page.locator(f"#{i}").evaluate("el => el.matches('.errorlist, .errorlist *, [role=alert]')")
        for i in ids
        if page.locator(f"#{i}").count()
    ), f"{selector} is not described by its error: {ids} → {texts}"
