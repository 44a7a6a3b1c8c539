"""The frame every page starts with: page config, navigation, the unit, presentation mode, the
link to the current view, and the chart toolbar.

Pages live in ``pages/`` and the file name is the URL path. The built-in page list is hidden
(``.streamlit/config.toml``) and replaced by ``st.page_link`` entries in sections. ``st.navigation``
is not used: beside a ``pages/`` folder, a deep link opened first on a fresh server would run its
page without this frame.

Presentation mode is the URL parameter ``present=1`` (``present=true`` works too). It collapses the
sidebar, enlarges text (``PRESENT_CSS``) and chart fonts (``Frame.font_size``), and pages hide
their secondary controls when ``frame.present`` is true, so that each lesson's main chart, shown
with ``show_chart(figure, key="main", ...)``, fits a 1280×720 projector at 100% zoom. The larger
sizes apply from ``NARROW_PX`` up: a phone opening a presentation link gets the phone layout with
the presentation's other choices (fewer controls, the numbers in the titles).

The layout block (``LAYOUT_CSS``) holds what every page shares on every screen: the chart toolbar
in a strip of its own above each chart, and on a phone the lesson's controls (``controls_area``)
kept at the top of the screen while its charts scroll under them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from core import Decomposition
from ui import theme
from ui.accessibility import ACCESSIBILITY_CSS, show_animation_controls
from ui.figures.common import format_value, has_frames
from ui.figures.describe import ChartTable, title_description
from ui.figures.export import figure_html, html_file_name
from ui.live_chart import TABLES_SUFFIX, PackedTables, show_live_chart
from ui.styles import NARROW_PX
from ui.url_state import (
    PRESENT,
    UNIT_CHOICE,
    carried,
    present_changed,
    present_note,
    read_present,
    remember_frame_choices,
    unit_note,
)

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
            ("pages/coding.py", "Bits you can count", ":material/data_object:"),
            ("pages/classifier.py", "A classifier's loss", ":material/category:"),
        ],
    ),
    ("For the lecture", [("pages/derivation.py", "The derivation", ":material/functions:")]),
]

UNITS = {"bits": 2, "nats": None}
DEFAULT_UNIT = "bits"

#: The key of each lesson's main figure: ``show_chart(figure, key=MAIN_CHART, ...)``. In the
#: browser the chart sits in a container with the class ``st-key-main``; presentation mode
#: promises that this chart fits a 1280×720 screen (tests/e2e/test_presentation.py).
MAIN_CHART = "main"


@dataclass(frozen=True)
class Frame:
    """What a page needs from the frame: the unit and whether it is presented on a projector."""

    unit: str
    base: float | None
    present: bool
    phone: bool = False

    @property
    def projector(self) -> bool:
        """Presentation mode on a screen that is not a phone: the projector's sizes apply."""
        return self.present and not self.phone

    @property
    def font_size(self) -> int:
        """Figure font size for this view: larger on a projector, the phone's own on a phone."""
        return theme.PRESENT_FONT_SIZE if self.projector else theme.FONT_SIZE

    @property
    def main_chart_height(self) -> int:
        """Height (px) of the main figure: what fits under the title and one row of controls on
        a 1280×720 projector in presentation mode, a comfortable size otherwise."""
        return PRESENT_MAIN_CHART_HEIGHT if self.projector else MAIN_CHART_HEIGHT

    def format(self, value: float, digits: int = 3) -> str:
        """A number with its unit, e.g. ``0.881 bits``; infinity as ∞."""
        return format_value(value, self.unit, digits)


#: The key of the container that holds a lesson's main controls (``controls_area``).
CONTROLS = "controls"


def phone_browser() -> bool:
    """Whether the browser says it is a phone (its user agent names a mobile device)."""
    agent = (st.context.headers or {}).get("User-Agent", "") or ""
    return "Mobi" in agent or "Android" in agent


def controls_area():
    """The container for a lesson's main controls, drawn above its charts.

    On a phone it stays at the top of the screen (at most 40% of its height, scrolling inside)
    while the charts scroll under it, so the control and what it changes are seen together
    (``LAYOUT_CSS``). One per page.
    """
    return st.container(key=CONTROLS)


