"""The frame every page starts with: page config, navigation, the unit, presentation mode.

Pages live in ``pages/`` and the file name is the URL path. The built-in page list is hidden
(``.streamlit/config.toml``) and replaced by ``st.page_link`` entries in sections; ``st.navigation``
is deliberately not used (see the README's "Layers" section).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from ui import theme
from ui.figures import format_value

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: (section, [(script path relative to app.py, label, icon)]); entries whose file is missing are
#: skipped, so the navigation only ever offers pages that exist.
NAVIGATION: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Start", [("app.py", "Overview", ":material/home:")]),
    (
        "Lessons",
        [
            ("pages/coin.py", "A coin", ":material/toll:"),
            ("pages/categorical.py", "A loaded die", ":material/casino:"),
            ("pages/samples.py", "Your samples", ":material/dataset:"),
            ("pages/mle.py", "Watch maximum likelihood", ":material/trending_down:"),
            ("pages/forward_reverse.py", "Forward vs reverse KL", ":material/compare_arrows:"),
        ],
    ),
    ("For the lecture", [("pages/derivation.py", "The derivation", ":material/functions:")]),
]

UNITS = {"bits": 2, "nats": None}
DEFAULT_UNIT = "bits"


@dataclass(frozen=True)
class Frame:
    """What a page needs from the frame: the unit and whether it is presented on a projector."""

    unit: str
    base: float | None
    present: bool

    @property
    def font_size(self) -> int:
        """Figure font size for this view."""
        return theme.PRESENT_FONT_SIZE if self.present else theme.FONT_SIZE

    def format(self, value: float, digits: int = 3) -> str:
        """A number with its unit, e.g. ``0.881 bits``; infinity as ∞."""
        return format_value(value, self.unit, digits)


def _carry(key: str) -> dict:
    """Carry a frame choice between pages of one session.

    A widget on another page is another widget, so the last choice is kept under a private key
    (updated by the widget's callback, which runs before the script) and handed to the new page's
    widget, unless the page's URL names a value itself. Returns the widget's callback arguments.
    """
    private = f"_{key}_choice"
    if private in st.session_state and key not in st.query_params:
        st.session_state[key] = st.session_state[private]

    def remember() -> None:
        st.session_state[private] = st.session_state[key]

    return {"key": key, "on_change": remember, "bind": "query-params"}


def _note_bad_unit() -> None:
    raw = st.query_params.get("unit")
    if raw is not None and raw not in UNITS:
        st.warning(
            f"The link asks for unit “{raw[:40]}”, which KL Lab does not know; "
            f"showing {DEFAULT_UNIT}. Use `unit=bits` or `unit=nats`.",
            icon=":material/link_off:",
        )


def _navigation() -> None:
    for section, entries in NAVIGATION:
        existing = [e for e in entries if os.path.exists(os.path.join(ROOT, e[0]))]
        if not existing:
            continue
        st.sidebar.caption(section)
        for path, label, icon in existing:
            st.sidebar.page_link(path, label=label, icon=icon)


def page_frame(title: str, *, icon: str, intro: str | None = None) -> Frame:
    """Set up the page and draw the shared frame; return the unit and view choices.

    Call first on every page, before any other Streamlit command.
    """
    st.set_page_config(page_title=f"{title} · KL Lab", page_icon=icon, layout="wide")
    _navigation()

    _note_bad_unit()
    with st.sidebar:
        st.divider()
        unit = st.radio(
            "Unit of information",
            list(UNITS),
            horizontal=True,
            **_carry("unit"),
            help="Bits use log base 2, nats the natural log. 1 nat = 1.4427 bits.",
        )
        present = st.toggle(
            "Presentation mode",
            **_carry("present"),
            help="Larger text and charts for a projector; secondary controls are hidden.",
        )
    st.session_state["_unit_choice"] = unit
    st.session_state["_present_choice"] = present
    if present:
        st.html(PRESENT_CSS)

    st.title(title)
    st.markdown(
        r"$H(P,Q) \;=\; H(P) \;+\; \mathrm{KL}(P\,\|\,Q)$ · cross-entropy = entropy + KL divergence"
    )
    if intro and not present:
        st.caption(intro)
    return Frame(unit=unit, base=UNITS[unit], present=present)


# Presentation mode: larger text everywhere, less chrome. Only our own constant CSS goes here.
PRESENT_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; padding-bottom: 1rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stCaptionContainer"] { display: none; }
</style>
"""


def chart_config(filename: str) -> dict:
    """Plotly toolbar settings for every chart: a camera button that downloads the chart with
    its title (and so its live numbers) at twice the size, no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def show_chart(figure, *, key: str, filename: str | None = None) -> None:
    """Show a plotly figure full width with the shared toolbar settings.

    Every chart on every page goes through here so that export and presentation behave alike.
    """
    st.plotly_chart(figure, width="stretch", key=key, config=chart_config(filename or key))
