"""The classifier lesson's inputs, all kept in the URL: the example's ``logits``, ``label``,
temperature ``T`` and smoothing ``smooth``; the training set's ``classes``, ``data``, ``n`` and
``seed``. A link value that cannot be used falls back to the default with a note saying why.

The logits are typed in a text box (exact values, any size) and each can be dragged on a drag
slider of its own (``ui.drag``): while it moves the charts and numbers follow from live tables,
and its release writes the new ``logits`` to the URL and the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import streamlit as st

from core import parse_logits
from core.sampling import CLUSTER_SPREADS
from ui.drag import DragControl, drag_slider
from ui.figures.classifier import format_logits
from ui.figures.live import slider_grid
from ui.url_state import (
    set_widget_value,
    url_choice,
    url_int_slider,
    url_seed,
    url_slider,
    url_text,
)

DEFAULT_LOGITS = "2,1,0.1"
#: Temperatures and smoothing amounts the sliders offer: T > 0 and 0 ≤ ε < 1.
TEMPERATURE_RANGE = (0.1, 10.0)
SMOOTHING_RANGE = (0.0, 0.95)
CLASS_CHOICES = ("2", "3")
SIZE_RANGE = (50, 1000)
DEFAULT_SIZE = 300
#: Gradient-descent steps of the training animation.
STEPS = 60
#: The range and step of each logit's drag slider; the text box takes any logits.
LOGIT_RANGE = (-10.0, 10.0)
LOGIT_STEP = 0.1
LOGIT_GRID = slider_grid(*LOGIT_RANGE, LOGIT_STEP)
#: Drag sliders per row on a wide screen (a phone stacks them).
SLIDERS_PER_ROW = 5
#: Where the session keeps the slider whose live tables the page sends: the last one pointed at,
#: focused or released. One slider's at a time: all ten logits' would be over 3 MB a run.
LIVE_LOGIT = "_classifier_live_logit"


@dataclass(frozen=True)
class Example:
    """One example: logits, the true class (0-based), temperature and label smoothing."""

    logits: np.ndarray
    label: int
    temperature: float
    smoothing: float


@dataclass(frozen=True)
class TrainingChoice:
    """The generated data set: classes, cluster spread, training-set size and seed."""

    classes: int
    spread: str
    n: int
    seed: int


def _label_input(k: int) -> int:
    options = [str(i) for i in range(k)]
    if st.session_state.get("label") not in (None, *options):
        del st.session_state["label"]  # the logits lost that class
    return int(
        url_choice(
            "True class y (0-based)",
            options,
            key="label",
            default="0",
            help="The label of the example: the target puts its weight here.",
        )
    )


def example_inputs() -> Example:
    """Draw the example's inputs in one row and return what they hold."""
    columns = st.columns([3, 3, 2, 2])
    with columns[0]:
        logits = url_text(
            "Logits z (one per class, 2 to 10)",
            key="logits",
            default=DEFAULT_LOGITS,
            read=parse_logits,
            help="The classifier's raw scores, comma-separated. Any size works: try 1000,0,0.",
        )
    with columns[1]:
        label = _label_input(len(logits))
    with columns[2]:
        temperature = url_slider(
            "Temperature T",
            key="T",
            min_value=TEMPERATURE_RANGE[0],
            max_value=TEMPERATURE_RANGE[1],
            value=1.0,
            step=0.1,
            help="Q = softmax(z / T): above 1 flattens Q, below 1 sharpens it.",
        )
    with columns[3]:
        smoothing = url_slider(
            "Label smoothing ε",
            key="smooth",
            min_value=SMOOTHING_RANGE[0],
            max_value=SMOOTHING_RANGE[1],
            value=0.0,
            step=0.01,
            help="The target is (1 − ε)·one-hot + ε/K: it keeps ε for the other classes. "
            "Also used by the training below.",
        )
    return Example(logits=logits, label=label, temperature=temperature, smoothing=smoothing)


