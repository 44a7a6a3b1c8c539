"""Browser tests: Debian's Chromium driven by Playwright against `streamlit run app.py`.

One app server is shared by the whole session (`app_url`); tests that need a server nobody has
visited yet (deep links opened first) start their own with `start_server()`. Outside CI the tests
skip where no Chromium is installed; in CI (CI set) a missing Chromium is an error.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.browser import CHROMIUM_ARGS, ROOT, chromium_path, streamlit_server

SHOTS = ROOT / ".shots"
# Console noise that is the closed network's, not the app's.
NOISE = re.compile(r"fonts\.gstatic|favicon|net::ERR_|Failed to load resource", re.I)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
#: What a phone's browser says it is (Safari on an iPhone).
MOBILE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@contextlib.contextmanager
def start_server(script: str = "app.py", extra_args: tuple[str, ...] = ()) -> Iterator[str]:
    """Run `streamlit run` on a free local port until the block ends; yield its base URL."""
    with streamlit_server(script, extra_args=extra_args) as (url, _pid):
        yield url


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Chromium is installed: .ci/run must install it")
        pytest.skip("no Chromium on this machine (install Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with start_server() as url:
        yield url


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the script run is finished and nothing is still loading."""
    page.wait_for_timeout(250)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=timeout
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=timeout
    )
    # Live charts (ui.live_chart) draw once their script and plotly.js have loaded: drawn, or
    # showing their note. Drag sliders and bar handles (ui.drag), animations' keyboard controls
    # and live regions (ui.accessibility) and live tables (ui.live_chart) are there once their
    # script has run, or its note that it could not load (ui.scripts).
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.stBidiComponent')).every((element) => {
            const others = '.kl-drag, .kl-bar-handles, .kl-animation-controls, .kl-announce, '
                + '.kl-live-tables, .kl-script-problem';
            if (element.querySelector(others)) return true;
            const chart = element.querySelector('.kl-live-chart');
            return chart && (chart._fullLayout || element.querySelector('[role=alert]'));
        })""",
        timeout=timeout,
    )
    # Then until no live chart has a figure waiting for plotly or being drawn (unless it says
    # it cannot draw), every chart plotly drew is laid out, and two frames have been painted.
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.kl-live-chart'))
            .every((chart) => (!chart.__klNext && !chart.__klBusy && !chart.__klPlotting)
                   || chart.parentElement.querySelector('[role=alert]'))
            && Array.from(document.querySelectorAll('.js-plotly-plot'))
            .every((chart) => chart._fullLayout)""",
        timeout=timeout,
    )
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def open_expanders(page) -> None:
    """Open every folded expander on screen: a lesson's settings start folded, so that its main
    chart starts on the first screen. Expanders of a layout the window hides stay folded."""
    closed = page.locator("[data-testid=stExpander] details:not([open]) > summary:visible")
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(150)
    settle(page)


#: Every drawn chart: live charts (ui.live_chart) and animations (st.plotly_chart) alike.
PLOT = ".js-plotly-plot"


#: An animated chart's frame as plotly last drew it (0 before any), in JavaScript: for
#: ``page.evaluate`` and ``page.wait_for_function`` with the chart's selector as ``arg``.
CURRENT_FRAME = "(s) => Number(document.querySelector(s)._fullLayout._currentFrame || 0)"


def current_frame(page, plot: str = ".st-key-main .js-plotly-plot") -> int:
    """The frame the animated chart ``plot`` shows."""
    return page.evaluate(CURRENT_FRAME, plot)


def wait_for_frame(page, condition: str, plot: str = ".st-key-main .js-plotly-plot") -> None:
    """Wait until the animated chart's frame number ``f`` meets ``condition`` (JavaScript such
    as ``"f >= 3"``)."""
    page.wait_for_function(
        f"(s) => {{ const f = ({CURRENT_FRAME})(s); return {condition}; }}", arg=plot
    )


class ConsoleErrors(list):
    """Console errors and page errors seen on a page, minus the closed network's noise."""

    def attach(self, page) -> ConsoleErrors:
        page.on(
            "console",
            lambda m: (
                self.append(m.text) if m.type == "error" and not NOISE.search(m.text) else None
            ),
        )
        page.on("pageerror", lambda e: self.append(str(e)))
        return self


@pytest.fixture
def new_page(browser):
    """Open pages at a viewport size; each page records its console errors in `page.errors`."""
    pages = []

    def open_page(url: str, viewport: dict = PROJECTOR):
        page = browser.new_page(viewport=viewport)
        page.errors = ConsoleErrors().attach(page)
        pages.append(page)
        page.goto(url)
        settle(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under .shots/ (looked at by people, not compared)."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
