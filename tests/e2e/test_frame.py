"""The frame in a real browser: navigation by our own links, the unit kept between pages."""

from __future__ import annotations

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
    with start_server() as url:
        page = browser.new_page()
        page.goto(url + "/coin?p=0.3&unit=nats")
        settle(page)
        text = page.inner_text("[data-testid=stMain]")
        assert "A coin" in text
        assert "nats" in text
        page.close()
