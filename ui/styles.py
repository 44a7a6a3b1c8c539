"""Constant CSS of single pages, with the container keys it is scoped to (a keyed container
carries the class ``st-key-<key>``). The frame's own CSS, on every page, is in ``ui.frame``.
No user input is ever put into these strings."""

from __future__ import annotations

#: Below this width (Streamlit's own breakpoint for stacking columns) a page takes its phone
#: layout: one column, the phone's text sizes (presentation mode too), the controls kept in view.
NARROW_PX = 640

#: The containers of the fitting lessons' wide (grid) and narrow (stacked) figure.
FIT_WIDE_KEY = "fit_wide"
FIT_NARROW_KEY = "fit_narrow"

#: One figure for wide screens and one for narrow ones: the browser shows the one that fits its
#: width. Streamlit draws a chart only once it is visible, so the hidden one costs its bytes but
#: no drawing.
RESPONSIVE_FIT_CSS = f"""
<style>
@media (max-width: {NARROW_PX}px) {{ .st-key-{FIT_WIDE_KEY} {{ display: none; }} }}
@media (min-width: {NARROW_PX + 1}px) {{ .st-key-{FIT_NARROW_KEY} {{ display: none; }} }}
</style>
"""

#: The container of the derivation's chart.
DERIVATION_CHART_KEY = "derivation_chart"
#: The container of line n of the derivation has the key ``f"{DERIVATION_LINE_KEY}{n}"``.
DERIVATION_LINE_KEY = "derivation_line_"

#: On a wide screen the derivation's chart column stays in view while the lines scroll past it
#: (columns stack below 640 px, where a sticky chart would cover the text).
STICKY_CHART_CSS = f"""
<style>
@media (min-width: 640px) {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-{DERIVATION_CHART_KEY}) {{
    position: sticky; top: 3.5rem; z-index: 1;
  }}
}}
</style>
"""

#: In presentation mode the rows of the derivation's current line sit closer together, so that
#: the last line (the punchline) fits a 1280×720 projector beside the chart.
PRESENT_LINES_CSS = f"""
<style>
[class*="st-key-{DERIVATION_LINE_KEY}"],
[class*="st-key-{DERIVATION_LINE_KEY}"] > [data-testid="stVerticalBlock"] {{ gap: 0.35rem; }}
</style>
"""
