"""Forward against reverse KL: one Gaussian fitted to a bimodal P by KL(P‖Q) and by KL(Q‖P)."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import announce
from ui.figures.describe import (
    forward_reverse_announcement,
    forward_reverse_description,
    forward_reverse_table,
)
from ui.figures.forward_reverse import forward_reverse_figure
from ui.fit_controls import mixture_controls, seed_control, start_controls
from ui.fit_display import forward_reverse_height, show_animation, show_forward_reverse_report
from ui.fit_lesson import forward_reverse_fit
from ui.fit_reports import forward_reverse_report
from ui.frame import controls_area, page_frame
from ui.url_state import url_int_slider, url_slider

frame = page_frame(
    "Forward vs reverse KL",
    icon=":material/compare_arrows:",
    intro="KL is not symmetric. Minimising KL(P‖Q), as maximum likelihood does, punishes Q for "
    "missing any of P's mass: the Gaussian stretches over both modes. Minimising KL(Q‖P), as "
    "variational inference does, punishes Q for putting mass where P has none: it hides in one "
    "mode, and which one depends on the start, as reverse KL has a local minimum in each. Both "
    "start from the same Gaussian; press ▶ Play (or ▶ Slow).",
)
chart_box = st.container() if frame.present else None
settings = controls_area().expander("P and the start", icon=":material/tune:")
chart_box = chart_box or st.container()
with settings:
    p_column, start_column = st.columns([3, 2])
    with p_column:
        p = mixture_controls()
    with start_column:
        mu0, sigma0 = start_controls()
        step_size = url_slider(
            "Step size η", key="step", min_value=0.01, max_value=0.5, value=0.1, step=0.01
        )
        steps = url_int_slider("Steps", key="steps", min_value=30, max_value=150, value=60)
        seed = seed_control()

try:
    fits = forward_reverse_fit(
        p, mu0, sigma0, step_size=step_size, steps=steps, seed=seed, base=frame.base
    )
except ValueError as error:
    st.error(f"The fit could not run: {error}.", icon=":material/block:")
    st.stop()

report = forward_reverse_report(fits, frame)
announce(forward_reverse_announcement(fits.animation), key="forward_reverse")


def build(layout: str):
    # On a projector the numbers are the title (one line less, more room for the panels); a
    # phone's one column keeps the title and the numbers on lines of their own.
    numbers_first = frame.present and layout != "stacked"
    title, subtitle = (report.subtitle, None) if numbers_first else (report.title, report.subtitle)
    return forward_reverse_figure(
        fits.animation,
        title=title,
        subtitle=subtitle,
        font_size=frame.font_size,
        stacked=layout == "stacked",
        height=forward_reverse_height(frame, layout),
    )


with chart_box:
    show_animation(
        frame,
        build,
        filename="forward-vs-reverse-kl",
        description=forward_reverse_description(fits.animation),
        table=forward_reverse_table(fits.animation),
    )
    show_forward_reverse_report(report, fits, frame)
