"""While a control is dragged, the live charts move what plotly drew instead of handing plotly a new
figure (static/kl/live_quick.js). Here each dragged drawing is compared with plotly's own drawing of
the same row, element by element (shapes, annotations, bars and their labels, titles, lines, fills,
markers): within 2 px and with the same texts, on a projector, on a phone and presenting (larger
texts, which plotly hides in bars sooner)."""

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
    # a logit: four charts, the loss curve along the true class's logit among them.
    "logit": ("/classifier?logits=2,1,0.1&label=0&unit=bits", "z1", [-4.0, 0.5, 3, 2.5, 8, -9]),
}
#: What asks for a control's tables (the page sends one bar's or one logit's at a time), and
#: how many charts then have them.
PREPARE = {
    "p": (".st-key-p input[type=range]", 2),
    "q2": (".st-key-die_distributions input[data-control='q2']", 3),
    "z1": ("input[aria-label='Logit z1 of class 1']", 4),
}


SIZES = {"projector": (PROJECTOR, False), "phone": (PHONE, False), "presenting": (PROJECTOR, True)}
#: Each case once, in the layout where it differs most from the others (the suite's time is
#: short): /coin on a phone and presenting (its labels hide soonest), the others on a projector.
RUNS = [
    ("coin q", "presenting"),
    ("coin q", "phone"),
    ("coin p", "presenting"),
    ("die bar", "projector"),
    ("logit", "projector"),
]


@pytest.mark.parametrize(("case", "layout"), RUNS)
def test_a_dragged_drawing_matches_plotlys_drawing_of_the_same_row(new_page, app_url, case, layout):
    size, present = SIZES[layout]
    path, control, values = CASES[case]
    page = new_page(app_url + path + ("&present=1" if present else ""), size)
    if control in PREPARE:
        # Focusing a control asks for its tables, as pointing at it does.
        where, charts = PREPARE[control]
        page.locator(where).focus()
        page.wait_for_function(
            "([control, n]) => [...document.querySelectorAll('.kl-live-chart')]"
            ".filter((g) => g.__klTablesFor && g.__klTablesFor(control)).length === n",
            arg=[control, charts],
        )
    result = page.evaluate(COMPARE, [control, values])
    assert result["differences"] == []
    # Most drawings were quick ones (a label plotly had hidden and that now fits, or a chart
    # whose axis moves, is drawn by plotly instead).
    assert result["quick"] >= len(values)
    assert page.errors == []
