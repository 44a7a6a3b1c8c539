"""Cross-entropy as a classifier's loss: one example's loss split as H(P) + KL(P‖Q), and a
softmax regression trained by gradient descent, its average loss falling to the floor."""

from __future__ import annotations

import streamlit as st

from core import draw_clusters, train_classifier
from ui import classifier_controls as controls
from ui.accessibility import announce_changes
from ui.classifier_display import show_example
from ui.figures import describe
from ui.figures.classifier import training_figure, training_title
from ui.fit_display import chart_height, show_animation
from ui.frame import controls_area, page_frame

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

st.header("One example")
example = controls.example_inputs()
example_identity = show_example(frame, example)

st.header("Training: the average loss falls to its floor")
with controls_area(), st.expander("Data", expanded=not frame.present, icon=":material/tune:"):
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
        height=chart_height(layout),
    )


with chart_box or st.container():
    show_animation(
        frame,
        build,
        filename="classifier-training",
        description=describe.training_description(path),
        table=describe.training_table(path),
    )
example_numbers = (
    "Example: " + describe.identity_announcement(example_identity) if example_identity else ""
)
announce_changes([example_numbers, describe.training_announcement(path)], key="classifier")
st.markdown(
    "The average loss is the average negative log-likelihood of the labels, so gradient descent "
    "on it is maximum likelihood: the same identity as the other lessons "
    "([the derivation](/derivation))."
)