#: Main chart heights (px), see ``Frame.main_chart_height``.
MAIN_CHART_HEIGHT = 440
PRESENT_MAIN_CHART_HEIGHT = 400


def _navigation() -> None:
    for section, entries in NAVIGATION:
        existing = [e for e in entries if os.path.exists(os.path.join(ROOT, e[0]))]
        if not existing:
            continue
        st.sidebar.caption(section)
        for path, label, icon in existing:
            st.sidebar.page_link(path, label=label, icon=icon)


def current_link() -> str:
    """The link to this view as the server sees it: the page's URL and its query parameters.

    The browser's address bar is the final word (a bound widget may have changed the URL since
    the run started); the share box shows this and then follows the address bar.
    """
    base = st.context.url or ""
    params = st.query_params.to_dict()
    return base + (f"?{urlencode(params)}" if params else "")


def page_frame(title: str, *, icon: str, intro: str | None = None) -> Frame:
    """Set up the page and draw the shared frame; return the unit and view choices.

    Call first on every page, before any other Streamlit command.
    """
    present, bad_present = read_present()
    st.set_page_config(
        page_title=f"{title} · KL Lab",
        page_icon=icon,
        layout="wide",
        initial_sidebar_state="collapsed" if present else "auto",
    )
    _navigation()

    unit_note(UNITS, DEFAULT_UNIT)
    if bad_present is not None:
        present_note(bad_present)
    with st.sidebar:
        st.divider()
        unit = st.radio(
            "Unit of information",
            list(UNITS),
            horizontal=True,
            **carried("unit", private=UNIT_CHOICE),
            help="Bits use log base 2, nats the natural log. 1 nat = 1.4427 bits.",
        )
        present = st.toggle(
            "Presentation mode",
            key=PRESENT,
            on_change=present_changed,
            help="Larger text and charts for a projector; secondary controls are hidden. "
            "Also `present=1` in a link.",
        )
        st.html(_share_html(current_link()), unsafe_allow_javascript=True)
    remember_frame_choices(unit=unit, present=present)
    st.html(FRAME_CSS)
    st.html(LAYOUT_CSS)
    if present:  # after the layout: its sizes win
        st.html(PRESENT_CSS)
    st.html(ACCESSIBILITY_CSS)  # last: focus rings and contrast win over every style

    st.title(title)
    st.markdown(
        r"$H(P,Q) \;=\; H(P) \;+\; \mathrm{KL}(P\,\|\,Q)$ · cross-entropy = entropy + KL divergence"
    )
    if intro and not present:
        st.caption(intro)
    return Frame(unit=unit, base=UNITS[unit], present=present, phone=phone_browser())


# Presentation mode: larger text everywhere, less chrome, from a projector's width up (a phone
# keeps its own sizes). Only our own constant CSS goes here.
PRESENT_CSS = f"""
<style>
@media (min-width: {NARROW_PX + 1}px) {{
html {{ font-size: 21px; }}
[data-testid="stMainBlockContainer"] {{
  padding-top: 2.6rem; padding-bottom: 1rem; max-width: 100%;
  padding-left: 2rem; padding-right: 2rem;
}}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.9rem; padding: 0 0 0.2rem 0; }}
[data-testid="stHeader"] {{ background: transparent; height: 2.4rem; }}
[data-testid="stMetricValue"] {{ font-size: 2.2rem; }}
}}
[data-testid="stCaptionContainer"] {{ display: none; }}
</style>
"""

#: Height of the strip above each chart that holds its toolbar (in rem: plotly's toolbar grows
#: with the page's text, as in presentation mode).
TOOLBAR_REM = 1.8

