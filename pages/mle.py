"""Watch maximum likelihood: an animated fit sliding down H(P̂,Q) = H(P̂) + KL(P̂‖Q)."""

from __future__ import annotations

import streamlit as st

from ui import fit_lesson as lesson
from ui.figures.fit import fit_animation_figure
from ui.frame import page_frame
from ui.shared_sample import chosen_sample
from ui.widgets import url_int_slider

frame = page_frame(
    "Watch maximum likelihood",
    icon=":material/trending_down:",
    intro="Each step moves the model Q uphill on the log-likelihood of the sample. The "
    "log-likelihood is −n·H(P̂,Q), so the same step slides Q down the cross-entropy towards its "
    "floor: KL shrinks, the entropy stays. Press ▶ Play, ▶ Slow to talk through the steps, or "
    "drag the slider.",
)
chart_box = st.container() if frame.present else None
settings = st.expander("Data and fit", expanded=not frame.present, icon=":material/tune:")
chart_box = chart_box or st.container()
with settings:
    model_column, data_column, fit_column = st.columns(3)
    with model_column:
        sample = chosen_sample(st.session_state)  # from /samples, in this session
        source = lesson.url_choice(
            "Data", lesson.SOURCES, key="source", default=lesson.default_source(sample)
        )
        if source == "Your sample" and sample is None:
            st.info(lesson.NO_SAMPLE, icon=":material/dataset:")
        shared = sample if source == "Your sample" else None
        family = lesson.url_choice(
            "Model family",
            lesson.FAMILIES,
            key="family",
            default=lesson.default_family(shared),
            help=lesson.FAMILY_HELP,
        )
        method_name = lesson.url_choice("Method", lesson.METHODS, key="method", default="Gradient")
        method = lesson.METHODS[method_name]
    with data_column:
        try:
            data = lesson.mle_data(family, source, sample)
        except ValueError as error:
            st.error(str(error), icon=":material/block:")
            st.stop()
    with fit_column:
        start, start_text = lesson.mle_start(family)
        step_size = lesson.step_size_control(family) if method == "gradient" else None
        steps = url_int_slider("Steps", key="steps", min_value=30, max_value=200, value=60)

try:
    fit = lesson.mle_fit(family, data, start, method, step_size, steps, frame.base)
except ValueError as error:
    st.error(f"The fit could not run: {error}.", icon=":material/block:")
    st.stop()

report = lesson.fit_report(fit, frame)
# On a projector the numbers are the title: one line less, more room for the panels.
title, subtitle = (report.subtitle, None) if frame.present else (report.title, report.subtitle)


def build(layout: str):
    return fit_animation_figure(
        fit.animation,
        title=title,
        subtitle=subtitle,
        font_size=frame.font_size,
        layout=layout,
        height=lesson.chart_height(frame, layout),
    )


with chart_box:
    lesson.show_animation(frame, build, filename=f"mle-{family.lower()}")
    lesson.show_fit_report(report, frame)
st.caption(f"Data: {data.description}. Start: {start_text}. {report.method_note}")
