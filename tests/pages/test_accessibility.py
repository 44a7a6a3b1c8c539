"""Chart numbers without a browser: the lessons' charts offer their numbers in collapsed tables,
which presentation mode leaves out."""

from __future__ import annotations

from pathlib import Path

from scipy import stats
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def chart_tables(at: AppTest) -> list:
    return [e for e in at.expander if e.label == "Chart numbers"]


def test_the_coins_charts_offer_their_numbers_collapsed():
    at = open_page("pages/coin.py", p="0.3", q="0.8")
    tables = chart_tables(at)
    assert len(tables) == 2
    assert all(not e.proto.expanded for e in tables)
    bar = tables[0].table[0].value
    h = stats.entropy([0.3, 0.7], base=2)
    kl = stats.entropy([0.3, 0.7], [0.8, 0.2], base=2)
    assert list(bar["Value"]) == [f"{h:.3f} bits", f"{kl:.3f} bits", f"{h + kl:.3f} bits"]
    curves = tables[1].table[0].value
    assert list(curves.iloc[-1]) == ["0.80 (your model)", f"{h + kl:.3f} bits", f"{kl:.3f} bits"]


def test_presentation_mode_leaves_the_tables_out():
    at = open_page("pages/coin.py", p="0.3", q="0.8", present="1")
    assert chart_tables(at) == []


def test_every_lesson_with_a_drawn_chart_offers_a_table():
    for page in ("app.py", "pages/categorical.py", "pages/derivation.py"):
        at = open_page(page) if page != "app.py" else AppTest.from_file(APP).run()
        assert chart_tables(at), page
