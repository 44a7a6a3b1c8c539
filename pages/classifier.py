"""Cross-entropy as a classifier's loss: one example's loss split as H(P) + KL(P‖Q), and a
softmax regression trained by gradient descent, its average loss falling to the floor."""

from __future__ import annotations

import streamlit as st

from core import classifier_loss, draw_clusters, train_classifier
from ui import classifier_controls as controls
from ui.figures.categorical import distributions_figure
from ui.figures.classifier import (
    class_names,
    class_terms_figure,
    logit_curve,
    logit_curve_figure,
    loss_sentence,
    training_figure,
    training_title,
)
from ui.figures.coin import identity_bar_figure
from ui.fit_display import chart_height, show_animation
from ui.frame import page_frame, show_chart, show_identity_metrics

frame = page_frame(
    "A classifier's loss",
    icon=":material/category:",
    intro="A classifier turns its logits z into Q = softmax(z / T) and is scored against the "
    "target P of the true class: the loss (CrossEntropyLoss) is H(P,Q) = H(P) + KL(P‖Q). "
    "With a one-hot target H(P) = 0 and the loss is KL; label smoothing gives the target an "
    "entropy, a floor no model goes under.",
)
# On a projector the training animation opens the page; its controls stay below.
chart_box = st.container() if frame.present else None

st.subheader("One example")
example = controls.example_inputs()
options = {"temperature": example.temperature, "smoothing": example.smoothing}
loss = classifier_loss(example.logits, example.label, **options, base=frame.base)
show_identity_metrics(frame, loss.decomposition, source="target", event="example", match="Q = P")
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
    show_chart(class_terms_figure(loss, example.label, **size), key="classifier_terms")
with right:
    top = max(float(loss.loss), 1e-3) * 1.15
    show_chart(
        identity_bar_figure(loss.decomposition, y_max=top, **size),
        key="classifier_identity",
        filename="classifier-identity",
    )
curve = logit_curve(example.logits, example.label, **options, base=frame.base)
show_chart(logit_curve_figure(curve, **size), key="classifier_curve", filename="classifier-curve")

st.subheader("Training: the average loss falls to its floor")
with st.expander("Data", expanded=not frame.present, icon=":material/tune:"):
    choice = controls.training_inputs()
data = draw_clusters(choice.n, classes=choice.classes, spread=choice.spread, seed=choice.seed)
path = train_classifier(data, steps=controls.STEPS, smoothing=example.smoothing, base=frame.base)
title, subtitle = training_title(path)


def build(layout: str):
    return training_figure(
        data,
        path,
        title=title,
        subtitle=None if frame.present else subtitle,
        font_size=frame.font_size,
        layout=layout,
        height=chart_height(frame, layout),
    )


with chart_box or st.container():
    show_animation(frame, build, filename="classifier-training")
st.markdown(
    "The average loss is the average negative log-likelihood of the labels, so gradient descent "
    "on it is maximum likelihood: the same identity as the other lessons "
    "([the derivation](/derivation))."
)
