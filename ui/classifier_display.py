"""What the classifier lesson shows for one example: the three numbers, why the loss is what it
is, the classes' bars, each class's share of the loss, the identity bar and the loss along the
true class's logit."""

from __future__ import annotations

import streamlit as st

from core import classifier_loss
from ui.classifier_controls import Example
from ui.figures import describe
from ui.figures.categorical import distributions_figure
from ui.figures.classifier import (
    class_names,
    class_terms_figure,
    logit_curve,
    logit_curve_figure,
    loss_sentence,
)
from ui.figures.coin import identity_bar_figure
from ui.frame import Frame, show_chart, show_identity_metrics


def show_example(frame: Frame, example: Example) -> None:
    """The example's numbers and charts, or a message where its logits cannot be scored (logits
    so large that dividing them by T overflows)."""
    options = {"temperature": example.temperature, "smoothing": example.smoothing}
    try:
        loss = classifier_loss(example.logits, example.label, **options, base=frame.base)
        curve = logit_curve(example.logits, example.label, **options, base=frame.base)
    except ValueError as error:
        st.error(f"These logits cannot be scored: {error}.", icon=":material/block:")
        return
    d = loss.decomposition
    show_identity_metrics(frame, d, source="target", event="example", match="Q = P")
    st.markdown(loss_sentence(loss, example.label))

    size = {"font_size": frame.font_size, "height": frame.main_chart_height}
    names = class_names(len(example.logits), example.label)
    left, middle, right = st.columns([3, 3, 2])
    with left:
        show_chart(
            distributions_figure(loss.target, loss.probabilities, outcomes=names, **size),
            key="classifier_classes",
            filename="classifier-p-and-q",
        )
    with middle:
        show_chart(
            class_terms_figure(loss, example.label, **size),
            key="classifier_terms",
            description=describe.class_terms_description(loss, names),
        )
    with right:
        top = max(float(d.cross_entropy), 1e-3) * 1.15
        show_chart(
            identity_bar_figure(d, y_max=top, **size),
            key="classifier_identity",
            filename="classifier-identity",
            description=describe.identity_description(d),
            table=describe.identity_table(d),
        )
    show_chart(
        logit_curve_figure(curve, **size), key="classifier_curve", filename="classifier-curve"
    )
