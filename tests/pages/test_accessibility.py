"""Charts in words and numbers without a browser: every chart on every page is named with its live
numbers and offers them in a collapsed table, which presentation mode leaves out; each lesson has
one polite live region that says what the last change moved."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from core.sampling import draw_bernoulli
from tests.charts import charts

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def chart_tables(at: AppTest) -> list[dict]:
    """The "Chart numbers" table of each chart that has one, in page order."""
    return [chart["numbers"] for chart in charts(at) if chart["numbers"] is not None]


def table_rows(table: dict) -> list[dict[str, str]]:
    """A "Chart numbers" table as rows of ``{column: text}``."""
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


def test_the_coins_charts_offer_their_numbers_collapsed():
    at = open_page("pages/coin.py", p="0.3", q="0.8")
    tables = chart_tables(at)
    assert len(tables) == 2
    bar = table_rows(tables[0])
    h = stats.entropy([0.3, 0.7], base=2)
    kl = stats.entropy([0.3, 0.7], [0.8, 0.2], base=2)
    values = [f"{h:.3f} bits", f"{kl:.3f} bits", f"{h + kl:.3f} bits"]
    assert [row["Value"] for row in bar] == values
    curves = table_rows(tables[1])
    assert list(curves[-1].values()) == ["0.80 (your model)", values[2], values[1]]


def test_presentation_mode_leaves_the_tables_out():
    at = open_page("pages/coin.py", p="0.3", q="0.8", present="1")
    assert chart_tables(at) == []


def test_every_lesson_with_a_drawn_chart_offers_a_table():
    for page in ("app.py", "pages/categorical.py", "pages/derivation.py"):
        at = open_page(page) if page != "app.py" else AppTest.from_file(APP).run()
        assert chart_tables(at), page


#: Every page, in a view that draws all its charts: (script, link parameters).
EVERY_PAGE = [
    ("app.py", {}),
    ("pages/coin.py", {"p": "0.3", "q": "0.8"}),
    ("pages/categorical.py", {}),
    ("pages/samples.py", {}),
    ("pages/mle.py", {"family": "Die"}),
    ("pages/forward_reverse.py", {}),
    ("pages/coding.py", {}),
    ("pages/classifier.py", {}),
    ("pages/derivation.py", {"step": "5"}),
]

#: A number as a chart's words give it: 0.881, 1,000, 13%.
NUMBER = re.compile(r"\d[\d,]*\.\d+|\d{2,}")


def page_at(script: str, params: dict[str, str]) -> AppTest:
    if script == "app.py":
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()
    return open_page(script, **params)


@pytest.mark.parametrize("script, params", EVERY_PAGE, ids=[s for s, _ in EVERY_PAGE])
def test_every_chart_on_every_page_is_named_with_its_numbers_and_offers_them_as_a_table(
    script, params
):
    at = page_at(script, params)
    assert not at.exception
    shown = charts(at)
    assert shown, f"{script}: no chart"
    for chart in shown:
        words = chart["description"]
        assert len(NUMBER.findall(words)) >= 2, f"{script} {chart['key']}: {words!r}"
    tables = chart_tables(at)
    assert len(tables) == len(shown), f"{script}: {len(shown)} charts, {len(tables)} tables"
    assert all(len(table_rows(table)) >= 2 for table in tables), script
    # one polite live region per page, except the overview, which changes nothing
    regions = announcements(at)
    assert len(regions) == (0 if script == "app.py" else 1), script


def announcements(at: AppTest) -> list[str]:
    """The text of each live region (``ui.accessibility.announce``) on the page."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if (
            getattr(node, "type", None) == "bidi_component"
            and proto.component_name == "kl_announce"
        ):
            found.append(json.loads(proto.json)["text"])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def test_the_mle_chart_is_named_with_the_fits_numbers_from_core():
    at = open_page("pages/mle.py", family="Coin")
    (main, _narrow) = charts(at)
    # 300 tosses of p = 0.7 (seed 1): the fit ends at the closed-form MLE, KL to it 0
    x = draw_bernoulli(0.7, 300, seed=1)
    q_hat = float(np.mean(x))
    h = stats.entropy([q_hat, 1 - q_hat], base=2)
    assert f"q = {q_hat:.3f}, the cross-entropy" in main["description"] or (
        f"to q = {q_hat:.3f}" in main["description"]
    )
    assert f"the entropy stays {h:.3f} bits" in main["description"]
    (said,) = announcements(at)
    assert said.startswith("The fit ends after 60 steps at q = ")
    assert said.endswith("KL 0.000 bits")


def test_the_derivation_announces_the_line_it_shows_with_its_numbers():
    at = open_page("pages/derivation.py", step="4", example="coin", p="0.3", q="0.8")
    (said,) = announcements(at)
    h = stats.entropy([0.3, 0.7], base=2)
    kl = stats.entropy([0.3, 0.7], [0.8, 0.2], base=2)
    assert said == (
        f"Line 4 of 7: Rearranged: cross-entropy = entropy + KL. Bar: H(P) {h:.3f} bits plus KL "
        f"{kl:.3f} bits equals H(P,Q) {h + kl:.3f} bits"
    )


def test_the_classifier_announces_only_what_the_last_change_moved():
    at = open_page("pages/classifier.py", logits="2,1,0.1", label="0")
    (first,) = announcements(at)
    assert first.startswith("Example: H(P) 0.000 bits, KL ") and "Training ends after" in first
    at.text_input(key="logits").set_value("3,1,0.1").run()
    (after,) = announcements(at)
    q = np.exp([3, 1, 0.1]) / np.exp([3, 1, 0.1]).sum()
    assert after == (
        f"Example: H(P) 0.000 bits, KL {-np.log2(q[0]):.3f} bits, H(P,Q) {-np.log2(q[0]):.3f} bits"
    )
