"""The die lesson's inputs: K, a preset for P and for Q, a table to edit them, a Normalise step,
all kept in the URL (``k=6&p=0.1,...&q=...``).

P and Q are not single widgets, so their values live in the session under private keys and are
written to ``st.query_params`` whenever they are valid distributions; a link's values are read
once, when the page first opens in a session, and an unusable value falls back to the preset
with a note saying why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import (
    MAX_OUTCOMES,
    MIN_OUTCOMES,
    PRESETS,
    check_distribution,
    format_distribution,
    normalize,
    preset_distribution,
    with_probability,
)
from ui.drag import DraggableBar, bar_handles, live_numbers
from ui.figures.categorical import DieLive, bar_control, parse_bar_control
from ui.figures.live import slider_grid
from ui.frame import METRIC_VALUES
from ui.url_state import (
    LESSON_CATEGORICAL,
    link_note,
    read_distribution,
    slider_link_value,
    url_int_slider,
    whole_number,
)

DEFAULT_K = 6
DEFAULT_PRESETS = {"p": "loaded", "q": "uniform"}
CUSTOM = "custom"
CHOICES = [*PRESETS, CUSTOM]
LABELS = {**PRESETS, CUSTOM: "Edited by hand"}
NAMES = {"p": "P (true)", "q": "Q (model)"}
#: Where the session keeps each distribution (as edited, possibly not summing to 1).
STATE = {"p": "_die_p", "q": "_die_q"}
#: The session's count of tables drawn: a new count gives the table a fresh key.
TABLE_VERSION = "_die_version"
#: The K that P and Q were last set up for; absent until the page first runs in a session.
SHOWN_K = "_die_k"
#: Why the last Normalise could not rescale P or Q, or None.
NORMALISE_PROBLEM = "_die_normalise_problem"
#: The bar handles over the chart of P and Q (ui.drag.bar_handles), the chart's key, the grid
#: a dragged bar moves on, and where the session keeps the bar whose live tables the page sends.
HANDLES = "die_handles"
HANDLES_CHART = "die_distributions"
BAR_GRID = slider_grid(0.0, 1.0, 0.01)
LIVE_BAR = "_die_live_bar"
HANDLE_NOTE = "_die_handle_note"


@dataclass(frozen=True)
class DieChoice:
    """What the inputs hold: K, the values of P and Q as edited, and what is wrong with them
    (the measures' own messages; empty when both are distributions)."""

    k: int
    p: np.ndarray
    q: np.ndarray
    problems: tuple[str, ...]


def _bump() -> None:
    """Give the table a fresh key, so it shows the values set by code instead of old edits."""
    st.session_state[TABLE_VERSION] = st.session_state.get(TABLE_VERSION, 0) + 1


def _apply_preset(name: str) -> None:
    choice = st.session_state[f"{name}_preset"]
    if choice != CUSTOM and SHOWN_K in st.session_state:
        k = st.session_state[SHOWN_K]
        st.session_state[STATE[name]] = preset_distribution(choice, k).tolist()
        _bump()


def _normalise() -> None:
    """The explicit Normalise step: rescale each of P and Q that does not sum to 1."""
    messages = []
    for name in ("p", "q"):
        values = st.session_state[STATE[name]]
        try:
            check_distribution(values, name)
        except ValueError:
            try:
                st.session_state[STATE[name]] = normalize(values).tolist()
                st.session_state[f"{name}_preset"] = CUSTOM
            except ValueError as error:
                messages.append(f"{NAMES[name]}: {error}")
    st.session_state[NORMALISE_PROBLEM] = " ".join(messages) or None
    _bump()


def _read_link() -> dict[str, list[float]]:
    """The link's P and Q that can be used; a note for each that cannot. If the link gives no
    usable K, P's length decides it."""
    k = whole_number(slider_link_value("k"), MIN_OUTCOMES, MAX_OUTCOMES)
    found: dict[str, list[float]] = {}
    for name in ("p", "q"):
        preset = LABELS[DEFAULT_PRESETS[name]].lower()
        instead = f"Showing the {preset} preset for {NAMES[name]} instead."
        values = read_distribution(name, k=k, instead=instead)
        if values is None:
            continue
        k = k or len(values)
        found[name] = values.tolist()
    if found and "k" not in st.query_params:
        st.session_state["k"] = k
    return found


def _problem(name: str) -> str | None:
    """What is wrong with P or Q as it stands, in the page's words: a negative entry by its
    outcome and value, a sum other than 1 with the button that repairs it, else the measures'
    own message; None when it is a distribution."""
    values = st.session_state[STATE[name]]
    negative = [(outcome, v) for outcome, v in enumerate(values, start=1) if v < 0]
    if negative:
        where = ", ".join(f"outcome {outcome} is {v:g}" for outcome, v in negative)
        return (
            f"{NAMES[name]}: {where}, and a probability cannot be negative. Type a number "
            "from 0 up."
        )
    try:
        check_distribution(values, name)
    except ValueError as error:
        total = math.fsum(values)
        if math.isfinite(total) and total > 0:
            return (
                f"{NAMES[name]} sums to {total:.10g}, not 1: press Normalise P and Q to rescale it."
            )
        return f"{NAMES[name]}: {error}."
    return None


def _problems() -> list[str]:
    """What is wrong with P and Q as they stand (see :func:`_problem`)."""
    return [problem for problem in map(_problem, ("p", "q")) if problem]


def _editor(k: int) -> None:
    """The table of P and Q; an edit replaces the value and marks the preset as edited."""
    state = st.session_state
    edited = st.data_editor(
        {"Outcome": list(range(1, k + 1)), "P": state[STATE["p"]], "Q": state[STATE["q"]]},
        key=f"_die_table_{state[TABLE_VERSION]}",
        hide_index=True,
        disabled=["Outcome"],
        num_rows="fixed",
        width="stretch",
        column_config={
            "Outcome": st.column_config.NumberColumn("Outcome", width="small"),
            # No min_value: the browser would drop the sign of −3 and show 3; a negative
            # entry reaches the page and gets its message instead.
            "P": st.column_config.NumberColumn("P (true)", step=1e-6, format="%.4f", required=True),
            "Q": st.column_config.NumberColumn(
                "Q (model)", step=1e-6, format="%.4f", required=True
            ),
        },
    )
    for name, column in (("p", "P"), ("q", "Q")):
        values = [0.0 if v is None else float(v) for v in edited[column]]
        if values != state[STATE[name]]:
            state[STATE[name]] = values
            state[f"{name}_preset"] = CUSTOM
    st.caption("Type any non-negative weights, then Normalise to make each sum to 1.")


def die_inputs(*, present: bool = False) -> DieChoice:
    """Draw the die lesson's inputs and return what they hold. Call once per run."""
    state = st.session_state
    linked = _read_link() if SHOWN_K not in state else {}
    top = st.columns(3)
    with top[0]:
        k = url_int_slider(
            "Outcomes K",
            key="k",
            min_value=MIN_OUTCOMES,
            max_value=MAX_OUTCOMES,
            value=DEFAULT_K,
            help="How many faces the die has. Changing K resets P and Q to their presets.",
        )
    if state.get(SHOWN_K) != k:
        for name in ("p", "q"):
            if name in linked and len(linked[name]) == k:
                state[STATE[name]] = linked[name]
                state[f"{name}_preset"] = CUSTOM
            else:
                if name in linked:
                    link_note(
                        f"The link's `{name}` has {len(linked[name])} entries but K = {k}; "
                        f"showing the preset for {NAMES[name]} instead."
                    )
                choice = state.get(f"{name}_preset", DEFAULT_PRESETS[name])
                choice = DEFAULT_PRESETS[name] if choice == CUSTOM else choice
                state[STATE[name]] = preset_distribution(choice, k).tolist()
                state[f"{name}_preset"] = choice
        state[SHOWN_K] = k
        state[NORMALISE_PROBLEM] = None
        _bump()

    # In presentation mode the table is a secondary control: skipped, unless P or Q needs it.
    # Folded at first, so that the charts start on the first screen.
    if not present or _problems():
        with st.expander("Edit P and Q by hand"):
            _editor(k)
    problems = _problems()
    if not present or problems:
        st.button(
            "Normalise P and Q",
            on_click=_normalise,
            disabled=not problems,
            icon=":material/balance:",
            help="Divide each distribution by its sum, so that it sums to 1.",
        )
    for message in [state.get(NORMALISE_PROBLEM), *problems]:
        if message:
            st.error(message, icon=":material/error:")

    for column, name in zip(top[1:], ("p", "q"), strict=True):
        with column:
            st.selectbox(
                f"Preset for {NAMES[name]}",
                CHOICES,
                format_func=LABELS.get,
                key=f"{name}_preset",
                on_change=_apply_preset,
                args=(name,),
            )

    p, q = (np.asarray(state[STATE[name]], dtype=float) for name in ("p", "q"))
    if not problems:
        for name, values in (("p", p), ("q", q)):
            text = format_distribution(values)
            if st.query_params.get(name) != text:
                st.query_params[name] = text
        state[LESSON_CATEGORICAL] = {"p": p.tolist(), "q": q.tolist()}
    return DieChoice(k=k, p=p, q=q, problems=tuple(problems))


def live_bar(k: int) -> str | None:
    """The bar (``"q2"``) whose live tables the page sends: the last one pointed at."""
    control = st.session_state.get(LIVE_BAR)
    return control if parse_bar_control(control, k) else None


def _prepare_bar() -> None:
    control = (st.session_state.get(HANDLES) or {}).get("prepare")
    if parse_bar_control(control, st.session_state.get(SHOWN_K, 0)):
        st.session_state[LIVE_BAR] = control


def bar_commit_problem(raw: object, k: int) -> str | None:
    """Why ``raw``, what the browser sent when a bar was released, cannot be used; None if it
    can (a dict with a bar of this die as ``control`` and a probability as ``value``)."""
    shown = repr(raw)[:60]
    if not isinstance(raw, dict) or parse_bar_control(raw.get("control"), k) is None:
        return f"The chart sent {shown}, which names no bar of this die; nothing was changed."
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return (
            f"The chart sent {shown}: a probability must be a number from 0 to 1; "
            "nothing was changed."
        )
    return None


def _commit_bar() -> None:
    """A bar was released: its distribution takes the value there, the other outcomes rescaled
    (``core.with_probability``); the table and the link follow."""
    state = st.session_state
    raw = (state.get(HANDLES) or {}).get("commit")
    problem = bar_commit_problem(raw, state.get(SHOWN_K, 0))
    if problem:
        state[HANDLE_NOTE] = problem
        return
    name, index = parse_bar_control(raw["control"], state[SHOWN_K])
    value = BAR_GRID.values[round(float(raw["value"]) / BAR_GRID.step)]
    try:
        state[STATE[name]] = with_probability(state[STATE[name]], index, value).tolist()
    except ValueError as error:  # P or Q as edited does not sum to 1
        state[HANDLE_NOTE] = f"{NAMES[name]}: {error}; nothing was changed."
        return
    state[f"{name}_preset"] = CUSTOM
    state[LIVE_BAR] = raw["control"]
    _bump()


def die_bar_handles(die: DieChoice, *, live: DieLive, prepared: str | None) -> None:
    """The handles that drag the bars of P and Q in the chart keyed :data:`HANDLES_CHART`,
    and what the page says about them."""
    note = st.session_state.pop(HANDLE_NOTE, None)
    if note:
        st.warning(note, icon=":material/block:")
    bars = [
        DraggableBar(
            control=bar_control(name, index),
            label=f"{NAMES[name]}: probability of outcome {index + 1}",
            symbol=f"{name.upper()}({index + 1})",
            trace=trace,
            point=index,
            value=float(values[index]),
        )
        for name, trace, values in (("p", 0, die.p), ("q", 1, die.q))
        for index in range(die.k)
    ]
    numbers = [live_numbers(METRIC_VALUES, BAR_GRID, live.numbers[prepared])] if prepared else []
    bar_handles(
        bars,
        key=HANDLES,
        chart=HANDLES_CHART,
        step=BAR_GRID.step,
        prepared=prepared,
        numbers=numbers,
        on_prepare=_prepare_bar,
        on_commit=_commit_bar,
    )
    st.caption(
        "Drag a bar of P or Q up or down, or focus it and use the arrow keys: the other bars of "
        "that distribution shrink or grow in proportion, so that it still sums to 1. For exact "
        "values, edit the table."
    )
