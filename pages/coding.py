"""Bits you can count: a sample from P compressed for real with a coder built for Q and one built
for P; the cross-entropy is the length of the compressed message, KL the bits wasted."""

from __future__ import annotations

import streamlit as st

from core import decompose
from ui.accessibility import announce
from ui.coding_lesson import coded_sample
from ui.derivation_controls import example_inputs, read_example
from ui.figures import describe
from ui.figures.coding import (
    BIT_STREAM_CSS,
    EVENTS,
    OVERHEAD_TEXT,
    SYMBOL_CODES_TEXT,
    bit_stream_html,
    code_lengths_figure,
    code_table,
    coder_metrics,
    convergence_figure,
    identity_figure,
    lossless_text,
    nats_text,
    ruled_out_text,
    stream_caption,
)
from ui.frame import MAIN_CHART, controls_area, page_frame, show_chart
from ui.url_state import MAX_SEED, read_seed, read_whole

MAX_N, DEFAULT_N, DEFAULT_SEED = 1_000_000, 1000, 1
SAMPLE_SIZES = (1, 10, 100, 1000, 10_000, 100_000, MAX_N)

frame = page_frame(
    "Bits you can count",
    icon=":material/data_object:",
    intro="Draw outcomes from P and compress them for real, once with a coder built for the "
    "model Q and once with one built for P. Q's message costs H(P,Q) bits per outcome, P's "
    "costs H(P): the difference, KL(P‖Q), is the bits wasted on the wrong model.",
)
example = read_example()
n = read_whole("n", low=1, high=MAX_N, fallback=DEFAULT_N)
seed = read_seed(fallback=DEFAULT_SEED)
st.query_params.update({"n": str(n), "seed": str(seed)})
if not frame.present:
    with controls_area(), st.expander("Change the example and the sample", icon=":material/tune:"):
        example_inputs(example)
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        st.session_state["_coding_n"] = n
        left.select_slider(
            "Sample size n",
            options=sorted({*SAMPLE_SIZES, n}),
            format_func="{:,}".format,
            key="_coding_n",
            on_change=lambda: st.query_params.update(n=str(st.session_state["_coding_n"])),
            help=f"Any whole number from 1 to {MAX_N:,} works in the link (`n=`).",
        )
        right.button(
            "New sample",
            icon=":material/casino:",
            on_click=st.query_params.update,
            kwargs={"seed": str((seed + 1) % (MAX_SEED + 1))},
            key="coding_new_sample",
            help=f"Draw {n:,} new outcomes from P (the seed is in the link).",
        )

event = EVENTS[example.kind]
coded = coded_sample(example, n=n, seed=seed)
comparison, codes = coded.comparison, coded.codes
truth = decompose(example.p, example.q, base=2)
announce(describe.coding_announcement(comparison), key="coding")

chart, numbers = st.columns([2, 1], gap="large")
with chart:
    figure = convergence_figure(
        comparison, truth, font_size=frame.font_size, height=frame.main_chart_height
    )
    show_chart(
        figure,
        key=MAIN_CHART,
        filename=f"kl-coding-{example.kind}-n{n}",
        description=describe.coding_description(comparison),
        table=describe.coding_table(comparison),
    )
    st.caption(OVERHEAD_TEXT)
with numbers:
    for metric in coder_metrics(comparison, event=event, nats=frame.base is None):
        st.metric(metric.label, metric.value)
        st.caption(metric.caption)
note = ruled_out_text(example, comparison.with_q)
if note:
    st.info(note, icon=":material/all_inclusive:")
st.markdown(lossless_text(comparison, event=event))
if frame.base is None:
    st.caption(nats_text(truth))

left, right = st.columns(2, gap="large")
with left:
    show_chart(
        identity_figure(comparison, font_size=frame.font_size),
        key="coding_identity",
        description=describe.coding_identity_description(comparison),
        table=describe.coding_identity_table(comparison),
    )
with right:
    figure = code_lengths_figure(codes.expected, truth, font_size=frame.font_size)
    show_chart(
        figure,
        key="coding_lengths",
        description=describe.code_lengths_description(codes.expected, truth),
        table=describe.code_lengths_table(codes.expected, truth),
    )
    st.caption(SYMBOL_CODES_TEXT)

st.header("A code you can read")
st.html(BIT_STREAM_CSS)
left, right = st.columns(2, gap="large")
for column, name, code, shannon, stream in (
    (left, "Q", codes.huffman_q, codes.shannon_q, coded.stream_q),
    (right, "P", codes.huffman_p, codes.shannon_p, coded.stream_p),
):
    with column:
        st.markdown(f"**The code built for {name}**")
        st.table(code_table(example.outcomes, code, shannon, name=name))
        st.markdown(stream_caption(stream, name=name, event=event))
        label = f"bit stream of the code for {name}"
        st.html(bit_stream_html(stream, example.outcomes, label=label))
