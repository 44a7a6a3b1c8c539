"""Deep links in a real browser: every page restores its state from its URL, the link to the
current view round-trips, and the derivation's numbers are core's.
Each visit leaves a screenshot in .shots/link-<page>.png to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from core import kl_divergence
from tests.e2e.conftest import PROJECTOR, SHOTS, open_expanders, settle

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Link:
    """A deep link and what the page must show for it."""

    name: str  # the screenshot's name
    url: str
    sliders: dict[str, float] = field(default_factory=dict)  # widget key -> value
    radios: dict[str, str] = field(default_factory=dict)  # widget key -> chosen label
    shown: dict[str, str] = field(default_factory=dict)  # widget key -> text it shows
    texts: tuple[str, ...] = ()  # found in the page's main area

    @property
    def script(self) -> str:
        path = self.url.split("?")[0].strip("/")
        return "app.py" if not path else f"pages/{path}.py"


DIE_P, DIE_Q = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
CAT_P, CAT_Q = [0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]

LINKS = [
    Link("home", "/?unit=nats", radios={"unit": "nats"}, texts=("nats",)),
    Link(
        "coin",
        "/coin?p=0.3&q=0.8",
        sliders={"p": 0.3, "q": 0.8},
        texts=(f"{kl_divergence([0.3, 0.7], [0.8, 0.2], base=2):.3f} bits",),
    ),
    Link(
        "categorical",
        "/categorical?k=4&p=0.1,0.2,0.3,0.4&q=0.25,0.25,0.25,0.25&unit=nats",
        sliders={"k": 4},
        radios={"unit": "nats"},
        texts=(f"{kl_divergence(CAT_P, CAT_Q):.3f} nats",),
    ),
    Link(
        "samples",
        "/samples?gen=Die&n=100&seed=3",
        shown={"gen": "Die", "n": "100"},
        texts=("n = 100",),
    ),
    Link("mle", "/mle?family=Die&steps=40", sliders={"steps": 40}, radios={"family": "Die"}),
    Link(
        "forward_reverse",
        "/forward_reverse?mu0=2&sigma0=1.5&steps=40",
        sliders={"mu0": 2.0, "sigma0": 1.5, "steps": 40},
    ),
    Link(
        "derivation",
        "/derivation?example=die&p=0.5,0.25,0.25&q=0.25,0.25,0.5&n=12&seed=3&step=3",
        texts=(
            "Line 3 of 7",
            "3 faces",
            f"{kl_divergence(DIE_P, DIE_Q, base=2):.3f}",
            f"{kl_divergence(DIE_P, DIE_Q, base=2):.3f} bits",
        ),
    ),
]


def slider(page, key: str):
    return page.locator(f".st-key-{key}").get_by_role("slider").first


def slider_value(page, key: str) -> float:
    return float(slider(page, key).input_value())


def radio_choice(page, key: str) -> str:
    chosen = page.locator(f".st-key-{key} [data-testid=stRadioOption][data-selected=true]")
    return chosen.first.inner_text().strip()


def widget_text(page, key: str) -> str:
    """What a widget shows: its text and the values of its inputs (a select box's choice)."""
    return page.locator(f".st-key-{key}").first.evaluate(
        "e => e.textContent + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')"
    )


def check(page, link: Link) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    open_expanders(page)
    for key, value in link.sliders.items():
        assert slider_value(page, key) == pytest.approx(value), key
    for key, label in link.radios.items():
        assert radio_choice(page, key) == label, key
    for key, text in link.shown.items():
        assert text in widget_text(page, key), key
    main = page.inner_text("[data-testid=stMain]")
    for text in link.texts:
        assert text in main, text
    # No note says the link was (partly) ignored.
    assert page.locator("[data-testid=stAlertContentWarning]").count() == 0


def keep_screenshot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"link-{name}.png"))


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.name)
def test_a_deep_link_restores_the_page(new_page, app_url, link):
    page = new_page(app_url + link.url, PROJECTOR)
    check(page, link)
    # The link to this view is the address bar, parameters included.
    assert page.locator(".kl-share input").input_value() == page.url
    keep_screenshot(page, link.name)
    assert page.errors == []


def test_a_moved_slider_is_in_the_link_and_the_link_opens_it(new_page, app_url):
    page = new_page(app_url + "/coin?p=0.3&q=0.8", PROJECTOR)
    slider(page, "q").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    settle(page)
    link = page.locator(".kl-share input").input_value()
    assert "q=0.78" in link
    again = new_page(link, PROJECTOR)
    assert slider_value(again, "q") == pytest.approx(0.78)
    assert slider_value(again, "p") == pytest.approx(0.3)
    assert again.errors == []


def test_the_derivation_step_is_in_the_link(new_page, app_url):
    page = new_page(app_url + "/derivation?example=coin&p=0.3&q=0.8", PROJECTOR)
    assert "Line 1 of 7" in page.inner_text("[data-testid=stMain]")
    page.keyboard.press("PageDown")  # a presenter's clicker
    settle(page)
    assert "step=2" in page.url
    link = page.locator(".kl-share input").input_value()
    assert "step=2" in link
    again = new_page(link, PROJECTOR)
    main = again.inner_text("[data-testid=stMain]")
    assert "Line 2 of 7" in main
    assert "3. The coin" not in main
