"""The classifier lesson in a real browser: the issue's link opened first on a fresh server shows
its numbers, and ▶ Play moves the decision regions and the step read-out."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE, PROJECTOR, ConsoleErrors, screenshot, settle, start_server

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
        " return gd && gd._fullLayout && gd.querySelector('.updatemenu-button'); }",
        arg=plot,
        timeout=30_000,
    )
    read_out = page.locator(f"{plot} .slider-container .slider-label").first
    assert read_out.text_content().startswith("t = 0 ·")
    region = (
        "(s) => document.querySelector(s).querySelector('.scatterlayer path.js-fill')"
        "?.getAttribute('d') || ''"
    )
    assert page.evaluate(region, plot) == ""  # at the start no class wins anywhere
    page.locator(f"{plot} .updatemenu-button").first.click()
    page.wait_for_function(
        "(s) => document.querySelector(s)._fullLayout.sliders[0].active === 60",
        arg=plot,
        timeout=30_000,
    )
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
