"""The coin: a true coin p against a model coin q; the three numbers, the bar, the curves over q."""

from __future__ import annotations

import math

import streamlit as st

from core import coin_decompose
from ui.figures.coin import (
    coin_curves,
    coin_curves_figure,
    coin_derivation_html,
    identity_bar_figure,
    value_axis_top,
)
from ui.frame import Frame, page_frame, show_chart, show_identity_metrics
from ui.url_state import url_slider

frame = page_frame(
    "A coin",
    icon=":material/toll:",
    intro="A true coin shows heads with probability p; your model says q. Coding the tosses "
    "with the model costs H(P,Q) per toss: the coin's own entropy H(P), which no model can beat, "
    "plus KL(P‖Q), which only a better model removes.",
)


@st.fragment
def lesson(frame: Frame) -> None:
    """Everything p and q change. A slider step reruns only this, not the page's frame: about
    half the server's work per step and half the browser's redrawing (README, Performance)."""
    left, right = st.columns(2)
    with left:
        p = url_slider(
            "True coin: p = P(heads)",
            key="p",
            min_value=0.0,
            max_value=1.0,
            value=0.7,
            step=0.01,
            help="How often the real coin lands heads.",
        )
    with right:
        q = url_slider(
            "Model coin: q = Q(heads)",
            key="q",
            min_value=0.0,
            max_value=1.0,
            value=0.4,
            step=0.01,
            help="What your model believes. Move it towards p.",
        )
    st.session_state["lesson_coin"] = {"p": p, "q": q}

    d = coin_decompose(p, q, base=frame.base)
    if math.isinf(d.cross_entropy):
        side, chance = ("heads", p) if q == 0 else ("tails", 1 - p)
        st.info(
            f"∞: your model gives {side} probability 0, yet the true coin shows {side} "
            f"{chance:.0%} of the time. One {side} is infinitely surprising, so H(P,Q) and "
            "KL(P‖Q) are infinite. Move q off the edge.",
            icon=":material/all_inclusive:",
        )

    top = value_axis_top(d, base=frame.base)
    bar_column, curve_column = st.columns([2, 3])
    with bar_column:
        bar = identity_bar_figure(
            d, y_max=top, font_size=frame.font_size, height=frame.main_chart_height
        )
        show_chart(bar, key="coin_bar", filename="coin-identity")
    with curve_column:
        curves = coin_curves(p, base=frame.base)
        figure = coin_curves_figure(
            curves, q, d, y_max=top, font_size=frame.font_size, height=frame.main_chart_height
        )
        show_chart(figure, key="main", filename="coin-curves-over-q")

    show_identity_metrics(frame, d, source="coin", event="toss", match="q = p")
    st.subheader("The derivation, with your numbers")
    st.html(coin_derivation_html(p, q, base=frame.base))
    if p in (0.0, 1.0):
        st.caption("A side that never happens costs nothing: 0 · log 0 counts as 0.")


lesson(frame)
