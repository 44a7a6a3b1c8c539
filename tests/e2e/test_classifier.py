"""The classifier lesson in a real browser: the issue's link opened first on a fresh server shows
its numbers, ▶ Play moves the decision regions and the step read-out, and a dragged logit moves
the charts and numbers before its release and writes the link on it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from core import classifier_loss, parse_logits
from tests.e2e.conftest import (
    PHONE,
    PROJECTOR,
    ConsoleErrors,
    screenshot,
    settle,
    start_server,
    wait_for_frame,
)
from ui.figures.classifier import loss_sentence
from ui.figures.common import format_value

pytestmark = pytest.mark.e2e

LINK = "/classifier?logits=2,1,0.1&label=0&unit=nats"


def test_the_issues_link_opened_first_on_a_fresh_server_shows_0_4170_nats(browser):
    with start_server() as url:
        page = browser.new_page(viewport=PROJECTOR)
        errors = ConsoleErrors().attach(page)
        page.goto(url + LINK)
        settle(page)
        values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        assert values == ["0.000 nats", "0.417 nats", "0.417 nats"]
        main = page.inner_text("[data-testid=stMain]")
        assert "A classifier's loss" in main  # the frame ran: not the page script alone
        assert "= −ln 0.659 = 0.4170 nats." in main
        assert page.locator(".st-key-logits input").input_value() == "2,1,0.1"
        assert page.locator("[data-testid=stAlertContentWarning]").count() == 0
        assert page.locator("[data-testid=stException]").count() == 0
        assert errors == []
        page.close()


def test_play_moves_the_regions_and_the_read_out(app_url, new_page):
    page = new_page(app_url + "/classifier?classes=3&data=overlapping&unit=bits", PROJECTOR)
    plot = ".st-key-main .js-plotly-plot"
    page.locator(plot).scroll_into_view_if_needed()
    page.wait_for_function(
        "(s) => { const gd = document.querySelector(s);"
        " return gd && gd._fullLayout && gd.layout.meta; }",
        arg=plot,
        timeout=30_000,
    )
    assert page.locator(f"{plot} .updatemenu-container, {plot} .slider-container").count() == 0
    read_out = page.locator(".st-key-main_controls .kl-animation-readout")
    assert read_out.text_content().startswith("t = 0 ·")
    region = (
        "(s) => document.querySelector(s).querySelector('.scatterlayer path.js-fill')"
        "?.getAttribute('d') || ''"
    )
    assert page.evaluate(region, plot) == ""  # at the start no class wins anywhere
    page.locator(".st-key-main_controls button[data-action=play]").click()
    wait_for_frame(page, "f === 60", plot)
    assert page.evaluate(region, plot) != ""
    assert read_out.text_content().startswith("t = 60 ·")
    assert read_out.text_content().endswith(" bits")
    screenshot(page, "classifier-played-projector")
    assert page.errors == []


def test_phone_gets_the_stacked_animation(app_url, new_page):
    page = new_page(app_url + LINK, PHONE)
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    screenshot(page, "classifier-phone")
    assert page.errors == []


METRICS = "[data-testid=stMetricValue]"
#: Q's bars in the chart of P and Q, as plotly has them.
Q_BARS = (
    "() => Array.from(document.querySelector('.st-key-classifier_classes .js-plotly-plot')"
    ".data[1].y)"
)
#: Q's bars as drawn, read back through plotly's axis: while a logit is dragged the chart moves
#: what plotly drew (static/kl/live_quick.js) and plotly's own figure stays the committed one.
Q_DRAWN = """() => {
    const g = document.querySelector('.st-key-classifier_classes .js-plotly-plot');
    return [...g.querySelectorAll('.barlayer .trace')[1].querySelectorAll('path')]
        .map((bar) => /V([-\\d.e]+)H/.exec(bar.getAttribute('d'))[1])
        .map((top) => g._fullLayout.yaxis.p2l(Number(top)));
}"""


def logits_in(page) -> np.ndarray:
    return parse_logits(parse_qs(urlparse(page.url).query)["logits"][0])


def numbers(logits, label: int = 0) -> list[str]:
    d = classifier_loss(logits, label).decomposition
    return [format_value(float(v), "nats") for v in (d.entropy, d.kl_divergence, d.cross_entropy)]


def test_dragging_a_logit_moves_the_charts_before_the_release_and_commits_on_it(new_page, app_url):
    page = new_page(app_url + LINK, PROJECTOR)
    slider = page.get_by_role("slider", name="Logit z1 of class 1")
    assert slider.get_attribute("aria-valuetext") == "z1 = 1.0"
    assert slider.evaluate("(e) => getComputedStyle(e).touchAction") == "none"
    before = page.evaluate(Q_BARS)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    start = box["x"] + box["width"] * 0.55  # z1 = 1 sits at 55% of -10 to 10
    page.mouse.move(start, y)  # pointing at the slider asks for its tables
    page.wait_for_function(
        "() => [...document.querySelectorAll('.kl-live-chart')]"
        ".filter((g) => g.__klTablesFor && g.__klTablesFor('z1')).length === 4"
    )
    settle(page)
    page.mouse.down()
    for share in np.linspace(0.55, 0.75, 8):
        page.mouse.move(box["x"] + box["width"] * share, y)
    # Still dragging: class 1 gains probability in the chart and the numbers follow (to the
    # drawing's pixel: the axis runs 0 to 1 over about 300 px).
    page.wait_for_function(f"(q) => ({Q_DRAWN})()[1] > q + 0.2", arg=before[1])
    z1 = float(slider.input_value())
    page.wait_for_function(
        f"(q) => Math.abs(({Q_DRAWN})()[1] - q) < 0.006",
        arg=float(classifier_loss([2.0, z1, 0.1], 0).probabilities[1]),
    )
    assert page.locator(METRICS).all_inner_texts() == numbers([2.0, z1, 0.1])
    sentence = loss_sentence(classifier_loss([2.0, z1, 0.1], 0), 0)
    assert page.locator(".st-key-classifier_sentence").inner_text() == sentence
    assert "logits" not in parse_qs(urlparse(page.url).query)  # nothing committed yet
    page.mouse.up()
    z1 = float(slider.input_value())
    page.wait_for_function(
        "(v) => (new URL(location.href).searchParams.get('logits') || '') === v",
        arg=f"2,{z1:g},0.1",
    )
    settle(page)
    logits = logits_in(page)
    assert logits.tolist() == [2.0, z1, 0.1]
    assert page.locator(METRICS).all_inner_texts() == numbers(logits)
    assert page.locator(".st-key-logits input").input_value() == f"2,{z1:g},0.1"
    q = page.evaluate(Q_BARS)
    np.testing.assert_allclose(q, classifier_loss(logits, 0).probabilities, rtol=1e-12)
    assert page.errors == []

    fresh = new_page(page.url, PROJECTOR)
    assert fresh.locator(METRICS).all_inner_texts() == numbers(logits)
    fresh_slider = fresh.get_by_role("slider", name="Logit z1 of class 1")
    assert float(fresh_slider.input_value()) == z1
    np.testing.assert_allclose(fresh.evaluate(Q_BARS), q, rtol=1e-12)


def test_a_logits_keyboard_steps_pages_and_jumps_to_the_ends(new_page, app_url):
    page = new_page(app_url + LINK, PROJECTOR)
    slider = page.get_by_role("slider", name="Logit z2 of class 2")
    slider.focus()
    for key, z2 in (("ArrowRight", "0.2"), ("PageDown", "-1.8"), ("Home", "-10"), ("End", "10")):
        page.keyboard.press(key)
        page.wait_for_function(
            "(v) => (new URL(location.href).searchParams.get('logits') || '') === v",
            arg=f"2,1,{z2}",
            timeout=30_000,
        )
        settle(page)
        assert page.locator(METRICS).all_inner_texts() == numbers([2.0, 1.0, float(z2)]), key
        assert slider.get_attribute("aria-valuetext") == f"z2 = {float(z2):.1f}"
    assert page.errors == []


@pytest.mark.parametrize("screen", [PROJECTOR, PHONE], ids=["projector", "phone"])
def test_the_issues_largest_loss_fits_its_charts(new_page, app_url, screen):
    from tests.e2e.test_layout import CLIPPED_TEXT, TEXT_BOXES

    page = new_page(app_url + "/classifier?logits=1000,0,0&label=1&unit=bits", screen)
    assert page.locator(METRICS).all_inner_texts()[2] == "1442.695 bits"
    assert page.evaluate(CLIPPED_TEXT, TEXT_BOXES + ", .g-gtitle text") == []
    assert page.errors == []
