"""Shared Playwright set-up: Debian's Chromium, headless, with this workplace's flags."""

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# What sticks out past the right edge of the screen (up to five elements), to say why a page does not fit.
# Elements that scroll inside a scrolling box (a .table-responsive, say) are left out; absolutely positioned
# ones are kept, as they escape a box that is not itself positioned.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => { if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return true;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; }
    return true; })
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@contextmanager
def chromium_page(viewport=None):
    """Yield a fresh page in a fresh headless Chromium; close everything afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
            yield context.new_page()
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, base_url: str, email: str, password: str | None = None) -> None:
    """Sign in through the login page and wait for the page it leads to (tests' password by default)."""
    from tests.factories.district import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def fits_the_screen(page) -> bool:
    """Whether the page fits its viewport's width (nothing makes it scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
