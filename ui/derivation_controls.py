"""The derivation page's state: the example, the sample and the step, all in the URL.

``/derivation?example=coin&p=0.3&q=0.8&n=10&seed=7&step=3`` opens line 3 of the proof for that
coin; ``example=die`` takes ``p`` and ``q`` as comma-separated face probabilities, as /categorical
writes them. Without a value in the URL the example comes from the lessons this session visited
(``ui.url_state.LESSON_COIN`` and ``LESSON_CATEGORICAL``), else a default. The page
writes the values it uses back into the URL, so the link to this view always reproduces it.

/coding reads and edits its example with the same :func:`read_example` and
:func:`example_inputs`.

The URL is handled here rather than with ``bind="query-params"`` because the step is moved by
buttons, the example's parameters change meaning with ``example``, and the editing widgets are
hidden in presentation mode while the URL must still be read.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import format_distribution, parse_distribution, preset_distribution
from core.derivation import (
    DEFAULT_N,
    DEFAULT_SEED,
    MAX_N,
    MIN_N,
    Example,
    coin_example,
    die_example,
)
from ui.figures.derivation import STEP_COUNT
from ui.styles import DERIVATION_LINE_KEY
from ui.url_state import (
    LESSON_CATEGORICAL,
    LESSON_COIN,
    MAX_SEED,
    read_choice,
    read_distribution,
    read_probability,
    read_seed,
    read_whole,
)

EXAMPLES = {"coin": "A coin", "die": "A loaded die"}
#: Session keys of the example controls (not bound to the URL: their callbacks write it).
EXAMPLE_KEY = "_derivation_example"
N_KEY = "_derivation_n"
#: Session keys of the coin's p and q sliders, and of the die's P and Q text inputs.
COIN_KEY = "_derivation_{}"
DIE_KEY = "_derivation_{}_text"
#: Why the last edit of the die's P or Q was refused, shown once.
ERROR_KEY = "_derivation_error"

DEFAULT_COIN = (0.3, 0.8)


def _default_die() -> tuple[list[float], list[float]]:
    return preset_distribution("loaded", 6).tolist(), preset_distribution("uniform", 6).tolist()


@dataclass(frozen=True)
class DerivationState:
    """What the page shows: the example, the sample size and seed, and how many lines."""

    example: Example
    n: int
    seed: int
    step: int


def _lesson_coin() -> tuple[float, float]:
    state = st.session_state.get(LESSON_COIN)
    try:
        p, q = float(state["p"]), float(state["q"])
        coin_example(p, q)
    except (TypeError, KeyError, ValueError):
        return DEFAULT_COIN
    return p, q


def _lesson_die() -> tuple[list[float], list[float]]:
    state = st.session_state.get(LESSON_CATEGORICAL)
    try:
        p = parse_distribution(format_distribution(state["p"]), name="p")
        q = parse_distribution(format_distribution(state["q"]), name="q", k=len(p))
    except (TypeError, KeyError, ValueError):
        return _default_die()
    return p.tolist(), q.tolist()


def _die_vector(key: str, fallback: list[float], k: int | None) -> list[float]:
    """The link's die distribution ``key``, else ``fallback``."""
    shown = ",".join(f"{v:g}" for v in fallback)
    values = read_distribution(key, k=k, instead=f"Using {key} = {shown}.")
    return fallback if values is None else values.tolist()


def _default_kind() -> str:
    if LESSON_CATEGORICAL in st.session_state and LESSON_COIN not in st.session_state:
        return "die"
    return "coin"


def read_example() -> Example:
    """Read the example (coin or die, P and Q) from the URL, else the lesson visited last, else
    the default, with notes for unusable values; write the values in use back to the URL."""
    kind = read_choice("example", EXAMPLES, fallback=_default_kind())
    if kind == "coin":
        default_p, default_q = _lesson_coin()
        p = read_probability("p", fallback=default_p)
        q = read_probability("q", fallback=default_q)
        example = coin_example(p, q)
        p_text, q_text = f"{p:.6g}", f"{q:.6g}"
    else:
        default_p, default_q = _lesson_die()
        p_list = _die_vector("p", default_p, None)
        k = len(p_list)
        q_list = _die_vector("q", default_q if len(default_q) == k else [1 / k] * k, k)
        example = die_example(p_list, q_list)
        p_text, q_text = format_distribution(p_list), format_distribution(q_list)
    st.query_params.update({"example": kind, "p": p_text, "q": q_text})
    return example


def read_state() -> DerivationState:
    """Read the example, sample and step from the URL (with notes for unusable values) and
    write the values in use back, so the URL is a complete link to this view."""
    example = read_example()
    n = read_whole("n", low=MIN_N, high=MAX_N, fallback=DEFAULT_N)
    seed = read_seed(fallback=DEFAULT_SEED)
    step = read_whole("step", low=1, high=STEP_COUNT, fallback=1)
    st.query_params.update({"n": str(n), "seed": str(seed), "step": str(step)})
    return DerivationState(example=example, n=n, seed=seed, step=step)


# Callbacks: they run before the script, so the script reads the URL they wrote. -------------------


def _set(key: str, value: str) -> None:
    st.query_params[key] = value


def _example_changed() -> None:
    st.query_params["example"] = st.session_state[EXAMPLE_KEY]
    for key in ("p", "q"):
        if key in st.query_params:
            del st.query_params[key]


