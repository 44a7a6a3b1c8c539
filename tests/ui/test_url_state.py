"""The one home of URL state: which link values are used, and the one note for each that is not;
every seed, whether a widget holds it or the page reads it, runs from 0 to MAX_SEED."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.url_state import MAX_SEED, whole_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 7 ", 7),
        ("0", 0),
        ("-0", 0),
        ("20", 20),
        ("21", None),
        ("-3", None),
        ("7.0", None),
        ("1e1", None),
        ("²", None),  # a digit to str.isdigit, but not a number int() reads
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_a_whole_number_is_read_only_when_it_is_one_in_range(raw, expected):
    assert whole_number(raw, 0, 20) == expected


def _seeds():
    import streamlit as st

    from ui.url_state import read_seed, url_seed

    st.markdown(f"read {read_seed(fallback=7)}")
    st.markdown(f"widget {url_seed('Seed', default=1, help='The seed.')}")


def _open(**params: str) -> AppTest:
    at = AppTest.from_function(_seeds, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_largest_seed_is_used_by_reader_and_widget_alike():
    at = _open(seed=str(MAX_SEED))
    assert not at.exception and not at.warning
    assert [m.value for m in at.markdown] == [f"read {MAX_SEED}", f"widget {MAX_SEED}"]


@pytest.mark.parametrize("raw", [str(MAX_SEED + 1), "-1", "seven", "²"])
def test_a_seed_out_of_range_gets_the_same_note_from_reader_and_widget(raw):
    at = _open(seed=raw)
    assert not at.exception
    problem = f"The link's `seed={raw}` is not a whole number from 0 to {MAX_SEED:,}"
    assert [w.value for w in at.warning] == [
        f"{problem}; using seed = 7.",
        f"{problem}; using seed = 1.",
    ]
    assert [m.value for m in at.markdown] == ["read 7", "widget 1"]
