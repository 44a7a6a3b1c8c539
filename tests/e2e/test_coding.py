"""/coding in a real browser: the issue's link opened first on a fresh server counts the bits of
H(P,Q) and H(P), and on a phone the charts stack and nothing scrolls sideways."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from core import cross_entropy, entropy
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

LINK = "/coding?example=coin&p=0.3&q=0.8&n=10000&seed=1"


def per_outcome(text: str) -> float:
    match = re.fullmatch(r"(\d+\.\d+) bits/toss", text.strip())
    assert match, text
    return float(match.group(1))


def test_the_issues_link_opened_first_on_a_fresh_server_counts_the_bits(browser):
    with start_server() as url:
        page = browser.new_page(viewport=PROJECTOR)
        errors = ConsoleErrors().attach(page)
        page.goto(url + LINK)
        settle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stAlertContentWarning]").count() == 0
        # The frame ran: its navigation and unit choice are there.
        expect(page.get_by_role("radio", name="bits")).to_be_checked()
        values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        q_coder, p_coder = per_outcome(values[0]), per_outcome(values[1])
        assert abs(q_coder - cross_entropy([0.3, 0.7], [0.8, 0.2], base=2)) < 0.03
        assert abs(p_coder - entropy([0.3, 0.7], base=2)) < 0.03
        expect(page.locator(f".st-key-main {PLOT}")).to_have_count(1)
        expect(page.locator(".st-key-main .gtitle")).to_contain_text("Measured bits per outcome")
        assert "all 10,000 tosses of the sample, exactly" in page.inner_text("[data-testid=stMain]")
        assert page.locator(".kl-share input").input_value() == page.url
        assert errors == []
        screenshot(page, "coding-fresh-server")
        page.close()


def test_phone_stacks_the_charts_and_never_scrolls_sideways(app_url, new_page):
    page = new_page(app_url + LINK, PHONE)
    expect(page.locator(PLOT)).to_have_count(3)
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    boxes = [c.bounding_box() for c in page.locator(PLOT).all()]
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"] - 1  # one under the other
        assert upper["width"] <= PHONE["width"]
    assert page.errors == []
    screenshot(page, "coding-phone")


def test_presented_on_a_projector_the_main_chart_and_the_numbers_fit_the_screen(app_url, new_page):
    page = new_page(app_url + LINK + "&present=1", PROJECTOR)
    chart = page.locator(f".st-key-main {PLOT}").bounding_box()
    assert chart["y"] + chart["height"] <= PROJECTOR["height"]
    for metric in page.locator("[data-testid=stMetricValue]").all():
        box = metric.bounding_box()
        assert box["y"] + box["height"] <= PROJECTOR["height"]
    # The levels are named on their lines, the coders in the legend.
    labels = page.locator(".st-key-main .annotation-text").all_text_contents()
    assert labels == ["H(P,Q) = 1.722 bits", "H(P) = 0.881 bits"]
    assert page.errors == []