def _coin_changed(key: str) -> None:
    st.query_params[key] = f"{st.session_state[COIN_KEY.format(key)]:.6g}"


def _die_changed(key: str, k: int | None) -> None:
    text = st.session_state[DIE_KEY.format(key)]
    try:
        values = parse_distribution(text, name=key, k=k)
    except ValueError as error:
        st.session_state[ERROR_KEY] = str(error)
        return
    st.session_state.pop(ERROR_KEY, None)
    st.query_params[key] = format_distribution(values)
    if key == "p" and "q" in st.query_params:
        try:
            parse_distribution(st.query_params["q"], name="q", k=len(values))
        except ValueError:
            st.query_params["q"] = format_distribution([1 / len(values)] * len(values))


# Scrolls the line just revealed (or gone back to) into view, once its container is drawn; not on
# the page's first run in this tab, where the link decides what shows. Constant code apart from
# the line's number; no "<" before a letter (DOMPurify would drop the script).
_REVEAL_SCRIPT = """
<script>
(() => {
  const w = window;
  const prefix = "%s";
  const line = %d;
  const last = w.__klDerivationLine;
  w.__klDerivationLine = line;
  if (last === undefined || last === line) return;
  let tries = 0;
  const reveal = () => {
    const shown = document.querySelector(".st-key-" + prefix + line);
    if (shown) shown.scrollIntoView({ block: "nearest", behavior: "smooth" });
    else if (tries++ < 40) w.setTimeout(reveal, 50);
  };
  w.setTimeout(reveal, 50);
})();
</script>
"""


def reveal_line(step: int) -> None:
    """After Next step or Back, bring the current line into view (the page does not scroll by
    itself, so a new line could appear below the screen)."""
    st.html(_REVEAL_SCRIPT % (DERIVATION_LINE_KEY, int(step)), unsafe_allow_javascript=True)


def step_controls(step: int) -> None:
    """Back / Next step / Show all, in one row; PageUp and PageDown (a presenter's clicker)
    work too."""
    with st.container(horizontal=True, vertical_alignment="center", key="derivation_steps"):
        st.button(
            "Back",
            icon=":material/arrow_back:",
            disabled=step <= 1,
            on_click=_set,
            args=("step", str(step - 1)),
            shortcut="PageUp",
            key="derivation_back",
        )
        st.button(
            "Next step",
            icon=":material/arrow_forward:",
            type="primary",
            disabled=step >= STEP_COUNT,
            on_click=_set,
            args=("step", str(step + 1)),
            shortcut="PageDown",
            key="derivation_next",
        )
        st.button(
            "Show all",
            disabled=step >= STEP_COUNT,
            on_click=_set,
            args=("step", str(STEP_COUNT)),
            key="derivation_all",
        )
        if step >= STEP_COUNT:
            st.button(
                "Start again",
                icon=":material/restart_alt:",
                on_click=_set,
                args=("step", "1"),
                key="derivation_restart",
            )
        st.markdown(f"Line **{step}** of {STEP_COUNT}")
        reveal_line(step)  # in the row: no line of its own under it


def example_inputs(example: Example) -> None:
    """Choose the example and edit its P and Q; the callbacks write them to the URL. /coding
    chooses its example with these too."""
    st.session_state[EXAMPLE_KEY] = example.kind
    st.radio(
        "Example",
        list(EXAMPLES),
        format_func=EXAMPLES.get,
        horizontal=True,
        key=EXAMPLE_KEY,
        on_change=_example_changed,
    )
    if example.kind == "coin":
        left, right = st.columns(2)
        for column, key, value, label in (
            (left, "p", example.p[0], "True coin: p = P(heads)"),
            (right, "q", example.q[0], "Model: q = Q(heads)"),
        ):
            st.session_state[COIN_KEY.format(key)] = float(value)
            column.slider(
                label,
                0.0,
                1.0,
                step=0.01,
                key=COIN_KEY.format(key),
                on_change=_coin_changed,
                args=(key,),
            )
    else:
        k = example.p.shape[0]
        left, right = st.columns(2)
        for column, key, values, label, faces in (
            (left, "p", example.p, "True die P (comma-separated)", None),
            (right, "q", example.q, "Model Q (comma-separated)", k),
        ):
            st.session_state[DIE_KEY.format(key)] = format_distribution(values)
            column.text_input(
                label,
                key=DIE_KEY.format(key),
                on_change=_die_changed,
                args=(key, faces),
                help="2 to 20 probabilities summing to 1, e.g. 0.125,0.125,0.125,0.125,0.125,0.375",
            )
        error = st.session_state.pop(ERROR_KEY, None)
        if error:
            st.error(f"Not changed: {error}.", icon=":material/error:")


def example_controls(state: DerivationState) -> None:
    """Change the example and the sample (hidden in presentation mode by the page)."""
    example_inputs(state.example)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    st.session_state[N_KEY] = state.n
    left.slider(
        "Sample size n for lines 6 and 7",
        MIN_N,
        MAX_N,
        key=N_KEY,
        on_change=lambda: _set("n", str(st.session_state[N_KEY])),
    )
    right.button(
        "New sample",
        icon=":material/casino:",
        on_click=_set,
        args=("seed", str((state.seed + 1) % (MAX_SEED + 1))),
        key="derivation_new_sample",
        help=f"Draw {state.n} new samples from P (the seed is in the link).",
    )
