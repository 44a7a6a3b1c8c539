"""Every page on a student's phone (390×844, a phone's browser) and on the projector (1280×720),
in and out of presentation mode: nothing scrolls sideways, the chart toolbar covers no title,
legend or axis title, the main chart starts on the first screen of the projector, on a phone the
lesson's controls stay in view beside its main chart, and the derivation's last line fits the
projector in presentation mode."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import (
    MOBILE_AGENT,
    PHONE,
    PLOT,
    PROJECTOR,
    SHOTS,
    ConsoleErrors,
    settle,
)
from tests.e2e.test_presentation import DOCS_SHOTS, VIEWS, _lesson_paths
from ui.frame import CONTROLS, MAIN_CHART
from ui.styles import DERIVATION_LINE_KEY

pytestmark = pytest.mark.e2e

SCREENS = {"projector": PROJECTOR, "phone": PHONE}

#: Pages that open with another chart than their main one: /classifier starts with one example
#: (its own chart) before the training animation keyed "main"; that first chart must be on the
#: first screen.
OPENS_WITH_ANOTHER_CHART = ("/classifier",)

#: Lessons whose phone view (controls held at the top, the main chart under them) is in the
#: README's tips for students.
PHONE_SHOTS = ("/coin", "/forward_reverse")

#: Text a chart's toolbar must never cover: titles, subtitles, legends and axis titles.
TEXT_BOXES = ".g-gtitle, .legend, .g-xtitle, .g-ytitle, [class^=g-x] .xtitle, .g-y2title"

#: Per visible chart: the toolbar's box and every text box it intersects.
TOOLBAR_OVERLAPS = """(selector) => {
    const hits = [];
    const visible = (r) => r.width > 0 && r.height > 0;
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const bar = plot.querySelector('.modebar');
        if (!bar || !visible(plot.getBoundingClientRect())) continue;
        const b = bar.getBoundingClientRect();
        if (!visible(b)) continue;
        for (const text of plot.querySelectorAll(selector)) {
            const r = text.getBoundingClientRect();
            if (!visible(r)) continue;
            if (r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) {
                hits.push((text.textContent || '').trim().slice(0, 40));
            }
        }
    }
    return hits;
}"""

#: Titles, legends and axis titles that reach past the left or right edge of their chart.
CLIPPED_TEXT = """(selector) => {
    const cut = [];
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const svg = plot.querySelector('.main-svg');
        if (!svg || !plot.getBoundingClientRect().width) continue;
        const edge = svg.getBoundingClientRect();
        for (const text of plot.querySelectorAll(selector)) {
            const r = text.getBoundingClientRect();
            if (r.width && (r.left < edge.left - 1 || r.right > edge.right + 1)) {
                cut.push((text.textContent || '').trim().slice(0, 40));
            }
        }
    }
    return cut;
}"""

#: How far the page reaches sideways, for the window and for Streamlit's scrolling main area.
WIDTHS = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    return {page: document.documentElement.scrollWidth, window: window.innerWidth,
            main: main.scrollWidth, mainBox: main.clientWidth};
}"""


@pytest.fixture
def open_view(browser):
    """Open a path on a phone or a projector; each page records its console errors."""
    contexts = []

    def open_at(url: str, screen: str):
        if screen == "phone":
            context = browser.new_context(
                viewport=PHONE, user_agent=MOBILE_AGENT, is_mobile=True, has_touch=True
            )
        else:
            context = browser.new_context(viewport=PROJECTOR)
        contexts.append(context)
        page = context.new_page()
        page.errors = ConsoleErrors().attach(page)
        page.goto(url)
        settle(page)
        return page

    yield open_at
    for context in contexts:
        context.close()


def _url(app_url: str, path: str, present: bool) -> str:
    query = "&".join(filter(None, [VIEWS.get(path), "present=1" if present else None]))
    return f"{app_url}{path}" + (f"?{query}" if query else "")


def _main_chart(page):
    """The main chart as shown at this width (an animation has a wide and a narrow one)."""
    for selector in (f".st-key-{MAIN_CHART} {PLOT}", f".st-key-{MAIN_CHART}_narrow {PLOT}", PLOT):
        charts = page.locator(f"{selector}:visible")
        if charts.count():
            return charts.first
    return None


