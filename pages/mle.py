"""Watch maximum likelihood: an animated fit sliding down H(P̂,Q) = H(P̂) + KL(P̂‖Q)."""

from __future__ import annotations

import streamlit as st

from ui import fit_controls as controls
from ui.accessibility import announce
from ui.figures.describe import fit_animation_description, fit_animation_table, fit_announcement
from ui.figures.fit import fit_animation_figure
from ui.fit_display import chart_height, show_animation, show_fit_report
from ui.fit_lesson import mle_fit
from ui.fit_reports import fit_report
from ui.frame import controls_area, page_frame
from ui.shared_sample import chosen_sample
from ui.url_state import url_choice, url_int_slider

frame = page_frame(
    "Watch maximum likelihood",
    icon=":material/trending_down:",
    intro="Each step moves the model Q uphill on the log-likelihood of the sample. The "
    "log-likelihood is −n·H(P̂,Q), so the same step slides Q down the cross-entropy towards its "
    "floor: KL shrinks, the entropy stays. Press ▶ Play, ▶ Slow to talk through the steps, or "
    "drag the slider.",
)
chart_box = st.container() if frame.present else None
settings = controls_area().expander("Data and fit", icon=":material/tune:")
chart_box = chart_box or st.container()
with settings:
    model_column, data_column, fit_column = st.columns(3)
    with model_column:
        sample = chosen_sample(st.session_state)  # from /samples, in this session
        source = url_choice(
            "Data", controls.SOURCES, key="source", default=controls.default_source(sample)
        )
        if source == "Your sample" and sample is None:
            st.info(controls.NO_SAMPLE, icon=":material/dataset:")
        shared = sample if source == "Your sample" else None
        family = url_choice(
            "Model family",
            controls.FAMILIES,
            key="family",
            default=controls.default_family(shared),
            help=controls.FAMILY_HELP,
        )
        method_name = url_choice("Method", controls.METHODS, key="method", default="Gradient")
        method = controls.METHODS[method_name]
    with data_column:
        try:
            data = controls.mle_data(family, source, sample)
        except ValueError as error:
            st.error(str(error), icon=":material/block:")
            st.stop()
    with fit_column:
        start, start_text = controls.mle_start(family)
        step_size = controls.step_size_control(family) if method == "gradient" else None
        steps = url_int_slider("Steps", key="steps", min_value=30, max_value=200, value=60)

try:
    fit = mle_fit(
        family,
        data,
        start=start,
        method=method,
        step_size=step_size,
        steps=steps,
        base=frame.base,
    )
except ValueError as error:
    st.error(f"The fit could not run: {error}.", icon=":material/block:")
    st.stop()

report = fit_report(fit, frame)
announce(fit_announcement(fit.animation), key="mle")


def build(layout: str):
    # On a projector the numbers are the title (one line less, more room for the panels); a
    # phone's one column keeps the title and the numbers on lines of their own.
    numbers_first = frame.present and layout != "stacked"
    title, subtitle = (report.subtitle, None) if numbers_first else (report.title, report.subtitle)
    return fit_animation_figure(
        fit.animation,
        title=title,
        subtitle=subtitle,
        font_size=frame.font_size,
        layout=layout,
        height=chart_height(layout),
    )


with chart_box:
    show_animation(
        frame,
        build,
        filename=f"mle-{family.lower()}",
        description=fit_animation_description(fit.animation),
        table=fit_animation_table(fit.animation),
    )
    show_fit_report(report, frame)
st.caption(f"Data: {data.description}. Start: {start_text}. {report.method_note}")