def training_inputs() -> TrainingChoice:
    """Draw the training set's inputs and return what they hold."""
    columns = st.columns(4)
    with columns[0]:
        classes = url_choice("Classes", CLASS_CHOICES, key="classes", default="3")
    with columns[1]:
        spread = url_choice("Clusters", list(CLUSTER_SPREADS), key="data", default="overlapping")
    with columns[2]:
        n = url_int_slider(
            "Training points n",
            key="n",
            min_value=SIZE_RANGE[0],
            max_value=SIZE_RANGE[1],
            value=DEFAULT_SIZE,
            help="As many again are drawn for the held-out set.",
        )
    with columns[3]:
        seed = url_seed(
            "Random seed",
            default=1,
            help="The same seed draws the same points: a link reproduces the lesson exactly.",
        )
    return TrainingChoice(classes=int(classes), spread=spread, n=n, seed=seed)


def logit_control(index: int, value: float) -> DragControl:
    """The drag slider of logit ``index``, now at ``value`` (the one a refused drag keeps)."""
    return DragControl(
        key=f"z{index}",
        label=f"Logit z{index} of class {index}",
        symbol=f"z{index}",
        min_value=LOGIT_RANGE[0],
        max_value=LOGIT_RANGE[1],
        default=float(value),
        step=LOGIT_STEP,
        help=f"Drag to move class {index}'s logit; the charts follow. Release to keep it.",
    )


def live_logit(k: int, label: int) -> int:
    """The logit whose live tables the page sends: the last one pointed at, focused or
    released, else the true class's."""
    key = st.session_state.get(LIVE_LOGIT)
    index = int(key[1:]) if isinstance(key, str) and key[1:].isdigit() else label
    return index if index < k else label


def _prepare_logit(index: int) -> None:
    st.session_state[LIVE_LOGIT] = f"z{index}"


def _write_logit(logits: np.ndarray, index: int, value: float) -> None:
    """A released logit: the logits with it, in the text box and so in the URL (the box is
    bound to ``logits``); its tables stay on the page. The box's logits as they are now, if
    they can be read and are as many: another slider's release may have changed one since
    ``logits`` were drawn."""
    try:
        now = parse_logits(st.session_state.get("logits", ""))
    except ValueError:
        now = logits
    new = np.array(now if len(now) == len(logits) else logits, dtype=float)
    new[index] = value
    set_widget_value("logits", format_logits(new))
    _prepare_logit(index)


def logit_sliders(
    logits: np.ndarray, *, prepared: int | None = None, numbers: list[dict] | None = None
) -> None:
    """One drag slider per logit, in rows of :data:`SLIDERS_PER_ROW`. The page sends the live
    tables of logit ``prepared`` (``numbers``: its live texts); pointing at another slider or
    focusing it asks for that one's (:func:`live_logit`). A logit beyond the sliders' range
    shows at the nearest end, with a note."""
    controls = [logit_control(i, v) for i, v in enumerate(logits)]
    for control in controls:
        control.show_note()
    per_row = min(len(controls), SLIDERS_PER_ROW)
    for start in range(0, len(controls), per_row):
        row = controls[start : start + per_row]
        for column, control in zip(st.columns(per_row), row, strict=False):
            index = int(control.key[1:])
            with column:
                drag_slider(
                    control,
                    value=float(np.clip(logits[index], *LOGIT_RANGE)),
                    numbers=numbers if index == prepared else None,
                    write=partial(_write_logit, logits, index),
                    prepared=index == prepared,
                    on_prepare=partial(_prepare_logit, index),
                )
    low, high = LOGIT_RANGE
    outside = [f"z{i} = {v:g}" for i, v in enumerate(logits) if not low <= v <= high]
    if outside:
        lies, its = (
            ("lies", "its slider rests") if len(outside) == 1 else ("lie", "their sliders rest")
        )
        st.caption(
            f"{', '.join(outside)} {lies} beyond the sliders' {low:g} to {high:g}: {its} at the "
            "nearest end, and a drag brings the logit into that range. The box above takes "
            "logits of any size."
        )
