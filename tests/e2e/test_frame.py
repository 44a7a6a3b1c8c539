"""The frame in a real browser: navigation by our own links, the unit kept between pages."""

from __future__ import annotations

import math

import pytest

from tests.e2e.conftest import settle, start_server

pytestmark = pytest.mark.e2e


def test_navigation_links_have_human_labels_and_file_name_urls(app_url, new_page):
    page = new_page(app_url)
    links = page.locator("[data-testid=stPageLink-NavLink]")
    labels = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert "Overview" in labels[0]
    assert not any(label.lower() == "app" for label in labels)
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert "coin" in [h.rstrip("/").split("/")[-1] for h in hrefs], hrefs
    assert page.errors == []


def test_unit_is_kept_when_moving_between_pages(app_url, new_page):
    page = new_page(app_url + "/?unit=nats")
    assert "nats" in page.locator("[data-testid=stMetricValue]").first.inner_text()
    sidebar_links = page.locator("[data-testid=stSidebar] [data-testid=stPageLink-NavLink]")
    sidebar_links.filter(has_text="A coin").click()
    settle(page)
    page.wait_for_url("**/coin**")
    assert "nats" in page.inner_text("[data-testid=stMain]")
    assert page.errors == []


def test_deep_link_opened_first_on_a_fresh_server(browser):
    # p, q and the unit all differ from the defaults (0.7, 0.4, bits): a page that ran without the
    # frame, or restored nothing, shows other sliders and other numbers
    p, q = 0.3, 0.8
    entropy = -(p * math.log(p) + (1 - p) * math.log(1 - p))
    cross_entropy = -(p * math.log(q) + (1 - p) * math.log(1 - q))
    with start_server() as url:
        page = browser.new_page()
        try:
            page.goto(url + f"/coin?p={p}&q={q}&unit=nats")
            settle(page)
            text = page.inner_text("[data-testid=stMain]")
            assert "A coin" in text
            for key, value in (("p", p), ("q", q)):
                slider = page.locator(f".st-key-{key}").get_by_role("slider").first
                assert float(slider.input_value()) == value
            metrics = page.locator("[data-testid=stMetricValue]")
            shown = [metrics.nth(i).inner_text().strip() for i in range(metrics.count())]
            assert shown == [
                f"{entropy:.3f} nats",
                f"{cross_entropy - entropy:.3f} nats",
                f"{cross_entropy:.3f} nats",
            ]
            assert f"p={p}" in page.url and f"q={q}" in page.url
        finally:
            page.close()