# ---- Layout: what every page shares on every screen ------------------------------------------
# - The chart toolbar (plotly's modebar, with the frame's SVG button) sits in a strip of its own
#   above the chart: plotly puts it over the plot's top right corner, where long titles and
#   legends are. The strip is part of the chart's box, so hovering it keeps the toolbar shown.
# - On a phone the container from ``controls_area`` sticks under the header while the charts
#   scroll under it; it needs an opaque background, inherited from the app down to it (the
#   theme's, light or dark).
# - Nothing may widen the page: wide formulas scroll inside their own box.
LAYOUT_CSS = f"""
<style>
.js-plotly-plot {{ padding-top: {TOOLBAR_REM}rem; }}
.js-plotly-plot .modebar-container {{ top: -{TOOLBAR_REM}rem !important; }}
.stMarkdown .katex-display {{ overflow-x: auto; overflow-y: hidden; }}
[data-testid="stElementContainer"][class*="{TABLES_SUFFIX}"] {{ display: none; }}
@media (min-width: {NARROW_PX + 1}px) {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
}}
@media (max-width: {NARROW_PX}px) {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-{CONTROLS}) {{
    position: sticky; top: 3.75rem; z-index: 5; max-height: 40vh; overflow-y: auto;
    background-color: inherit; box-shadow: 0 6px 6px -6px rgba(128, 128, 128, 0.6);
  }}
  [data-testid="stApp"] *:has(.st-key-{CONTROLS}) {{ background-color: inherit; }}
}}
</style>
"""

#: Always on: the share box and the SVG button in the chart toolbar.
FRAME_CSS = """
<style>
.kl-share-label { font-size: 0.875rem; margin-bottom: 0.25rem; }
.kl-share-row { display: flex; gap: 0.4rem; }
.kl-share-row input {
  flex: 1; min-width: 0; font-family: monospace; font-size: 0.8rem; padding: 0.3rem 0.4rem;
  border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.4rem;
  background: transparent; color: inherit;
}
.kl-share-row button {
  font-size: 0.8rem; padding: 0.3rem 0.6rem; border-radius: 0.4rem; cursor: pointer;
  border: 1px solid rgba(128, 128, 128, 0.4); background: transparent; color: inherit;
}
.modebar-btn[data-kl-svg] text { fill: currentColor; }
/* Equations set by ui.math_html: KaTeX's fonts and sizes, aligned on their relation signs. */
.kl-math-blocks { display: flex; flex-wrap: wrap; column-gap: 1.5rem; }
.kl-math { flex: 1 1 19rem; min-width: 0; overflow-x: auto; margin: 0.25rem 0 0.75rem 0; }
.kl-math:last-child:nth-child(odd) { flex-basis: 100%; }
.kl-math table {
  margin: 0 auto; border-collapse: collapse; border: none; width: auto;
  font-family: KaTeX_Main, "Times New Roman", serif; font-size: 1.21em; line-height: 1.45;
}
.kl-math tr, .kl-math td { border: none; background: none; }
.kl-math td { padding: 0 0 0 0.28em; white-space: nowrap; text-align: left; }
.kl-math td:first-child { padding: 0; text-align: right; }
.kl-math i { font-family: KaTeX_Math, "Times New Roman", serif; font-style: italic; }
.kl-math sub { font-size: 0.7em; line-height: 0; vertical-align: -0.35em; }
.kl-math-unit { font-family: KaTeX_Main, "Times New Roman", serif; }
/* Chart titles, axes, tick labels and legends in the page's text colour, on the light and the
   dark theme alike (no Streamlit theme: ui.figures.common.styled_layout). Subtitles,
   annotations and bar labels keep the colours their figures give them. */
.js-plotly-plot .infolayer > g[class^="g-"] > text:not(.gtitle-subtitle),
.js-plotly-plot .xaxislayer-above text, .js-plotly-plot .yaxislayer-above text,
.js-plotly-plot .legendtext {
  fill: currentColor !important;
}
</style>
"""

