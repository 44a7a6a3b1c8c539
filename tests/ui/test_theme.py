"""Every colour that draws a line, a bar or a marker stands out at least 3:1 against the light
and the dark page (WCAG 2.2, 1.4.11 non-text contrast)."""

from __future__ import annotations

import pytest

from ui import theme
from ui.theme import contrast_ratio

#: The palette of quantities: what the charts draw with.
DRAWING = ["ENTROPY", "KL", "CROSS_ENTROPY", "TRUE", "MODEL", "MARKER", "NEUTRAL"]


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("background", ["LIGHT_BACKGROUND", "DARK_BACKGROUND"])
@pytest.mark.parametrize("name", DRAWING)
def test_drawing_colours_stand_out_three_to_one_on_both_pages(name, background):
    ratio = contrast_ratio(getattr(theme, name), getattr(theme, background))
    assert ratio >= theme.GRAPHIC_CONTRAST, f"theme.{name} on {background}: {ratio:.2f}:1"
