"""The state of a view: what its URL holds and what a session carries from page to page.

A lecturer prepares one link per slide, so every choice a page offers lives in the URL. Keyed
widgets keep theirs with ``bind="query-params"``; Streamlit drops a link value such a widget
cannot use, so the ``url_*`` widgets look at the raw value first and the page says what it
ignored (:func:`link_note`). Values that no widget holds (the derivation's step, the die's P and
Q) are read with the ``read_*`` functions, which answer an unusable value the same way.

What one page hands to another in the same session sits in ``st.session_state`` under the keys
named here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import streamlit as st

from core import parse_distribution
from ui.user_text import as_code, as_message, as_text

# Keys of what a session carries between pages ---------------------------------------------------

#: The coin lesson's ``{"p": p, "q": q}``; the derivation opens with them.
LESSON_COIN = "lesson_coin"
#: The die lesson's ``{"p": [...], "q": [...]}`` once both are distributions; the derivation
#: opens with them.
LESSON_CATEGORICAL = "lesson_categorical"
#: The ``ui.shared_sample.SharedSample`` chosen on /samples; /mle fits it.
CHOSEN_SAMPLE = "chosen_sample"
#: The unit and presentation mode last chosen: a widget on another page is another widget, so
#: the frame hands the choice to the next page's widget itself.
UNIT_CHOICE = "_unit_choice"
PRESENT_CHOICE = "_present_choice"

#: The bound widgets whose value the page has just set (``set_widget_value``), not yet drawn.
SET_BY_PAGE = "_set_by_page"

#: Every random seed a page offers or reads runs from 0 to ``MAX_SEED``, so a seed copied from
#: one lesson's link to another's stays valid.
MAX_SEED = 999_999


# Notes on link values that cannot be used -------------------------------------------------------


def link_note(message: str) -> None:
    """Tell the user that part of the link they opened was ignored, and why."""
    st.warning(message, icon=":material/link_off:")


def _ignored(key: str, raw: str, problem: str, using: str) -> None:
    """The note for a link value ``raw`` of ``key``: what is wrong with it, what is used."""
    link_note(f"The link's {as_code(f'{key}={raw[:40]}')} {problem}; using {using}.")


def slider_link_value(key: str) -> str | None:
    """The link's value of a slider-bound ``key`` as the slider takes it: None when the link
    gives it more than once (the slider then shows its default)."""
    values = st.query_params.get_all(key)
    return values[0] if len(values) == 1 else None


def repeated_note(key: str, *, using: str | None = None) -> bool:
    """A note when the link gives ``key`` more than once (``p=0.3&p=0.9``), naming every value
    and saying which is used; True if it did.

    A radio, a select box, a number input and the ``read_*`` readers use the last value, as
    ``st.query_params`` does; a slider has no one value and shows its default: pass what it
    uses as ``using``.
    """
    values = st.query_params.get_all(key)
    if len(values) < 2:
        return False
    shown = ", ".join(as_code(value[:40]) for value in values[:4])
    more = f" and {len(values) - 4} more" if len(values) > 4 else ""
    told = f"The link gives `{key}` {len(values)} times ({shown}{more})"
    if using is None:
        link_note(f"{told}; using the last one.")
    else:
        link_note(f"{told}; a slider takes one value, so all are ignored; using {using}.")
    return True


def whole_number(raw: str | None, low: int, high: int) -> int | None:
    """``raw`` as a whole number from ``low`` to ``high`` (decimal digits, an optional minus
    sign, surrounding spaces), else None."""
    if raw is None:
        return None
    text = raw.strip()
    if not text.removeprefix("-").isdecimal():
        return None
    value = int(text)
    return value if low <= value <= high else None


def choice_note(
    key: str, labels: Iterable, *, default: str | None = None, slider: bool = False
) -> None:
    """A note when the link's value of the choice ``key`` is not one of ``labels`` (a bound
    widget then drops it). With ``default`` the note lists the choices and names the default.
    A ``slider`` (``st.select_slider``) drops a repeated value too."""
    labels = [str(label) for label in labels]
    if slider:
        if repeated_note(key, using="the default" if default is None else default):
            return
    else:
        repeated_note(key)
    raw = st.query_params.get(key)
    if raw is None or raw in labels:
        return
    if default is None:
        _ignored(key, raw, "is not one of the choices", "the default")
    else:
        _ignored(key, raw, f"is not one of {', '.join(labels)}", default)


# Widgets whose value lives in the URL -----------------------------------------------------------


def url_slider(
    label: str,
    *,
    key: str,
    min_value: float,
    max_value: float,
    value: float,
    step: float,
    help: str | None = None,
    format: str | None = None,
) -> float:
    """A slider bound to the URL parameter ``key``; a malformed link value gets a note."""
    read_number(key, low=min_value, high=max_value, fallback=value)
    return st.slider(
        label,
        min_value=min_value,
        max_value=max_value,
        value=widget_default(key, value),
        step=step,
        key=key,
        bind="query-params",
        help=help,
        format=format,
    )


def url_int_slider(
    label: str, *, key: str, min_value: int, max_value: int, value: int, help: str | None = None
) -> int:
    """An integer slider bound to the URL parameter ``key``; a malformed link value gets a note."""
    if not repeated_note(key, using=f"{key} = {value}"):
        read_whole(key, low=min_value, high=max_value, fallback=value)
    return st.slider(
        label,
        min_value=min_value,
        max_value=max_value,
        value=value,
        step=1,
        key=key,
        bind="query-params",
        help=help,
    )


def url_choice(label: str, options, *, key: str, default: str, horizontal=True, **kwargs) -> str:
    """A radio bound to the URL parameter ``key``; an unknown link value gets a note."""
    options = list(options)
    choice_note(key, options, default=default)
    return st.radio(
        label,
        options,
        index=options.index(default),
        key=key,
        bind="query-params",
        horizontal=horizontal,
        **kwargs,
    )


def url_seed(label: str, *, default: int, help: str, key: str = "seed", container=None) -> int:
    """A random seed from 0 to ``MAX_SEED`` in the URL, so a link redraws the very same sample.
    The input goes in ``container`` (e.g. a column) when given; a note goes where the page is."""
    read_seed(fallback=default, key=key)
    return int(
        (container or st).number_input(
            label,
            min_value=0,
            max_value=MAX_SEED,
            value=default,
            step=1,
            key=key,
            bind="query-params",
            help=help,
        )
    )


def url_text(
    label: str, *, key: str, default: str, read: Callable[[str], Any], help: str | None = None
) -> Any:
    """A text input bound to the URL parameter ``key``, returning ``read(text)``. ``read``
    raises ``ValueError`` with a message for text it cannot use; then the page says why (for a
    link's value, as a note that quotes it) and the value of ``default`` is used until the text
    is mended."""
    repeated_note(key)
    raw = st.query_params.get(key)
    # After set_widget_value the session's text is shown; "" draws no default beside it.
    text = st.text_input(
        label,
        value=widget_default(key, default, instead=""),
        key=key,
        bind="query-params",
        help=help,
    )
    try:
        return read(text)
    except ValueError as error:
        using = f"Using {as_code(default)}."
        if text == raw:
            link_note(
                f"The link's {as_code(f'{key}={raw[:60]}')} cannot be used: "
                f"{as_message(error)}. {using}"
            )
        else:
            st.warning(f"{as_message(error)}. {using}", icon=":material/edit_off:")
        return read(default)


def bound_value(key: str, default):
    """The value a bound widget ``key`` is about to show, before it is drawn: the session's,
    else the link's, else ``default``."""
    return st.session_state.get(key, st.query_params.get(key, default))


def set_widget_value(key: str, value) -> None:
    """Set the bound widget ``key`` to ``value`` from the page (in a callback, or before the
    widget is drawn); the browser is told to show the new value.

    Dropping a value with :func:`forget` is not enough for a widget that stays on the screen:
    the browser keeps showing what it showed while the page computes with the default. The
    widget is then drawn with :func:`widget_default`.
    """
    st.session_state[key] = value
    st.session_state[SET_BY_PAGE] = st.session_state.get(SET_BY_PAGE, frozenset()) | {key}


def widget_default(key: str, value, *, instead=None):
    """The default to draw the widget ``key`` with: ``value``, or ``instead`` (None for a
    slider, ``"min"`` for a number input) in the run after :func:`set_widget_value`, when the
    widget shows the value set and a default as well would only draw Streamlit's warning about
    a widget "created with a default value but also had its value set via the Session State
    API"."""
    pending = st.session_state.get(SET_BY_PAGE, frozenset())
    if key not in pending:
        return value
    st.session_state[SET_BY_PAGE] = pending - {key}
    return instead if key in st.session_state else value


def forget(key: str) -> None:
    """Drop a bound widget's value from the session and the URL: it starts again from its
    default."""
    st.session_state.pop(key, None)
    if key in st.query_params:
        del st.query_params[key]


# Link values that no widget holds ---------------------------------------------------------------


def read_number(key: str, *, low: float, high: float, fallback: float) -> float:
    """The link's ``key`` for a slider from ``low`` to ``high``, else ``fallback`` (with a note
    saying whether it was no number, out of range or given more than once, as a slider takes
    one value)."""
    if repeated_note(key, using=f"{key} = {fallback:g}"):
        return fallback
    raw = st.query_params.get(key)
    if raw is None:
        return fallback
    try:
        value = float(raw)
    except ValueError:
        _ignored(key, raw, "is not a number", f"{key} = {fallback:g}")
        return fallback
    if not math.isfinite(value) or not low <= value <= high:
        _ignored(key, raw, f"is outside {low:g} to {high:g}", f"{key} = {fallback:g}")
        return fallback
    return value


def read_probability(key: str, *, fallback: float) -> float:
    """The link's ``key`` as a probability from 0 to 1, else ``fallback`` (with a note)."""
    repeated_note(key)
    raw = st.query_params.get(key)
    if raw is None:
        return fallback
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        _ignored(key, raw, "is not a probability from 0 to 1", f"{key} = {fallback:g}")
        return fallback
    return value


def read_whole(key: str, *, low: int, high: int, fallback: int, problem: str | None = None) -> int:
    """The link's ``key`` as a whole number from ``low`` to ``high``, else ``fallback`` (with a
    note saying the ``problem``, when the link has a value)."""
    repeated_note(key)
    raw = st.query_params.get(key)
    value = whole_number(raw, low, high)
    if value is not None:
        return value
    if raw is not None:
        problem = problem or f"is not a whole number from {low} to {high}"
        _ignored(key, raw, problem, f"{key} = {fallback}")
    return fallback


def read_seed(*, fallback: int, key: str = "seed") -> int:
    """The link's seed (0 to ``MAX_SEED``), else ``fallback`` (with a note)."""
    problem = f"is not a whole number from 0 to {MAX_SEED:,}"
    return read_whole(key, low=0, high=MAX_SEED, fallback=fallback, problem=problem)


def read_choice(key: str, options: Iterable[str], *, fallback: str) -> str:
    """The link's ``key`` if it is one of ``options``, else ``fallback`` (with a note)."""
    options = list(options)
    repeated_note(key)
    raw = st.query_params.get(key)
    if raw is None:
        return fallback
    if raw not in options:
        choice_note(key, options, default=f"{key} = {fallback}")
        return fallback
    return raw


def read_distribution(key: str, *, k: int | None, instead: str) -> np.ndarray | None:
    """The link's ``key`` as a distribution (``core.parse_distribution``; ``k`` entries when
    given), else None with a note that names the problem and says what is shown ``instead``."""
    repeated_note(key)
    raw = st.query_params.get(key)
    if raw is None:
        return None
    try:
        return parse_distribution(raw, name=key, k=k)
    except ValueError as error:
        link_note(
            f"The link's {as_code(f'{key}={raw[:60]}')} cannot be used: {as_message(error)}. "
            f"{instead}"
        )
        return None


# The frame's choices: the unit and presentation mode -------------------------------------------

#: The URL parameter and toggle key of presentation mode; ``present=1`` is what the app writes.
PRESENT = "present"
#: How the URL may spell presentation mode on or off.
PRESENT_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def carried(key: str, *, private: str) -> dict:
    """The keyword arguments of a frame widget ``key`` whose choice is carried between pages of
    one session.

    A widget on another page is another widget, so the last choice is kept under the ``private``
    session key (updated by the widget's callback, which runs before the script) and handed to
    the new page's widget, unless the page's URL names a value itself.
    """
    if private in st.session_state and key not in st.query_params:
        st.session_state[key] = st.session_state[private]

    def remember() -> None:
        st.session_state[private] = st.session_state[key]

    return {"key": key, "on_change": remember, "bind": "query-params"}


def unit_note(units: Iterable[str], default: str) -> None:
    """A note when the link asks for a unit that is not one of ``units`` (or gives the unit or
    presentation mode more than once)."""
    repeated_note("unit")
    repeated_note(PRESENT)
    raw = st.query_params.get("unit")
    if raw is not None and raw not in units:
        link_note(
            f"The link asks for unit “{as_text(raw[:40])}”, which KL Lab does not know; "
            f"showing {default}. Use `unit=bits` or `unit=nats`."
        )


def read_present() -> tuple[bool, str | None]:
    """Presentation mode for this run, decided before any widget exists.

    The URL decides when it names a value (``present=1``); otherwise the session's last choice
    is carried over from the previous page (and written back to the URL, so the link to this
    view keeps it). Returns the mode and the raw URL value when it was not understood (for
    :func:`present_note`, once the page is set up).
    """
    raw = st.query_params.get(PRESENT)
    if raw is not None:
        value = PRESENT_WORDS.get(raw.strip().lower())
        st.session_state[PRESENT] = bool(value)
        return bool(value), (raw if value is None else None)
    value = bool(st.session_state.get(PRESENT_CHOICE, False))
    st.session_state[PRESENT] = value
    if value:
        st.query_params[PRESENT] = "1"
    return value, None


def present_note(raw: str) -> None:
    """The note for a link's ``present`` value that is neither on nor off."""
    link_note(
        f"The link's {as_code(f'present={raw[:40]}')} is neither on nor off; presentation mode "
        "is off. Use `present=1` to present."
    )


def present_changed() -> None:
    """The toggle's callback (runs before the script): remember the choice, mirror it in the URL."""
    on = bool(st.session_state[PRESENT])
    st.session_state[PRESENT_CHOICE] = on
    if on:
        st.query_params[PRESENT] = "1"
    elif PRESENT in st.query_params:
        del st.query_params[PRESENT]


def remember_frame_choices(*, unit: str, present: bool) -> None:
    """Keep this page's unit and presentation mode for the next page of the session."""
    st.session_state[UNIT_CHOICE] = unit
    st.session_state[PRESENT_CHOICE] = present
