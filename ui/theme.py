"""One palette and one set of font sizes for every page and figure.

Colours are Okabe-Ito (colour-blind safe, readable on light and dark backgrounds). H(P), KL and
H(P,Q) have the same colour on every page.
"""

from __future__ import annotations

ENTROPY = "#0072B2"  # blue: H(P), the floor no model can beat
KL = "#D55E00"  # vermillion: KL(P||Q), the avoidable part
CROSS_ENTROPY = "#CC79A7"  # reddish purple: H(P,Q), what the model costs
TRUE = "#009E73"  # bluish green: the true distribution P
MODEL = "#E69F00"  # orange: the model Q
MARKER = "#56B4E9"  # sky blue: the current choice on a curve
NEUTRAL = "#7F7F7F"  # grey: guides, "other" categories

#: Chart text and guides. The charts are drawn without Streamlit's chart theme
#: (ui.figures.common.styled_layout), so these must read on the light and the dark page: the
#: page's font, a grey that reads on both for text (the frame's CSS gives titles, axes and legends
#: the page's own text colour on screen), transparent backgrounds and faint grid lines.
FONT_FAMILY = '"Source Sans", sans-serif'
TEXT = "#808495"
GRID = "rgba(128, 128, 128, 0.25)"
#: Behind a label that sits on a chart's lines: a faint grey that darkens the light page and
#: lightens the dark one a little, so coloured text on it reads on both.
LABEL_BACKGROUND = "rgba(128, 128, 128, 0.16)"
TRANSPARENT = "rgba(0, 0, 0, 0)"

#: Figure font sizes (px): normal use, and presentation mode for a projector.
FONT_SIZE = 17
PRESENT_FONT_SIZE = 24