# The script behind the share box and the toolbar's SVG button. Constant text (no user input is
# ever put into it); installed once per browser tab and kept alive across reruns and pages.
# - The share box follows the address bar, which Streamlit keeps in step with every URL-bound
#   widget, so the link always opens the view on screen.
# - Plotly's toolbar has one camera button with one format (config.toImageButtonOptions). Next to
#   it goes a second button that asks the same camera for an SVG: it sets the format on the
#   chart's live config, clicks the camera and puts the PNG format back.
# - st.html runs it through DOMPurify, which drops a <script> whose text contains "<" followed by a
#   letter, "/" or "!": build elements with the DOM API, never with markup in strings.
_SHARE_SCRIPT = """
<script>
(() => {
  const w = window;
  if (w.__klLab) { w.__klLab.refresh(); return; }
  const SVG_TITLE = "Download plot as an SVG";
  const NS = "http://www.w3.org/2000/svg";
  function svgIcon(colour) {
    const icon = document.createElementNS(NS, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("height", "1em");
    icon.setAttribute("width", "1em");
    icon.setAttribute("class", "icon");
    const label = document.createElementNS(NS, "text");
    label.setAttribute("x", "12");
    label.setAttribute("y", "16");
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("font-size", "10");
    label.setAttribute("font-weight", "700");
    label.setAttribute("font-family", "sans-serif");
    label.style.fill = colour;
    label.textContent = "SVG";
    icon.appendChild(label);
    return icon;
  }
  function refresh() {
    document.querySelectorAll(".kl-share input").forEach((input) => {
      if (input.value !== w.location.href) input.value = w.location.href;
    });
  }
  function addSvgButtons(root) {
    root.querySelectorAll(".modebar").forEach((bar) => {
      if (bar.querySelector("[data-kl-svg]")) return;
      const camera = bar.querySelector('.modebar-btn[data-title^="Download plot"]');
      if (!camera) return;
      const cameraPath = camera.querySelector("path");
      const colour = (cameraPath && cameraPath.style.fill) || "rgba(68, 68, 68, 0.3)";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "modebar-btn";
      button.setAttribute("rel", "tooltip");
      button.setAttribute("data-gravity", "n");
      button.setAttribute("data-title", SVG_TITLE);
      button.setAttribute("aria-label", SVG_TITLE);
      button.setAttribute("data-kl-svg", "1");
      const icon = svgIcon(colour);
      button.appendChild(icon);
      button.addEventListener("mouseenter", () => {
        icon.firstChild.style.fill = colour.replace(/0[.]3[)]$/, "0.7)");
      });
      button.addEventListener("mouseleave", () => { icon.firstChild.style.fill = colour; });
      button.addEventListener("click", (event) => {
        event.preventDefault();
        const plot = bar.closest(".js-plotly-plot");
        const context = plot && plot._context;
        if (!context) return;
        const saved = context.toImageButtonOptions || {};
        context.toImageButtonOptions = Object.assign({}, saved, { format: "svg", scale: 1 });
        try { camera.click(); } finally { context.toImageButtonOptions = saved; }
      });
      camera.after(button);
    });
  }
  // The toolbar shows when the pointer (or the focus) reaches a chart: add the button then, so
  // that nothing runs while an animation changes the chart's elements on every frame.
  for (const type of ["pointerover", "focusin"]) {
    document.addEventListener(type, (event) => {
      const plot = event.target.closest && event.target.closest(".js-plotly-plot");
      if (plot) addSvgButtons(plot);
    }, { passive: true });
  }
  for (const name of ["pushState", "replaceState"]) {
    const original = w.history[name];
    w.history[name] = function (...args) {
      const result = original.apply(this, args);
      w.setTimeout(refresh, 0);
      return result;
    };
  }
  w.addEventListener("popstate", refresh);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".kl-share button");
    if (!button) return;
    const input = button.parentElement.querySelector("input");
    refresh();
    const done = () => {
      button.textContent = "Copied";
      w.setTimeout(() => { button.textContent = "Copy"; }, 1500);
    };
    const fallback = () => { input.select(); document.execCommand("copy"); done(); };
    if (w.navigator.clipboard && w.isSecureContext) {
      w.navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });
  w.__klLab = { refresh };
  refresh();
})();
</script>
"""


