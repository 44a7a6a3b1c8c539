"""Every colour that draws a line, a bar or a marker stands out at least 3:1 against the light
and the dark page (WCAG 2.2, 1.4.11 non-text contrast)."""

from __future__ import annotations

import pytest

from ui import theme

#: The palette of quantities: what the charts draw with.
DRAWING = ["ENTROPY", "KL", "CROSS_ENTROPY", "TRUE", "MODEL", "MARKER", "NEUTRAL"]


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour such as ``#0072B2``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.2's contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter over the darker."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("background", ["LIGHT_BACKGROUND", "DARK_BACKGROUND"])
@pytest.mark.parametrize("name", DRAWING)
def test_drawing_colours_stand_out_three_to_one_on_both_pages(name, background):
    ratio = contrast_ratio(getattr(theme, name), getattr(theme, background))
    assert ratio >= 3.0, f"theme.{name} on {background}: {ratio:.2f}:1"
