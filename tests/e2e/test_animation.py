"""The animations in a real browser: the page's Play moves the figure with no server round trip,
Pause stops it, the frame slider scrubs, the figure draws no plotly controls of its own, and a
phone gets the panels in one readable column."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    MOBILE_AGENT,
    PHONE,
    PROJECTOR,
    ConsoleErrors,
    current_frame,
    settle,
    wait_for_frame,
)

pytestmark = pytest.mark.e2e

PLOT = ".st-key-main .js-plotly-plot"
CONTROLS = ".st-key-main_controls"


def state(page) -> dict:
    """The chart's current frame and the model trace's data, as the browser has them."""
    return page.evaluate(
        """(selector) => {
            const gd = document.querySelector(selector);
            const model = gd.data.findIndex((t) => (t.name || "").includes("Q<sub>"));
            return {
                active: Number(gd._fullLayout._currentFrame || 0),
                plotlyControls: gd.querySelectorAll('.updatemenu-container, .slider-container')
                    .length,
                frames: gd._transitionData._frames.length,
                model: Array.from(gd._fullData[model].y).slice(0, 6),
            };
        }""",
        PLOT,
    )


def test_play_animates_the_mle_fit_in_the_browser_and_pause_stops_it(browser, app_url):
    # Every frame the page sends to the server, from its first WebSocket on: the listener is
    # registered before the page loads, so the socket cannot be missed.
    messages = []
    page = browser.new_page(viewport=PROJECTOR)
    page.errors = ConsoleErrors().attach(page)
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: messages.append(payload)))
    try:
        page.goto(app_url + "/mle?family=Die")
        settle(page)
        assert messages, "the listener saw nothing of the page's own start-up"
        before = state(page)
        assert before["active"] == 0 and before["frames"] == 61
        assert before["plotlyControls"] == 0  # the page's HTML controls play it, nothing else
        sent = len(messages)
        button = {
            action: page.locator(f"{CONTROLS} button[data-action={action}]")
            for action in ("play", "slow", "pause")
        }
        button["slow"].click()  # ▶ Slow: 8 frames a second
        wait_for_frame(page, "f >= 3")
        moving = state(page)
        assert moving["model"] != before["model"]
        button["pause"].click()  # ❚❚ Pause
        paused = state(page)["active"]
        page.wait_for_timeout(400)  # three frames' time at Slow
        assert state(page)["active"] == paused < 30
        button["play"].click()  # ▶ Play, from where it paused, to the last frame
        wait_for_frame(page, "f === 60")
        assert state(page)["model"] != moving["model"]
        # frames are played by plotly in the page: nothing went to the server
        assert messages[sent:] == []
        # The positive control: one step of a Streamlit slider is a rerun, sent on that socket.
        page.get_by_text("Data and fit").click()
        slider = page.locator(".st-key-steps").get_by_role("slider").first
        slider.focus()
        slider.press("ArrowRight")
        page.wait_for_function("() => new URL(location.href).searchParams.get('steps') === '61'")
        settle(page)
        assert len(messages) > sent, "a slider step reached the server unseen"
        assert page.errors == []
    finally:
        page.close()


def test_scrubbing_the_slider_shows_that_step(app_url, new_page):
    page = new_page(app_url + "/forward_reverse")
    slider = page.locator(f"{CONTROLS} input[type=range]")
    slider.scroll_into_view_if_needed()
    reverse = "(s) => Array.from(document.querySelector(s)._fullData[2].y).slice(60, 100)"
    start = page.evaluate(reverse, PLOT)
    slider.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    wait_for_frame(page, "f === 40")
    label = page.evaluate(
        "(s) => document.querySelector(s).layout.meta.kl_animation.labels[40]", PLOT
    )
    readout = page.locator(f"{CONTROLS} .kl-animation-readout").text_content()
    assert readout == label and label.startswith("t = 40 · forward N(")
    assert slider.get_attribute("aria-valuetext") == f"frame 41 of 61: {label}"
    assert page.evaluate(reverse, PLOT) != start  # the reverse fit moved to that step
    page.keyboard.press("Home")
    wait_for_frame(page, "f === 0")
    assert current_frame(page) == 0
    assert page.errors == []


@pytest.mark.parametrize("agent", [MOBILE_AGENT, None], ids=["phone", "narrow-desktop"])
def test_a_narrow_screen_gets_one_column_of_panels_that_fits_its_width(browser, app_url, agent):
    options = {"viewport": PHONE} | ({"user_agent": agent} if agent else {})
    page = browser.new_page(**options)
    try:
        page.goto(app_url + "/mle?family=Gaussian")
        settle(page)
        visible = page.locator(".js-plotly-plot:visible")
        assert visible.count() == 1
        visible.first.scroll_into_view_if_needed()
        plot = visible.first
        domains, width = plot.evaluate(
            "gd => [['xaxis', 'xaxis2', 'xaxis3', 'xaxis4'].map(a => gd._fullLayout[a].domain),"
            " gd._fullLayout.width]"
        )
        assert domains == [[0, 1]] * 4
        assert width <= PHONE["width"]
        wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not wide
    finally:
        page.close()
