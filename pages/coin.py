"""The coin: a true coin p against a model coin q; the three numbers, the bar, the curves over q."""

from __future__ import annotations

import math
from functools import partial

import streamlit as st

from core import coin_decompose
from ui.accessibility import announce
from ui.drag import DragControl, drag_slider, live_numbers
from ui.figures import describe
from ui.figures.coin import (
    coin_curves,
    coin_curves_figure,
    coin_derivation_html,
    coin_drag,
    identity_bar_figure,
    value_axis_top,
)
from ui.frame import (
    MAIN_CHART,
    METRIC_VALUES,
    Frame,
    controls_area,
    page_frame,
    show_chart,
    show_identity_metrics,
)
from ui.live_chart import PackedTables, pack_tables
from ui.url_state import LESSON_COIN

#: The slider whose live tables the page sends (the session's; q until p is pointed at).
LIVE_COIN = "_coin_live_slider"
#: The bar's key (the curves are the main chart).
BAR_CHART = "coin_bar"

frame = page_frame(
    "A coin",
    icon=":material/toll:",
    intro="A true coin shows heads with probability p; your model says q. Coding the tosses "
    "with the model costs H(P,Q) per toss: the coin's own entropy H(P), which no model can beat, "
    "plus KL(P‖Q), which only a better model removes.",
)


TRUE_COIN = DragControl(
    key="p",
    label="True coin: p = P(heads)",
    symbol="p",
    min_value=0.0,
    max_value=1.0,
    default=0.7,
    step=0.01,
    help="How often the real coin lands heads.",
)
MODEL_COIN = DragControl(
    key="q",
    label="Model coin: q = Q(heads)",
    symbol="q",
    min_value=0.0,
    max_value=1.0,
    default=0.4,
    step=0.01,
    help="What your model believes. Move it towards p.",
)


@st.cache_data(max_entries=64, show_spinner=False)
def drag_tables(
    control: str, held: float, base: float | None, y_max: float, font_size: int, height: int
) -> tuple[PackedTables, PackedTables, list[list[str]]]:
    """The live tables of one slider (``coin_drag``), packed to send, for the curves and for
    the bar, and the numbers' texts. They depend on the other coin, not on the dragged one, so
    a commit of q keeps q's tables and builds p's, and the other way round; a step of the
    slider whose tables they are sends them again as they were kept."""
    drag = coin_drag(
        control,
        held,
        grid=MODEL_COIN.grid,
        base=base,
        y_max=y_max,
        font_size=font_size,
        height=height,
    )
    return (
        pack_tables({control: drag.curves}, key=MAIN_CHART),
        pack_tables({control: drag.bar}, key=BAR_CHART),
        drag.numbers,
    )


def _prepare(key: str) -> None:
    st.session_state[LIVE_COIN] = key


@st.fragment
def lesson(frame: Frame) -> None:
    """Everything p and q change. A committed slider value reruns only this, not the page's
    frame: about half the server's work per step and half the browser's redrawing (README,
    Performance). While a slider is dragged, the charts and the metrics follow it from the
    live tables sent with them (ui.drag), without the server. The tables of one slider at a
    time: q's, until the pointer or the focus reaches p (a step of one slider then sends a
    quarter of the bytes it would with both)."""
    p, q = TRUE_COIN.value(), MODEL_COIN.value()
    st.session_state[LESSON_COIN] = {"p": p, "q": q}
    d = coin_decompose(p, q, base=frame.base)
    top = value_axis_top(d, base=frame.base)
    size = {"font_size": frame.font_size, "height": frame.main_chart_height}
    curves, bars = {}, {}  # the live slider's tables
    with controls_area():
        left, right = st.columns(2)
    live = st.session_state.get(LIVE_COIN, MODEL_COIN.key)
    for column, control, value, held in ((left, TRUE_COIN, p, q), (right, MODEL_COIN, q, p)):
        key = control.key
        numbers = None
        if key == live:
            curves, bars, texts = drag_tables(key, held, frame.base, top, **size)
            numbers = [live_numbers(METRIC_VALUES, control.grid, texts)]
        with column:
            drag_slider(
                control,
                value=value,
                numbers=numbers,
                prepared=key == live,
                on_prepare=partial(_prepare, key),
            )

    if math.isinf(d.cross_entropy):
        side, chance = ("heads", p) if q == 0 else ("tails", 1 - p)
        st.info(
            f"∞: your model gives {side} probability 0, yet the true coin shows {side} "
            f"{chance:.0%} of the time. One {side} is infinitely surprising, so H(P,Q) and "
            "KL(P‖Q) are infinite. Move q off the edge.",
            icon=":material/all_inclusive:",
        )

    bar_column, curve_column = st.columns([2, 3])
    with bar_column:
        bar = identity_bar_figure(d, y_max=top, **size)
        show_chart(
            bar,
            key=BAR_CHART,
            filename="coin-identity",
            live=bars,
            description=describe.identity_description(d),
            table=describe.identity_table(d),
        )
    with curve_column:
        over_q = coin_curves(p, base=frame.base)
        figure = coin_curves_figure(over_q, q, d, y_max=top, **size)
        show_chart(
            figure,
            key=MAIN_CHART,
            filename="coin-curves-over-q",
            live=curves,
            description=describe.coin_curves_description(over_q, q, d),
            table=describe.coin_curves_table(over_q, q, d),
        )

    show_identity_metrics(frame, d, source="coin", event="toss", match="q = p")
    announce(describe.identity_announcement(d), key="coin")
    st.header("The derivation, with your numbers")
    st.html(coin_derivation_html(p, q, base=frame.base))
    if p in (0.0, 1.0):
        st.caption("A side that never happens costs nothing: 0 · log 0 counts as 0.")


lesson(frame)
