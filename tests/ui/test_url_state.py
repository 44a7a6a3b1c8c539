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


# A parameter given more than once -----------------------------------------------------------------


def _every_reader():
    import streamlit as st

    from ui.url_state import (
        choice_note,
        read_choice,
        read_distribution,
        read_probability,
        url_choice,
        url_int_slider,
        url_slider,
    )

    p = url_slider("p", key="p", min_value=0.0, max_value=1.0, value=0.7, step=0.01)
    st.markdown(f"slider {p}")
    st.markdown(f"whole slider {url_int_slider('k', key='k', min_value=2, max_value=9, value=6)}")
    choice_note("n", [10, 20, 50], slider=True)
    n = st.select_slider("n", [10, 20, 50], value=20, key="n", bind="query-params")
    st.markdown(f"select slider {n}")
    st.markdown(f"probability {read_probability('q', fallback=0.4)}")
    st.markdown(f"choice {url_choice('Pick', ['a', 'b', 'c'], key='pick', default='a')}")
    st.markdown(f"read choice {read_choice('example', ['coin', 'die'], fallback='coin')}")
    shown = read_distribution("d", k=None, instead="Showing the preset instead.")
    st.markdown(f"distribution {shown.tolist()}")


def test_a_repeated_parameter_gets_a_note_naming_every_value_and_the_one_used():
    at = AppTest.from_function(_every_reader, default_timeout=30)
    at.query_params.update(
        {
            "p": ["0.3", "0.9"],
            "k": ["3", "4"],
            "n": ["10", "50"],
            "q": ["0.1", "0.2", "0.3"],
            "pick": ["b", "c"],
            "example": ["die", "coin"],
            "d": ["0.5,0.5", "1,0"],
        }
    )
    at.run()
    assert not at.exception
    # Sliders have no one value and show their default; the others use the last value.
    assert [m.value for m in at.markdown] == [
        "slider 0.7",
        "whole slider 6",
        "select slider 20",
        "probability 0.3",
        "choice c",
        "read choice coin",
        "distribution [1.0, 0.0]",
    ]
    told = "a slider takes one value, so all are ignored"
    assert [w.value for w in at.warning] == [
        f"The link gives `p` 2 times (`0.3`, `0.9`); {told}; using p = 0.7.",
        f"The link gives `k` 2 times (`3`, `4`); {told}; using k = 6.",
        f"The link gives `n` 2 times (`10`, `50`); {told}; using the default.",
        "The link gives `q` 3 times (`0.1`, `0.2`, `0.3`); using the last one.",
        "The link gives `pick` 2 times (`b`, `c`); using the last one.",
        "The link gives `example` 2 times (`die`, `coin`); using the last one.",
        "The link gives `d` 2 times (`0.5,0.5`, `1,0`); using the last one.",
    ]


def test_a_single_value_gets_no_note():
    at = AppTest.from_function(_every_reader, default_timeout=30)
    at.query_params.update(
        {"p": "0.3", "k": "3", "n": "50", "q": "0.1", "pick": "b", "example": "die", "d": "1,0"}
    )
    at.run()
    assert not at.warning
    assert [m.value for m in at.markdown] == [
        "slider 0.3",
        "whole slider 3",
        "select slider 50",
        "probability 0.1",
        "choice b",
        "read choice die",
        "distribution [1.0, 0.0]",
    ]


# A value the page sets ---------------------------------------------------------------------------


def _set_by_the_page():
    import streamlit as st

    from ui.url_state import set_widget_value, url_slider

    st.button("Set", key="set", on_click=set_widget_value, args=("w", 0.0))
    w = url_slider("w", key="w", min_value=0.0, max_value=1.0, value=0.5, step=0.01)
    st.markdown(f"w {w}")


def test_a_value_the_page_sets_is_sent_to_the_browser_without_a_default(monkeypatch):
    import streamlit.elements.lib.policies as policies

    warned = []
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies._LOGGER, "warning", lambda *a, **k: warned.append(a))
    at = AppTest.from_function(_set_by_the_page, default_timeout=30).run()
    assert at.markdown[0].value == "w 0.5" and not at.slider[0].proto.set_value
    at.button(key="set").click().run()
    slider = at.slider(key="w")
    assert at.markdown[0].value == "w 0.0" and slider.value == 0.0
    assert slider.proto.set_value and list(slider.proto.value) == [0.0]  # the browser shows 0
    assert warned == []  # no "created with a default value but also ... Session State API"
    at.run()  # the next run draws the widget with its default again; the value stays
    assert at.markdown[0].value == "w 0.0" and not warned
