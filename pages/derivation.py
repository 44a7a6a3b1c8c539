"""The derivation with live numbers: KL = cross-entropy − entropy, so minimising KL is minimising
cross-entropy is maximising likelihood, one line at a time, each evaluated for the example."""

from __future__ import annotations

import streamlit as st

from core.derivation import derivation_numbers
from ui.accessibility import announce
from ui.derivation_controls import example_controls, read_state, step_controls
from ui.figures import describe
from ui.figures.derivation import derivation_steps, main_figure
from ui.frame import MAIN_CHART, controls_area, page_frame, show_chart
from ui.styles import (
    DERIVATION_CHART_KEY,
    DERIVATION_LINE_KEY,
    PRESENT_LINES_CSS,
    STICKY_CHART_CSS,
)

frame = page_frame(
    "The derivation",
    icon=":material/functions:",
    intro="Each line of the proof, evaluated for one example so that every equality visibly "
    "holds. Reveal the lines one at a time with Next step (or PageDown); the line number is in "
    "the link, so a slide can open line 3.",
)
st.html(STICKY_CHART_CSS)
if frame.present:
    st.html(PRESENT_LINES_CSS)
state = read_state()
if not frame.present:
    with st.expander("Change the example", icon=":material/tune:"):
        example_controls(state)

numbers = derivation_numbers(state.example, base=frame.base, n=state.n, seed=state.seed)
steps = derivation_steps(numbers)
announce(
    describe.derivation_announcement(numbers, state.step, steps[state.step - 1].title),
    key="derivation",
)
with controls_area():
    step_controls(state.step)

lines, chart = st.columns([3, 2], gap="large")
with lines:
    # On the projector, earlier lines shrink to their results, folded away under one heading:
    # the current line and the chart share the screen.
    folded = state.step - 1 if frame.present else 0
    if folded:
        with st.expander(f"Lines 1 to {folded}" if folded > 1 else "Line 1"):
            for number, step in enumerate(steps[:folded], start=1):
                st.markdown(f"**{number}.** {step.summary}")
    for number, step in enumerate(steps[folded : state.step], start=folded + 1):
        with st.container(border=number == state.step, key=f"{DERIVATION_LINE_KEY}{number}"):
            st.markdown(f"**{number}. {step.title}**")
            st.markdown(step.formula)
            for row in step.numbers:
                st.markdown(row)
            st.caption(step.reason)
with chart, st.container(key=DERIVATION_CHART_KEY):
    figure = main_figure(
        numbers, state.step, font_size=frame.font_size, height=frame.main_chart_height
    )
    name = f"kl-derivation-{state.example.kind}-line{state.step}"
    show_chart(
        figure,
        key=MAIN_CHART,
        filename=name,
        description=describe.derivation_description(numbers, state.step),
        table=describe.derivation_table(numbers, state.step),
    )
