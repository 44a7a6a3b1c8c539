"""Your samples: upload, paste or generate data; its empirical distribution P̂; the average
negative log-likelihood of a model Q as the cross-entropy H(P̂,Q) = H(P̂) + KL(P̂‖Q)."""

from __future__ import annotations

import streamlit as st

from core import growth_curves, model_probabilities, per_sample_loss, sample_identity
from ui.figures import samples as fs
from ui.figures.common import decomposition_bar_figure
from ui.frame import page_frame, show_chart
from ui.sample_sources import choose_model, choose_sample, sample_summary, truth_distance
from ui.user_text import as_message, as_text

frame = page_frame(
    "Your samples",
    icon=":material/dataset:",
    intro="The empirical distribution P̂ of a sample puts mass 1/n on each observation. The "
    "average negative log-likelihood of a model Q on the sample is exactly H(P̂,Q): maximising "
    "the likelihood is minimising the cross-entropy, and so KL(P̂‖Q).",
)
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
    else:
        view = fs.density_view(summary, model, truth)
        figure = fs.density_figure(
            view, title=title, q_label=q_label, font_size=frame.font_size, height=400
        )
    show_chart(figure, key="samples_p_hat", filename="samples-p-hat")
    st.caption(f"{as_text(chosen.sample.name)}. " + fs.entropy_note(summary))
if model is None:
    st.stop()

try:
    loss = per_sample_loss(values, summary, model)
    identity = sample_identity(values, summary, model, base=frame.base, loss=loss)
except ValueError as error:
    st.error(as_message(error), icon=":material/error:")
    st.stop()
h_name, kl_name = ("h(N̂)", "KL(N̂‖Q)") if identity.continuous else ("H(P̂)", "KL(P̂‖Q)")
with model_column:
    st.metric(
        "−(1/n) Σ log Q(xᵢ) · average negative log-likelihood",
        frame.format(identity.average_nll, 6),
        help="Observation by observation; the lines below use only P̂ and Q.",
    )
    st.markdown(
        f"= H(P̂,Q) = **{frame.format(identity.cross_entropy, 6)}**  \n"
        f"= {h_name} {frame.format(identity.entropy, 6)} + {kl_name} "
        f"{frame.format(identity.kl_divergence, 6)}"
    )

bar_column, growth_column = st.columns([2, 3], gap="medium")
with bar_column:
    if identity.continuous:
        st.info(fs.GAUSSIAN_NOTE, icon=":material/info:")
    else:
        bar = decomposition_bar_figure(
            identity.decomposition,
            font_size=frame.font_size,
            height=360,
            p_label="P̂",
            q_label="Q",
            title=f"On the sample: H(P̂,Q) = {frame.format(identity.cross_entropy)}",
        )
        show_chart(bar, key="samples_identity", filename="samples-identity")
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
        )
