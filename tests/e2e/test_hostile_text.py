"""Streamlit's own renderer agrees with tests/pages/test_hostile_text.py: markup in a link's values
and in a pasted label shows in the browser as the characters typed."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.e2e.conftest import settle

pytestmark = pytest.mark.e2e

P = "**b1** _e1_ [l1](https://e.example/)"
Q = "`c1` $x^2$ :red[r1] <b>h1</b>"


def test_link_values_show_as_typed_in_the_notes(app_url, new_page):
    page = new_page(f"{app_url}/coin?p={quote(P)}&q={quote(Q)}")
    notes = page.locator("[data-testid=stAlertContentWarning]")
    text = " ".join(notes.nth(i).inner_text() for i in range(notes.count()))
    assert f"p={P}" in text and f"q={Q}" in text
    for selector in ("strong", "em", "a", "b", ".katex", "[style*=color]"):
        assert notes.locator(selector).count() == 0, selector
    assert page.errors == []


def test_a_pasted_label_shows_as_typed(app_url, new_page):
    label = "**b2**[l2](https://e.example/)$y$"
    page = new_page(app_url + "/samples?data=Paste")
    box = page.locator(".st-key-paste textarea")
    box.fill(f"!\n{label}\n!\n{label}\n!")
    box.press("Control+Enter")
    settle(page)
    page.get_by_role("link", name="Watch maximum likelihood").first.click()
    settle(page)
    caption = page.get_by_text("counting").first
    # the address keeps an invisible word joiner after "https:", which stops it becoming a link
    assert f"counting “{label}” as 1" in caption.inner_text().replace("\u2060", "")
    assert caption.locator("strong, a, .katex").count() == 0, caption.inner_html()
    assert page.errors == []


def test_markup_in_a_label_shows_as_typed_in_the_chart_numbers(app_url, new_page):
    label = "<b>h3</b><i>i3</i>&amp"
    page = new_page(app_url + "/samples?data=Paste")
    box = page.locator(".st-key-paste textarea")
    box.fill(f"{label}\nb\n{label}")
    box.press("Control+Enter")
    settle(page)
    section = page.locator(".kl-chart-numbers").filter(has_text=label).first
    section.locator("summary").click()
    cell = section.get_by_role("cell", name=label, exact=True)
    assert cell.inner_text() == label
    assert section.locator("b, i").count() == 0
    assert page.errors == []
