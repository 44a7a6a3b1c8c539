"""What every page does for students who use a screen reader, the keyboard only, high contrast
or zoom, or who are troubled by motion (WCAG 2.2 AA).

The frame (``ui.frame.page_frame``) puts ``ACCESSIBILITY_CSS`` on every page. Colours that
Streamlit's theme can set live in ``.streamlit/config.toml``; this CSS covers what the theme
cannot: focus rings, the primary button's label on the dark theme, and reduced motion.
"""

from __future__ import annotations

import streamlit as st

from ui.figures.animated import BUTTONS
from ui.figures.describe import ChartTable
from ui.scripts import component

#: Always on, after Streamlit's own styles.
#: - Focus is always visible: a solid ring in the primary colour of the theme in use
#:   (``light-dark`` follows the ``color-scheme`` Streamlit sets on the app).
#: - A primary button's label and its keyboard shortcut are drawn in white at partial opacity by
#:   Streamlit, under 4.5:1 on the primary colour; here they are opaque, white on the light
#:   theme's dark blue and near-black on the dark theme's light blue.
#: - Chart subtitles (plotly SVG text in ``ui.theme.TEXT``, a grey under 4.5:1 on white) are
#:   drawn in a grey that reads 4.5:1 on the theme in use; coloured words in them keep their
#:   colour.
#: - On a phone, display equations (``st.latex``) are set a little smaller so that they fit
#:   the column: KaTeX makes an equation that does not fit a scroll region, which the keyboard
#:   cannot reach (KaTeX/KaTeX#4182).
#: - With ``prefers-reduced-motion: reduce`` nothing on the page tweens or scrolls smoothly.
ACCESSIBILITY_CSS = """
<style>
:focus-visible {
  outline: 3px solid light-dark(#0072B2, #56B4E9) !important;
  outline-offset: 2px;
}
.kl-animation-controls {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0.25rem 0 0.5rem 0;
}
.kl-animation-controls button {
  font: inherit; font-size: 0.9rem; padding: 0.3rem 0.8rem; border-radius: 0.5rem;
  cursor: pointer; border: 1px solid rgba(128, 128, 128, 0.6); background: transparent;
  color: inherit;
}
.kl-animation-controls label {
  display: flex; align-items: center; gap: 0.5rem; flex: 1 1 12rem; font-size: 0.9rem;
}
.kl-animation-controls input[type="range"] { flex: 1; min-width: 8rem; accent-color: currentColor; }
.kl-animation-readout { flex: 1 1 18rem; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
.kl-chart-numbers {
  border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.5rem; margin: 0.25rem 0 0.5rem 0;
}
.kl-chart-numbers > summary { cursor: pointer; padding: 0.45rem 0.9rem; font-size: 0.9rem; }
.kl-chart-numbers[open] > summary { border-bottom: 1px solid rgba(128, 128, 128, 0.3); }
.kl-chart-numbers .kl-numbers { padding: 0.5rem 0.9rem 0.75rem 0.9rem; }
.kl-numbers { overflow-x: auto; max-width: 100%; }
.kl-numbers table {
  border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums;
}
.kl-numbers th, .kl-numbers td {
  text-align: left; padding: 0.25rem 0.75rem; border-bottom: 1px solid rgba(128, 128, 128, 0.35);
}
.kl-numbers th { font-weight: 600; }
[class*="st-key-announce_"] {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0;
}
[data-testid="stBaseButton-primary"],
[data-testid="stBaseButton-primary"] p,
[data-testid="stBaseButton-primary"] kbd {
  color: light-dark(#FFFFFF, #0E1117) !important;
  opacity: 1;
}
.js-plotly-plot .gtitle-subtitle { fill: light-dark(#5F6373, #A3A6B4) !important; }
@media (max-width: 480px) {
  .katex-display > .katex { font-size: 1.1em; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0s !important;
    animation-iteration-count: 1 !important;
    transition-duration: 0s !important;
    scroll-behavior: auto !important;
  }
}
</style>
"""


#: The animation controls' component (``static/kl/animation_controls.js``, after the "Chart
#: numbers" section it shares with the live chart), registered once per process.
_animation_controls = component(
    "kl_animation_controls", ("chart_numbers.js", "animation_controls.js")
)


def show_animation_controls(
    *, key: str, description: str, numbers: ChartTable | None = None
) -> None:
    """Keyboard controls (Play, Slow, Pause, a frame slider and the frame's numbers) for the
    animated chart shown just before with ``st.plotly_chart(..., key=key)``, which has none of
    its own (``ui.figures.animated.controls``); they name its drawing ``description``, and say
    through the page's live region (:func:`announce`) where a played animation paused or
    ended. Under them, ``numbers`` in a folded "Chart numbers" section
    (``static/kl/chart_numbers.js``, as under a live chart)."""
    _animation_controls(
        key=f"{key}_controls",
        data={
            "chart": f".st-key-{key} .js-plotly-plot",
            "description": description,
            "label": "Animation controls",
            "buttons": list(BUTTONS),
            "numbers": numbers.as_json() if numbers is not None else None,
        },
        width="stretch",
        height="content",
    )


# A polite live region that stays on the page across reruns: the first run only remembers the
# text (nothing is said as the page opens); a later run with other text says it once.
_ANNOUNCE_SCRIPT = """
export default function ({ parentElement, data }) {
  let region = parentElement.querySelector(":scope > .kl-announce");
  if (!region) {
    region = document.createElement("p");
    region.className = "kl-announce";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    parentElement.appendChild(region);
    region.__klLast = data.text;
    return;
  }
  if (region.__klLast !== data.text) {
    region.__klLast = data.text;
    region.textContent = data.text;
  }
}
"""
_announce = st.components.v2.component("kl_announce", js=_ANNOUNCE_SCRIPT, isolate_styles=False)


def announce(text: str, *, key: str) -> None:
    """Have screen readers say ``text`` once, politely, when it differs from the last run's
    (after a slider step, say), not as the page opens. The region is visually hidden."""
    _announce(key=f"announce_{key}", data={"text": text}, width="stretch", height="content")


def announce_changes(parts: list[str], *, key: str) -> None:
    """:func:`announce` for a page with several things to change: of ``parts`` (the numbers of
    each, in a fixed order) say only those that differ from the last run's, so a student hears
    what the last change moved, not the whole page. A run that changed none says nothing; an
    empty part (nothing of it on the page) is never said."""
    memory = f"_announced_{key}"
    last_parts, last_text = st.session_state.get(memory, (None, ""))
    if last_parts is None or len(last_parts) != len(parts):
        changed = list(parts)
    else:
        changed = [part for part, before in zip(parts, last_parts, strict=True) if part != before]
    changed = [part for part in changed if part]
    text = "; ".join(changed) if changed else last_text
    st.session_state[memory] = (list(parts), text)
    announce(text, key=key)
