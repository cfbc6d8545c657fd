"""Browser journeys: Playwright driving Debian's Chromium, axe-core on every page visited.

Chromium comes from Debian (scripts/ensure-chromium.sh); `playwright install` is never used.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: the browser tests cannot run in CI without it.")
        pytest.skip("Chromium is not installed: browser tests skipped (see README).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # body around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class AccessibilityChecker:
    """Runs axe-core on a page; a serious or critical violation fails the test.

    Every page load is recorded, and the test fails at teardown if one was never checked.
    """

    def __init__(self):
        self.axe = Axe()
        self.loaded: list[str] = []
        self.checked: list[str] = []

    def unchecked(self) -> list[str]:
        return [url for url in self.loaded if url not in self.checked]

    def __call__(self, page) -> None:
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        blocking = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in BLOCKING_IMPACTS
        ]
        self.checked.append(page.url)
        if blocking:
            details = "\n".join(
                f"- [{v['impact']}] {v['id']}: {v['help']} — "
                + "; ".join(node["target"][0] for node in v["nodes"][:3] if node.get("target"))
                for v in blocking
            )
            pytest.fail(f"Accessibility violations on {page.url}:\n{details}")


@pytest.fixture
def reference_data(transactional_db):
    """Territories and challenges: loaded by migrations, flushed by transactional tests."""
    from passeurs.core.models import Region

    if not Region.objects.exists():
        from importlib import import_module

        for module in (
            "passeurs.core.migrations.0002_load_territories",
            "passeurs.core.migrations.0003_default_challenges",
            "passeurs.blockers.migrations.0002_load_code_routes",
        ):
            import_module(module).load(django_apps, None)


@pytest.fixture
def demo_data(reference_data):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.a11y = AccessibilityChecker()
    page.on("load", lambda loaded: page.a11y.loaded.append(loaded.url))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if report is not None and report.passed and page.a11y.unchecked():
        pytest.fail(f"Pages loaded without an axe-core check: {page.a11y.unchecked()}")


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`: keyboard-only navigation."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector!r} cannot be reached with the Tab key from {page.url}")
