"""What the classifier lesson shows for one example: a drag slider per logit, the classes' bars,
each class's share of the loss, the identity bar, the three numbers, why the loss is what it is
and the loss along the true class's logit. While a logit is dragged, all of them follow it from
live tables (``ui.drag``, ``ui.figures.classifier.logit_drag``)."""

from __future__ import annotations

import streamlit as st

from core import Decomposition, classifier_loss
from ui.classifier_controls import LOGIT_GRID, LOGIT_RANGE, Example, live_logit, logit_sliders
from ui.drag import live_numbers
from ui.figures import describe
from ui.figures.categorical import distributions_figure
from ui.figures.classifier import (
    class_names,
    class_terms_figure,
    identity_axis_top,
    logit_curve,
    logit_curve_figure,
    logit_drag,
    loss_sentence,
)
from ui.figures.coin import identity_bar_figure
from ui.figures.live import live_json
from ui.frame import METRIC_VALUES, Frame, show_chart, show_identity_metrics

#: The charts a logit drag redraws (keys of ``LogitDrag``'s tables), and their page keys.
CHARTS = {
    "classes": "classifier_classes",
    "terms": "classifier_terms",
    "bar": "classifier_identity",
    "curve": "classifier_curve",
}
#: Where the sentence saying why the loss is what it is sits (a drag rewrites it).
SENTENCE = "classifier_sentence"
SENTENCE_TEXT = f".st-key-{SENTENCE} [data-testid='stMarkdownContainer'] p"


@st.cache_data(max_entries=32, show_spinner=False)
def drag_tables(
    logits: tuple[float, ...],
    label: int,
    *,
    index: int,
    temperature: float,
    smoothing: float,
    base: float | None,
    font_size: int,
    height: int,
) -> tuple[dict[str, str], list[dict]]:
    """The live tables of a drag of logit ``index`` as JSON by chart, and the live texts of the
    numbers and the sentence (``ui.drag.live_numbers``)."""
    drag = logit_drag(
        list(logits),
        label,
        index=index,
        grid=LOGIT_GRID,
        temperature=temperature,
        smoothing=smoothing,
        base=base,
        font_size=font_size,
        height=height,
    )
    charts = {chart: live_json(getattr(drag, chart)) for chart in CHARTS}
    numbers = [
        live_numbers(METRIC_VALUES, LOGIT_GRID, drag.numbers),
        live_numbers(SENTENCE_TEXT, LOGIT_GRID, drag.sentences),
    ]
    return charts, numbers


def show_example(frame: Frame, example: Example) -> Decomposition | None:
    """The logits' sliders and the example's numbers and charts, or a message where its logits
    cannot be scored (logits so large that dividing them by T overflows); returns the example's
    identity (None then)."""
    options = {"temperature": example.temperature, "smoothing": example.smoothing}
    size = {"font_size": frame.font_size, "height": frame.main_chart_height}
    try:
        loss = classifier_loss(example.logits, example.label, **options, base=frame.base)
        curve = logit_curve(
            example.logits, example.label, **options, base=frame.base, span=LOGIT_RANGE
        )
        index = live_logit(len(example.logits), example.label)
        tables, numbers = drag_tables(
            tuple(float(v) for v in example.logits),
            example.label,
            index=index,
            **options,
            base=frame.base,
            **size,
        )
    except ValueError as error:
        logit_sliders(example.logits)
        st.error(f"These logits cannot be scored: {error}.", icon=":material/block:")
        return None
    logit_sliders(example.logits, prepared=index, numbers=numbers)
    d = loss.decomposition
    live = {chart: {f"z{index}": tables[chart]} for chart in CHARTS}
    names = class_names(len(example.logits), example.label)
    # The bar's column holds its subtitle for a loss of four digits (1442.695 bits).
    left, middle, right = st.columns([5, 5, 4])
    with left:
        show_chart(
            distributions_figure(loss.target, loss.probabilities, outcomes=names, **size),
            key=CHARTS["classes"],
            filename="classifier-p-and-q",
            live=live["classes"],
            description=describe.distributions_description(
                loss.target, loss.probabilities, outcomes=names
            ),
            table=describe.distributions_table(loss.target, loss.probabilities, outcomes=names),
        )
    with middle:
        show_chart(
            class_terms_figure(loss, example.label, **size),
            key=CHARTS["terms"],
            live=live["terms"],
            description=describe.class_terms_description(loss, names),
            table=describe.class_terms_table(loss, names),
        )
    with right:
        show_chart(
            identity_bar_figure(d, y_max=identity_axis_top(d), **size),
            key=CHARTS["bar"],
            filename="classifier-identity",
            live=live["bar"],
            description=describe.identity_description(d),
            table=describe.identity_table(d),
        )
    # The charts right under the sliders that move them, as on /coin: both in view on a
    # projector's first screen; the numbers and why under them.
    show_identity_metrics(frame, d, source="target", event="example", match="Q = P")
    with st.container(key=SENTENCE):
        st.markdown(loss_sentence(loss, example.label))
    show_chart(
        logit_curve_figure(curve, **size),
        key=CHARTS["curve"],
        filename="classifier-curve",
        live=live["curve"],
        description=describe.logit_curve_description(curve),
        table=describe.logit_curve_table(curve),
    )
    return d
