"""While a control is dragged, the live charts move what plotly drew instead of handing plotly a
new figure (ui/live_quick.js). Here each dragged drawing is compared with plotly's own drawing of
the same row, element by element (shapes, annotations, bars and their labels, titles, lines,
fills, markers): within 2 px and with the same texts, on a projector, on a phone and presenting
(larger texts, which plotly hides in bars sooner)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE, PROJECTOR

pytestmark = pytest.mark.e2e

COMPARE = (Path(__file__).parent / "js" / "quick_vs_plotly.js").read_text()
DIE = "/categorical?k=4&p=0.4,0.3,0.2,0.1&q=0.25,0.25,0.25,0.25&unit=bits"
CASES = {
    # q across its range and onto both ends (KL infinite at q = 0 and 1), back to the start.
    "coin q": ("/coin?p=0.7&q=0.4&unit=bits", "q", [0.05, 0.2, 0.55, 0.7, 0.9, 1.0, 0.0, 0.4]),
    # p moves the whole curve family, its fill and its minimum; H(P) = 0 at p = 0 and 1.
    "coin p": ("/coin?p=0.7&q=0.4&unit=nats", "p", [0.05, 0.2, 0.4, 0.55, 0.9, 1.0, 0.0, 0.7]),
    # a bar of Q: every chart moves (the terms on a held axis going from 0.6 to 0.55); to 0
    # (KL infinite) and to 1.
    "die bar": (DIE, "q2", [0.1, 0.3, 0.6, 0.55, 0.9, 1.0, 0.0]),
}


@pytest.mark.parametrize(
    ("size", "present"),
    [(PROJECTOR, False), (PHONE, False), (PROJECTOR, True)],
    ids=["projector", "phone", "presenting"],
)
@pytest.mark.parametrize("case", list(CASES))
def test_a_dragged_drawing_matches_plotlys_drawing_of_the_same_row(
    new_page, app_url, case, size, present
):
    path, control, values = CASES[case]
    page = new_page(app_url + path + ("&present=1" if present else ""), size)
    if control == "q2":
        # Focusing a bar asks for its tables, as pointing at it does.
        page.locator(".st-key-die_distributions input[data-control='q2']").focus()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.kl-live-chart')]"
            ".filter((g) => g.__klBase && g.__klBase.live.q2).length === 3"
        )
    result = page.evaluate(COMPARE, [control, values])
    assert result["differences"] == []
    # Most drawings were quick ones (a label plotly had hidden and that now fits, or a chart
    # whose axis moves, is drawn by plotly instead).
    assert result["quick"] >= len(values)
    assert page.errors == []
