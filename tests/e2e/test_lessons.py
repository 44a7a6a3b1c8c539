"""The overview and the coin and die lessons in a real browser: charts drawn without console
errors, a shared link opened first on a fresh server, a slider step that redraws the chart, and a
phone-sized screen on which nothing scrolls sideways."""

from __future__ import annotations

import itertools
import math

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    PLOT,
    PROJECTOR,
    ConsoleErrors,
    screenshot,
    settle,
    start_server,
)

pytestmark = pytest.mark.e2e

PAGES = {
    "overview": ("/", 1),
    "coin": ("/coin?p=0.3&q=0.8", 2),
    "categorical": ("/categorical?k=4&p=0.1,0.2,0.3,0.4&q=0.4,0.3,0.2,0.1", 4),
}


def coin_numbers(p: float, q: float) -> list[str]:
    """H(P), KL(P‖Q), H(P,Q) of two coins in bits, from the definitions."""
    h = -(p * math.log2(p) + (1 - p) * math.log2(1 - p))
    ce = -(p * math.log2(q) + (1 - p) * math.log2(1 - q))
    return [f"{h:.3f} bits", f"{ce - h:.3f} bits", f"{ce:.3f} bits"]


def drawn_charts(page) -> int:
    """Charts that plotly has drawn (an SVG with a plot area inside), not just placeholders."""
    return page.evaluate(
        """() => Array.from(
            document.querySelectorAll('.js-plotly-plot')
        ).filter((plot) => plot.querySelector('.main-svg .cartesianlayer')).length"""
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_page_draws_its_charts_without_errors(app_url, new_page, name):
    path, charts = PAGES[name]
    page = new_page(app_url + path, PROJECTOR)
    expect(page.locator(PLOT)).to_have_count(charts)
    assert drawn_charts(page) == charts
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlert]").count() == 0  # no note: the link is fine
    assert page.errors == []
    screenshot(page, f"lesson-{name}-projector")


@pytest.mark.parametrize("name", ["coin", "categorical"])
def test_phone_stacks_the_charts_and_never_scrolls_sideways(app_url, new_page, name):
    path, charts = PAGES[name]
    page = new_page(app_url + path, PHONE)
    expect(page.locator(PLOT)).to_have_count(charts)
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    boxes = [c.bounding_box() for c in page.locator(PLOT).all()]
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"] - 1  # one under the other
        assert upper["width"] <= PHONE["width"]
    assert page.errors == []
    screenshot(page, f"lesson-{name}-phone")


def test_a_link_to_the_coin_opened_first_on_a_fresh_server_shows_its_numbers(browser):
    with start_server() as url:
        page = browser.new_page(viewport=PROJECTOR)
        errors = ConsoleErrors().attach(page)
        page.goto(url + "/coin?p=0.3&q=0.8&unit=bits")
        settle(page)
        values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        assert values == coin_numbers(0.3, 0.8)
        sliders = page.get_by_role("slider")
        shown = [sliders.nth(i).get_attribute("aria-valuetext") for i in range(2)]
        assert shown == ["p = 0.30", "q = 0.80"]
        expect(page.locator(".st-key-main .gtitle")).to_contain_text("At q = 0.80")
        assert errors == []
        page.close()


def test_a_slider_step_redraws_the_chart_and_the_link_follows(app_url, new_page):
    page = new_page(app_url + "/coin?p=0.3&q=0.8", PROJECTOR)
    plot = page.locator(".st-key-main .js-plotly-plot")
    page.evaluate(
        "() => { window.__klPlots = Array.from(document.querySelectorAll('.js-plotly-plot')); }"
    )
    page.locator(".st-key-q").get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    title = page.locator(".st-key-main .gtitle", has_text="At q = 0.81")
    expect(title).to_have_count(1, timeout=30_000)
    settle(page)
    expect(plot).to_have_count(1)
    # Both charts were redrawn in place (ui.live_chart), not mounted anew.
    assert page.evaluate(
        """() => {
          const now = Array.from(document.querySelectorAll('.js-plotly-plot'));
          return now.length === 2 && now.every((plot, i) => plot === window.__klPlots[i]);
        }"""
    )
    h, kl, ce = (value.removesuffix(" bits") for value in coin_numbers(0.3, 0.81))
    bar_numbers = page.locator(".st-key-coin_bar .gtitle-subtitle").text_content()
    assert bar_numbers == f"{h} + {kl} = {ce} bits"
    assert page.locator("[data-testid=stMetricValue]").all_inner_texts() == coin_numbers(0.3, 0.81)
    assert plot.locator(".main-svg .cartesianlayer").count() == 1  # drawn, not a placeholder
    assert "q=0.81" in page.url
    # The die lesson does not read the coin's p and q as its own.
    page.locator("[data-testid=stPageLink-NavLink]", has_text="A loaded die").click()
    page.wait_for_url("**/categorical**")
    settle(page)
    expect(page.locator(PLOT)).to_have_count(4)
    assert page.locator("[data-testid=stAlert]").count() == 0
    assert page.errors == []


def test_a_chart_says_so_when_its_plotly_js_cannot_load(browser, app_url):
    page = browser.new_page(viewport=PROJECTOR)
    page.route("**/app/static/plotly*.js", lambda route: route.abort())
    page.goto(app_url + "/coin?p=0.3&q=0.8")
    settle(page)
    notes = page.locator(".kl-live-chart-problem")
    expect(notes).to_have_count(2)
    assert "could not load its charting library" in notes.first.inner_text()
    # The rest of the lesson still works: its numbers are shown.
    assert page.locator("[data-testid=stMetricValue]").all_inner_texts() == coin_numbers(0.3, 0.8)
    page.close()


def test_a_component_says_so_when_its_script_cannot_load(browser, app_url):
    page = browser.new_page(viewport=PROJECTOR)
    page.route("**/app/static/kl/live_quick.js*", lambda route: route.abort())
    page.goto(app_url + "/coin?p=0.3&q=0.8")
    settle(page)
    notes = page.locator(".kl-script-problem")
    expect(notes).to_have_count(2)  # the two charts; the sliders' scripts came
    assert "could not load its script" in notes.first.inner_text()
    assert page.get_by_role("slider", name="Model coin: q = Q(heads)").count() == 1
    assert page.locator("[data-testid=stMetricValue]").all_inner_texts() == coin_numbers(0.3, 0.8)
    page.close()
