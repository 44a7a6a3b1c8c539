"""Widgets whose values live in the URL, with a clear note when a link's value is unusable.

Streamlit drops a bound widget's URL value that it cannot use; these helpers look at the raw
value first so the page can say what it ignored instead of silently falling back.
"""

from __future__ import annotations

import math

import streamlit as st


def link_note(message: str) -> None:
    """Tell the user that part of the link they opened was ignored, and why."""
    st.warning(message, icon=":material/link_off:")


def _check_number(key: str, low: float, high: float, default: float) -> None:
    raw = st.query_params.get(key)
    if raw is None:
        return
    try:
        value = float(raw)
    except ValueError:
        link_note(f"The link's `{key}={raw[:40]}` is not a number; using {key} = {default:g}.")
        return
    if not math.isfinite(value) or not low <= value <= high:
        link_note(
            f"The link's `{key}={raw[:40]}` is outside {low:g} to {high:g}; "
            f"using {key} = {default:g}."
        )


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
    _check_number(key, min_value, max_value, value)
    return st.slider(
        label,
        min_value=min_value,
        max_value=max_value,
        value=value,
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
    raw = st.query_params.get(key)
    if raw is not None and not (raw.lstrip("-").isdigit() and min_value <= int(raw) <= max_value):
        link_note(
            f"The link's `{key}={raw[:40]}` is not a whole number from {min_value} to {max_value}; "
            f"using {key} = {value}."
        )
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
