"""Your samples: upload, paste or generate data; its empirical distribution P̂; the average
negative log-likelihood of a model Q as the cross-entropy H(P̂,Q) = H(P̂) + KL(P̂‖Q)."""

from __future__ import annotations

import streamlit as st

from core import growth_curves, model_probabilities, per_sample_loss, sample_identity
from ui.accessibility import announce_changes
from ui.figures import describe
from ui.figures import samples as fs
from ui.figures.common import decomposition_bar_figure
from ui.frame import controls_area, page_frame, show_chart
from ui.sample_sources import choose_model, choose_sample, sample_summary, truth_distance
from ui.user_text import as_message, as_text

frame = page_frame(
    "Your samples",
    icon=":material/dataset:",
    intro=fs.INTRO,
)
with controls_area():
    chosen = choose_sample(present=frame.present)
if chosen is None:
    st.stop()
truth, values = chosen.truth, chosen.sample.values
try:
    summary = sample_summary(chosen, frame.base)
except ValueError as error:  # the page's boundary: a message, never a traceback
    st.error(as_message(error), icon=":material/error:")
    st.stop()

figure_column, model_column = st.columns([3, 2], gap="medium")
with model_column:
    model = choose_model(summary, chosen.kind)
with figure_column:
    q_label = "Q: " + fs.model_label(summary, model) if model else "Q"
    title = fs.sample_title(summary)
    if summary.discrete and (model is None or model.discrete):
        q = model_probabilities(summary, model) if model else None
        p_true = truth.probabilities if truth is not None and truth.discrete else None
        bars = fs.empirical_bars(summary, q, p_true)
        figure = fs.empirical_bars_figure(
            bars, title=title, q_label=q_label, font_size=frame.font_size, height=400
        )
        numbers = {
            "description": describe.empirical_bars_description(bars, summary),
            "table": describe.empirical_bars_table(bars),
        }
    else:
        view = fs.density_view(summary, model, truth)
        figure = fs.density_figure(
            view, title=title, q_label=q_label, font_size=frame.font_size, height=400
        )
        numbers = {
            "description": describe.density_description(view, summary),
            "table": describe.density_table(view),
        }
    show_chart(figure, key="samples_p_hat", filename="samples-p-hat", **numbers)
    st.caption(f"{as_text(chosen.sample.name)}. " + fs.entropy_note(summary))
sample_numbers = fs.sample_title(summary)
if model is None:
    announce_changes([sample_numbers, ""], key="samples")
    st.stop()

try:
    loss = per_sample_loss(values, summary, model)
    identity = sample_identity(values, summary, model, base=frame.base, loss=loss)
except ValueError as error:
    st.error(as_message(error), icon=":material/error:")
    st.stop()
announce_changes([sample_numbers, describe.sample_identity_announcement(identity)], key="samples")
with model_column:
    st.metric(
        fs.average_label(model),
        frame.format(identity.average_nll),
        help="Observation by observation; the lines below the first use only P̂ and Q.",
    )
    st.markdown(fs.identity_lines(identity, frame.unit))
    st.caption(fs.PRECISION_NOTE)

bar_column, growth_column = st.columns([2, 3], gap="medium")
with bar_column:
    if identity.continuous:
        st.info(fs.density_note(summary), icon=":material/info:")
    else:
        bar = decomposition_bar_figure(
            identity.decomposition,
            font_size=frame.font_size,
            height=360,
            p_label="P̂",
            q_label="Q",
            title=f"On the sample: H(P̂,Q) = {frame.format(identity.cross_entropy)}",
        )
        show_chart(
            bar,
            key="samples_identity",
            filename="samples-identity",
            description=describe.identity_description(identity.decomposition, p_label="P̂"),
            table=describe.identity_table(identity.decomposition, p_label="P̂"),
        )
with growth_column:
    if truth is None:
        st.caption(
            "Generate data from a known P to watch the average NLL settle on H(P,Q) "
            "and P̂ close in on P as n grows."
        )
    else:
        distance = truth_distance(chosen, frame.base)
        curves = growth_curves(loss, truth, summary, model, distance, base=frame.base)
        show_chart(
            fs.growth_figure(
                curves, title=fs.growth_title(curves), font_size=frame.font_size, height=460
            ),
            key="samples_growth",
            filename="samples-as-n-grows",
            description=describe.growth_description(curves),
            table=describe.growth_table(curves),
        )