def _show_toolbars(page) -> None:
    """Point at each visible chart, as a person would before reaching for its toolbar (the
    frame adds the SVG button then). Each chart is centred first and pointed at in its middle:
    its top edge can sit under Streamlit's fixed header, which takes the pointer there."""
    charts = page.locator(f"{PLOT}:visible")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.evaluate("e => e.scrollIntoView({block: 'center'})")
        box = chart.bounding_box()
        chart.hover(position={"x": 40, "y": box["height"] / 2})
    page.wait_for_timeout(200)


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("path", _lesson_paths())
def test_every_page_fits_the_screen(open_view, app_url, path, screen, present):
    page = open_view(_url(app_url, path, present), screen)
    assert page.locator("[data-testid=stException]").count() == 0
    chart = _main_chart(page)
    assert chart is not None, f"{path}: no chart"
    opening = page.locator(f"{PLOT}:visible").first if path in OPENS_WITH_ANOTHER_CHART else chart
    first_top = opening.bounding_box()["y"]

    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["window"], f"{path} scrolls sideways: {widths}"
    assert widths["main"] <= widths["mainBox"], f"{path} scrolls sideways: {widths}"

    clipped = page.evaluate(CLIPPED_TEXT, TEXT_BOXES)
    assert clipped == [], f"{path}: cut off at a chart's edge: {clipped}"

    _show_toolbars(page)
    covered = page.evaluate(TOOLBAR_OVERLAPS, TEXT_BOXES)
    assert covered == [], f"{path}: the chart toolbar covers {covered}"

    if screen == "projector":
        assert first_top + 150 <= PROJECTOR["height"], (
            f"{path}: the main chart starts at {first_top:.0f} px, not on the first screen"
        )
    assert page.errors == []


@pytest.mark.parametrize("path", [p for p in _lesson_paths() if p != "/"])
def test_on_a_phone_the_controls_stay_in_view_beside_the_main_chart(open_view, app_url, path):
    page = open_view(_url(app_url, path, present=False), "phone")
    controls = page.locator(f"[data-testid=stLayoutWrapper]:has(> .st-key-{CONTROLS})")
    assert controls.count() == 1, f"{path} has no controls area"
    chart = _main_chart(page)
    chart.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    held, drawn = controls.bounding_box(), chart.bounding_box()
    # Opaque, in the page's own colour: the charts scroll under it, not through it.
    colours = controls.evaluate(
        "e => [getComputedStyle(e).backgroundColor,"
        " getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor]"
    )
    assert colours[0] == colours[1], colours
    assert 0 <= held["y"] and held["y"] + held["height"] <= PHONE["height"] * 0.5, held
    # The chart shows under the controls (at least 200 px of it).
    seen = min(drawn["y"] + drawn["height"], PHONE["height"]) - max(
        drawn["y"], held["y"] + held["height"]
    )
    if path in PHONE_SHOTS:
        name = f"phone-{path.strip('/')}.png"
        folder = DOCS_SHOTS if os.environ.get("KL_LAB_UPDATE_DOCS") else SHOTS
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name))
    assert seen >= 200, (held, drawn)


def test_the_derivation_last_line_fits_the_projector_in_presentation_mode(open_view, app_url):
    page = open_view(_url(app_url, "/derivation", present=True), "projector")
    box = page.locator(f".st-key-{DERIVATION_LINE_KEY}7").bounding_box()
    assert box["y"] + box["height"] <= PROJECTOR["height"], box


def test_next_step_brings_the_new_line_into_view(open_view, app_url):
    page = open_view(f"{app_url}/derivation?example=coin&p=0.3&q=0.8&step=4", "projector")
    page.get_by_role("button", name="Next step").click()
    settle(page)
    line = page.locator(f".st-key-{DERIVATION_LINE_KEY}5")
    line.wait_for(state="visible")
    page.wait_for_timeout(800)  # the smooth scroll
    box = line.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize(
    "view",
    [
        "/derivation?example=coin&p=0.3&q=0.8&step=7&unit=nats",
        "/categorical?k=4&p=0.5,0.3,0.2,0&q=0,0.3,0.5,0.2",
    ],
    ids=["derivation-in-nats", "die-with-infinite-kl"],
)
def test_long_labels_stay_inside_their_charts(open_view, app_url, view, screen):
    page = open_view(app_url + view, screen)
    clipped = page.evaluate(CLIPPED_TEXT, TEXT_BOXES)
    assert clipped == [], f"{view}: cut off at a chart's edge: {clipped}"
    if "categorical" in view:
        # The ∞ label is not hidden by the legend, and a box says why KL is infinite.
        chart = _main_chart(page)
        overlap = chart.evaluate(
            """plot => {
                const legend = plot.querySelector('.legend').getBoundingClientRect();
                return [...plot.querySelectorAll('.bartext')]
                    .filter((t) => t.textContent === '∞')
                    .some((t) => { const r = t.getBoundingClientRect();
                        return r.left < legend.right && r.right > legend.left
                            && r.top < legend.bottom && r.bottom > legend.top; });
            }"""
        )
        assert not overlap
        assert "infinitely surprising" in page.locator("[data-testid=stAlert]").first.inner_text()
