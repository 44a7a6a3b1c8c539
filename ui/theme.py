"""One palette and one set of font sizes for every page and figure.

Colours are Okabe-Ito (colour-blind safe), with the orange and the sky blue darkened so that every
line, bar and marker stands out at least 3:1 against the light and the dark page (WCAG 2.2
non-text contrast; tests/ui/test_theme.py). H(P), KL and H(P,Q) have the same colour on every page;
colour is never the only difference: lines also differ by dash, bars carry labels or patterns.
"""

from __future__ import annotations

ENTROPY = "#0072B2"  # blue: H(P), the floor no model can beat
KL = "#D55E00"  # vermillion: KL(P||Q), the avoidable part
CROSS_ENTROPY = "#CC79A7"  # reddish purple: H(P,Q), what the model costs
TRUE = "#009E73"  # bluish green: the true distribution P
MODEL = "#C07A00"  # dark orange: the model Q
MARKER = "#2E8BC0"  # mid blue: the current choice on a curve
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

#: The page behind the (transparent) charts: Streamlit's light and dark theme backgrounds.
LIGHT_BACKGROUND = "#FFFFFF"
DARK_BACKGROUND = "#171614"

#: Text written inside a bar: light on a dark bar, dark on a light one (:func:`text_on`).
LIGHT_TEXT = "#FFFFFF"
DARK_TEXT = "#0E1117"

#: WCAG 2.2's least contrast of text (1.4.3, AA) and of lines, bars and markers (1.4.11).
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour such as ``#0072B2``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.2's contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter over the darker."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """The colour of text inside a bar of colour ``background``: :data:`LIGHT_TEXT` or
    :data:`DARK_TEXT`, whichever stands out more (white on the blue H(P), near-black on the
    vermillion KL and the pink H(P,Q)). Bars are opaque, so this holds on both themes."""
    light = contrast_ratio(LIGHT_TEXT, background)
    dark = contrast_ratio(DARK_TEXT, background)
    return LIGHT_TEXT if light >= dark else DARK_TEXT


#: Figure font sizes (px): normal use, and presentation mode for a projector.
FONT_SIZE = 17
PRESENT_FONT_SIZE = 24
