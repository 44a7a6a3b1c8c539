"""The die: a true P over K outcomes against a model Q; each outcome's share of KL, and the path
of models from Q to P along which KL falls to 0."""

from __future__ import annotations

import streamlit as st

from core import decompose
from ui.accessibility import announce
from ui.die_controls import BAR_GRID, HANDLES_CHART, die_bar_handles, die_inputs, live_bar
from ui.figures import describe
from ui.figures.categorical import (
    contributions,
    contributions_figure,
    die_live,
    distributions_figure,
    infinity_note,
    path_axis_top,
    path_curves,
    path_figure,
)
from ui.figures.coin import identity_bar_figure
from ui.frame import controls_area, page_frame, show_chart, show_identity_metrics

frame = page_frame(
    "A loaded die",
    icon=":material/casino:",
    intro="A die with K faces lands on face k with probability p_k; your model says q_k. Each "
    "outcome adds p_k·log(p_k/q_k) to KL: positive where the model expects the face too rarely, "
    "negative where too often. The terms add up to KL ≥ 0, which is 0 only when Q = P.",
)

with controls_area():
    die = die_inputs(present=frame.present)
if die.problems:
    st.info("The charts come back once P and Q each sum to 1.", icon=":material/info:")
    st.stop()

d = decompose(die.p, die.q, base=frame.base)
if note := infinity_note(die.p, die.q):
    st.info(note, icon=":material/all_inclusive:")
announce(describe.identity_announcement(d), key="die")
if not frame.present:  # presenting, the numbers are in the charts' titles
    show_identity_metrics(frame, d, source="die", event="roll", match="Q = P")

size = {"font_size": frame.font_size, "height": frame.main_chart_height}
curves = path_curves(die.p, die.q, base=frame.base)
top = path_axis_top(curves)
# While a bar is dragged the charts above the path follow it (ui.drag, bar handles).
bar = live_bar(die.k)
live = die_live(
    die.p, die.q, controls=[bar] if bar else [], grid=BAR_GRID, base=frame.base, y_max=top, **size
)
left, right = st.columns(2)
with left:
    show_chart(
        distributions_figure(die.p, die.q, **size),
        key=HANDLES_CHART,
        filename="die-p-and-q",
        live=live.distributions,
        description=describe.distributions_description(die.p, die.q),
        table=describe.distributions_table(die.p, die.q),
    )
    die_bar_handles(die, live=live, prepared=bar)
with right:
    terms = contributions(die.p, die.q, base=frame.base)
    show_chart(
        contributions_figure(terms, **size),
        key="main",
        filename="die-kl-per-outcome",
        live=live.contributions,
        description=describe.contributions_description(terms),
        table=describe.contributions_table(terms),
    )

bar_column, path_column = st.columns([2, 3])
with bar_column:
    show_chart(
        identity_bar_figure(d, y_max=top, **size),
        key="die_identity",
        filename="die-identity",
        live=live.bar,
        description=describe.identity_description(d),
        table=describe.identity_table(d),
    )
with path_column:
    show_chart(
        path_figure(curves, y_max=top, **size),
        key="die_path",
        filename="die-path-q-to-p",
        description=describe.path_description(curves),
        table=describe.path_table(curves),
    )
