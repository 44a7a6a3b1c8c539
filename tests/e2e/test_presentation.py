"""Lecture-ready in a real browser: presentation mode fits each lesson's main chart on a 1280×720
projector, the toggle and `present=1` agree, every chart downloads as PNG and SVG from its
toolbar with the live numbers in its title, and an animation exported as HTML plays offline.

The presentation views are also the screenshots of each lesson in the docs: with
KL_LAB_UPDATE_DOCS=1 they are written to docs/screenshots/<page>.png (committed), otherwise to
.shots/present-<page>.png (looked at, not kept).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import PLOT, PROJECTOR, ROOT, SHOTS, settle
from ui.frame import MAIN_CHART, NAVIGATION

pytestmark = pytest.mark.e2e

DOCS_SHOTS = ROOT / "docs" / "screenshots"

#: A view worth showing per page (the derivation at its last line); other pages at their defaults.
VIEWS = {
    "/derivation": "example=coin&p=0.3&q=0.8&step=7",
    "/coin": "p=0.3&q=0.8",
    "/coding": "example=coin&p=0.3&q=0.8&n=10000&seed=1",
}


def _lesson_paths() -> list[str]:
    """URL paths of every page the navigation offers (file name = path, app.py = /)."""
    paths = []
    for _, entries in NAVIGATION:
        for script, _, _ in entries:
            name = Path(script).stem
            paths.append("/" if script == "app.py" else f"/{name}")
    return paths


def main_chart(page):
    """The page's main chart: the one shown with key "main", else the first chart."""
    keyed = page.locator(f".st-key-{MAIN_CHART} {PLOT}")
    if keyed.count():
        return keyed.first
    return page.locator(PLOT).first


def keep_screenshot(page, name: str) -> None:
    if os.environ.get("KL_LAB_UPDATE_DOCS"):
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_SHOTS / f"{name}.png"))
    else:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"present-{name}.png"))


@pytest.mark.parametrize("path", _lesson_paths())
def test_presentation_mode_fits_the_main_chart_on_a_projector(new_page, app_url, path):
    query = "&".join(filter(None, [VIEWS.get(path), "present=1"]))
    page = new_page(f"{app_url}{path}?{query}", PROJECTOR)
    assert page.locator("[data-testid=stException]").count() == 0
    chart = main_chart(page)
    chart.wait_for(state="visible")
    # Plotly draws the chart after Streamlit mounts it; wait for the SVG to have its size.
    page.wait_for_function(
        "el => el.querySelector('.main-svg') && el.getBoundingClientRect().height > 100",
        arg=chart.element_handle(),
    )
    scrolled = page.evaluate(
        "() => document.querySelector('[data-testid=stMain]').scrollTop || window.scrollY"
    )
    box = chart.bounding_box()
    keep_screenshot(page, "home" if path == "/" else path.strip("/"))
    assert scrolled == 0
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= PROJECTOR["width"], box
    assert box["y"] + box["height"] <= PROJECTOR["height"], (
        f"{path}: the main chart ends at {box['y'] + box['height']:.0f} px, below the "
        f"{PROJECTOR['height']} px projector"
    )
    assert page.locator("[data-testid=stSidebar]").get_attribute("aria-expanded") != "true"
    assert page.errors == []


def test_the_toggle_and_the_link_agree(new_page, app_url):
    page = new_page(f"{app_url}/coin?p=0.3&q=0.8", PROJECTOR)
    normal_size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    page.get_by_text("Presentation mode").click()
    settle(page)
    assert "present=1" in page.url and "p=0.3" in page.url
    presented_size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    assert float(presented_size.rstrip("px")) > float(normal_size.rstrip("px"))
    # The sidebar (with the toggle) folds away; the link to this view now says present=1.
    assert page.locator("[data-testid=stSidebar]").get_attribute("aria-expanded") != "true"
    assert "present=1" in page.locator(".kl-share input").input_value()
    assert page.errors == []


def test_every_chart_downloads_as_png_and_svg_with_its_live_numbers(new_page, app_url, tmp_path):
    page = new_page(f"{app_url}/derivation?example=coin&p=0.3&q=0.8&step=2", PROJECTOR)
    chart = main_chart(page)
    chart.hover()
    camera = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    svg_button = chart.locator(".modebar-btn[data-kl-svg]")
    svg_button.wait_for(state="visible")
    assert svg_button.get_attribute("data-title") == "Download plot as an SVG"

    with page.expect_download() as svg_download:
        svg_button.click()
    svg = tmp_path / svg_download.value.suggested_filename
    svg_download.value.save_as(svg)
    assert svg.suffix == ".svg"
    text = svg.read_text()
    assert text.lstrip().startswith("<svg")
    # The title carries the live numbers: KL = 0.841 bits = 1.722 − 0.881.
    assert "0.841 bits" in text and "1.722 bits" in text

    chart.hover()
    with page.expect_download() as png_download:
        camera.click()
    png = tmp_path / png_download.value.suggested_filename
    png_download.value.save_as(png)
    assert png.suffix == ".png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.name.startswith("kl-derivation-coin-line2")
    assert page.errors == []


def _trace_path(page) -> str:
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-line, "
        ".js-plotly-plot .barlayer path')].map(p => p.getAttribute('d')).join('|')"
    )


def test_an_animation_exports_as_html_that_plays_offline(browser, new_page, app_url, tmp_path):
    page = new_page(f"{app_url}/mle", PROJECTOR)
    button = page.get_by_role("button", name="Download the animation")
    button.first.wait_for(state="visible")
    with page.expect_download() as download:
        button.first.click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.suffix == ".html"

    context = browser.new_context(offline=True, viewport=PROJECTOR)
    requested = []

    def only_the_file(route):
        requested.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_file)
    offline = context.new_page()
    errors = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(exported.as_uri())
    offline.wait_for_function("() => document.querySelector('.js-plotly-plot .main-svg')")
    offline.wait_for_timeout(500)
    before = _trace_path(offline)
    offline.get_by_text("Play", exact=False).first.click()
    offline.wait_for_timeout(2_000)
    after = _trace_path(offline)
    context.close()
    assert before and after != before, "pressing Play did not move the chart"
    assert [url for url in requested if not url.startswith("file:")] == []
    assert errors == []
