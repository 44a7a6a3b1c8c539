"""Every chart a page sends is what plotly's own ``go.Figure`` would send (ui.figures.PlainFigure
skips building plotly's objects; this checks it changes nothing a browser receives)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from ui.figures import PlainFigure

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def plotly_dict(figure: PlainFigure) -> dict:
    return go.Figure(figure.__dict__["_plain"], _validate=False).to_dict()


@pytest.mark.parametrize(
    "page, params",
    [
        ("app.py", {}),
        ("pages/coin.py", {"p": "0.2", "q": "0.9"}),
        ("pages/coin.py", {"p": "1", "q": "0"}),
        ("pages/categorical.py", {}),
        ("pages/samples.py", {}),
        ("pages/derivation.py", {"step": "7"}),
    ],
)
def test_every_chart_on_a_page_is_what_plotly_own_figure_would_send(monkeypatch, page, params):
    def charts() -> list[dict]:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "app.py":
            at.switch_page(page).run()
        assert not at.exception
        return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]

    fast = charts()
    built = []

    def through_plotly(self: PlainFigure) -> dict:
        built.append(self)
        return plotly_dict(self)

    monkeypatch.setattr(PlainFigure, "to_dict", through_plotly)
    assert fast == charts()
    assert built, "the page drew no PlainFigure"