def _share_html(link: str) -> str:
    from html import escape

    return (
        '<div class="kl-share">'
        '<div class="kl-share-label">Link to this view</div>'
        '<div class="kl-share-row">'
        f'<input type="text" readonly aria-label="Link to this view" value="{escape(link)}">'
        '<button type="button" title="Copy the link">Copy</button>'
        "</div></div>" + _SHARE_SCRIPT
    )


#: The three identity metrics' value elements, for live texts while a slider is dragged.
METRIC_VALUES = ".st-key-identity_metrics [data-testid='stMetricValue']"


def show_identity_metrics(
    frame: Frame, d: Decomposition, *, source: str, event: str, match: str
) -> None:
    """H(P), KL(P‖Q) and H(P,Q) as three metrics in a row, with their unit; ``source`` names
    the true distribution ("coin"), ``event`` one draw ("toss") and ``match`` when the model is
    right ("q = p"). Their values are :data:`METRIC_VALUES`, in that order: a drag slider
    rewrites them while it moves (``ui.drag``)."""
    columns = st.container(key="identity_metrics").columns(3)
    columns[0].metric(
        "H(P) · entropy", frame.format(d.entropy), help=f"The {source}'s own uncertainty."
    )
    columns[1].metric(
        "KL(P‖Q) · divergence",
        frame.format(d.kl_divergence),
        help=f"The extra cost of the wrong model; 0 only when {match}.",
    )
    columns[2].metric(
        "H(P,Q) · cross-entropy",
        frame.format(d.cross_entropy),
        help=f"The cost per {event} when coding with the model.",
    )


def chart_config(filename: str) -> dict:
    """Plotly toolbar settings for every chart: a camera button that downloads the chart with
    its title (and so its live numbers) at twice the size as PNG, next to it (added by the
    frame's script) the same as SVG, and no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def show_chart(
    figure,
    *,
    key: str,
    filename: str | None = None,
    live: dict | PackedTables | None = None,
    description: str | None = None,
    table: ChartTable | None = None,
) -> None:
    """Show a plotly figure full width with the shared toolbar settings.

    Every chart on every page goes through here so that export, presentation and accessibility
    behave alike. Use ``key=MAIN_CHART`` ("main") for the lesson's main figure. A figure without
    frames is a live chart (:mod:`ui.live_chart`): it stays on the page and each rerun redraws it
    in place. An animated figure (one with frames) is a ``st.plotly_chart``, with a button under
    it that downloads it as a standalone HTML file that plays offline. ``live`` holds the live
    chart's tables for drag sliders (``ui.drag``, ``ui.figures.live``), by control or packed
    (``ui.live_chart.pack_tables``).

    ``description`` is what a screen reader says for the chart, with its live numbers
    (:mod:`ui.figures.describe`); without one, the figure's title and subtitle. ``table`` is
    offered under the chart in a collapsed "Chart numbers" section (part of the chart's own
    element, ``static/kl/chart_numbers.js``), except in presentation mode, where secondary controls
    are hidden (the toggle's state, set by ``page_frame`` before any chart).
    """
    name = filename or key
    description = description or title_description(figure)
    if st.session_state.get("present"):
        table = None
    if not has_frames(figure):
        # Redrawn in place on each rerun instead of mounted anew (ui.live_chart).
        show_live_chart(
            figure,
            key=key,
            config=chart_config(name),
            live=live,
            description=description,
            numbers=table.as_json() if table is not None else None,
        )
        return
    # theme=None: Streamlit's chart theme comes as a plotly template, and with a template plotly
    # draws a chart twice each time Streamlit mounts it. figures.common.styled_layout and FRAME_CSS
    # stand in for the theme.
    st.plotly_chart(figure, width="stretch", key=key, config=chart_config(name), theme=None)
    show_animation_controls(key=key, description=description, numbers=table)
    st.download_button(
        "Download the animation (HTML, plays offline)",
        data=lambda: figure_html(figure),
        file_name=html_file_name(name),
        mime="text/html",
        key=f"{key}_html",
        on_click="ignore",
        icon=":material/movie:",
        help="One HTML file with the chart and its Play button; it needs no network, so it "
        "works on a lecture hall PC or inside slides.",
    )
