"""A plotly chart that stays on the page across reruns and takes each new figure in place.

``st.plotly_chart`` identifies a chart by its figure: a figure with new numbers is a new element,
so every slider step tears the chart down and plotly draws it from nothing (``Plotly.newPlot``:
its SVG layers, toolbar, fonts and all). A lesson's chart changes on every step, so that was most
of what a step cost in the browser (README, Performance). The live chart is a Streamlit
component (``st.components.v2``) keyed by the chart's key alone: it stays mounted, and its script
(``live_chart.js``) hands each new figure to ``Plotly.react``, which redraws only what changed.

The browser gets plotly.js's cartesian bundle (bar and scatter traces, a third of the full
bundle's size and so of its start-up time on a first visit) at the version plotly's Python
package ships (``static/plotly-cartesian.min.js``, served by Streamlit's static file serving
from ``.streamlit/config.toml``); tests/ui/test_live_chart.py checks the version.

While a drag slider (``ui.drag``) moves, the chart follows it without the server: the payload
carries, for each control, a table of what the chart shows at every grid point of the control,
computed by ``core`` in one vectorised call and drawn by the figure's own panel builders
(``ui.figures.live``); the script looks up the nearest row and hands it to ``Plotly.react``, at
most once per displayed frame.

Animated figures (with frames) stay on ``st.plotly_chart``: they change only when their
controls do, and Streamlit's bundled plotly.js played them faster (README, Performance).
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io
import streamlit as st

from ui.figures.live import live_json

#: The component's name in Streamlit's registry (its chart element has the class kl-live-chart).
NAME = "kl_live_chart"
#: The chart's script, after the row lookup it shares with the drag slider (ui/live_rows.js) and
#: the quick drawing of a row while dragging (ui/live_quick.js).
SCRIPT = "".join(
    (Path(__file__).parent / name).read_text()
    for name in ("live_rows.js", "live_quick.js", "live_chart.js")
)
#: Registered once per process; Streamlit registers it again on a runtime that lacks it (AppTest).
_render = st.components.v2.component(NAME, js=SCRIPT, isolate_styles=False)


def live_chart_payload(
    figure, config: dict, live: dict | None = None, description: str = ""
) -> bytes:
    """What the browser gets for one chart: ``{"figure": ..., "config": ..., "tables": ...,
    "description": ...}`` as UTF-8 JSON; the description is the chart's accessible name
    (``ui.figures.describe``).

    The figure is serialised the way ``st.plotly_chart`` does it (``plotly.io.to_json`` without
    validation) and sent as bytes, so that the JSON is not escaped into a string a second time.
    ``tables`` maps a drag control's key to the chart's table for it (``ui.figures.live``), given
    in ``live`` as a dict or already as JSON (``ui.figures.live.live_json``: a page keeps those).
    """
    spec = plotly.io.to_json(figure, validate=False)
    tables = ",".join(
        f"{json.dumps(key)}: {table if isinstance(table, str) else live_json(table)}"
        for key, table in (live or {}).items()
    )
    return (
        '{"figure": '
        + spec
        + ', "config": '
        + json.dumps(config)
        + ', "description": '
        + json.dumps(description)
        + ', "tables": {'
        + tables
        + "}}"
    ).encode()


def show_live_chart(
    figure, *, key: str, config: dict, live: dict | None = None, description: str = ""
) -> None:
    """Show ``figure`` full width as a live chart keyed ``key``, named ``description`` for
    screen readers; while a drag control named in ``live`` moves, the chart draws the row of its
    table nearest to the control's value."""
    data = live_chart_payload(figure, config, live, description)
    _render(key=key, data=data, width="stretch", height="content")
