"""The live chart's wire format and the plotly.js file it loads."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io

from ui.frame import chart_config
from ui.live_chart import FILES, live_chart_payload, pack_tables
from ui.scripts import script_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_payload_is_the_figure_as_st_plotly_chart_sends_it_and_its_config():
    figure = go.Figure(go.Scatter(x=[0.1, 0.5], y=[1.2, 0.3], name="KL(P‖q)"))
    figure.update_layout(title="At q = 0.40: H(P,q) = 1.146 bits", height=440)
    payload = json.loads(live_chart_payload(figure, chart_config("coin-curves"), key="main"))
    assert payload["figure"] == json.loads(plotly.io.to_json(figure, validate=False))
    assert payload["figure"]["data"][0]["name"] == "KL(P‖q)"
    assert payload["config"]["toImageButtonOptions"]["filename"] == "coin-curves"


def test_the_script_loads_the_plotly_js_that_the_app_serves_at_the_version_plotly_ships():
    (path,) = re.findall(r'"app/static/([^"]+)"', script_text(FILES))
    served = ROOT / "static" / path
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    # plotly.js's own cartesian bundle (bar and scatter traces, a third of the full bundle's
    # size), at the version of the installed plotly package, so that an upgrade of plotly in
    # requirements.txt cannot leave the browser on another plotly.js than the exports use.
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    (version,) = re.findall(r"plotly\.js v(\S+)", shipped.read_text()[:200])
    header = served.read_text()[:200]
    assert f"plotly.js (cartesian - minified) v{version}\n" in header
    assert served.stat().st_size < shipped.stat().st_size / 2


def test_the_script_takes_no_markup_and_runs_no_figure_text():
    # The figure arrives as data and is parsed as JSON; nothing is put into the page as HTML.
    script = script_text(FILES)
    assert "JSON.parse" in script
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
        assert risky not in script


def test_the_tables_come_apart_from_the_figure_with_float_arrays_packed():
    import base64

    import numpy as np

    from ui.figures.live import Grid, LiveRow, live_json, live_table

    figure = go.Figure(go.Scatter(x=[0.1, 0.5], y=[1.2, 0.3]))
    plain = {"data": [{"type": "scatter", "y": [1.2, 0.3]}], "layout": {}}
    rows = [
        LiveRow(traces={0: {"type": "scatter", "y": np.array([v, 0.3])}}, layout={}) for v in (1, 2)
    ]
    table = live_table(Grid(0.0, 1.0, 2), rows, plain)
    packed = pack_tables({"q": table}, key="main")
    digest = packed.id
    tables = json.loads(packed.data)
    assert tables["chart"] == "main" and tables["id"] == digest
    (row,) = tables["tables"]["q"]["traces"]["0"][1:]
    np.testing.assert_array_equal(
        np.frombuffer(base64.b64decode(row["y"]["f32"]), dtype="<f4"), np.float32([2.0, 0.3])
    )
    # The chart names the tables made with it; other tables have another id.
    payload = json.loads(live_chart_payload(figure, {}, key="main", tables=digest))
    assert set(payload) == {"figure", "config", "key", "tables", "description", "numbers"}
    assert payload["tables"] == digest and payload["key"] == "main"
    other = live_table(Grid(0.0, 1.0, 2), rows[::-1], plain)
    assert pack_tables({"q": other}, key="main").id != digest
    # Tables already as JSON (a page's cache keeps them so) pack to the same bytes.
    assert pack_tables({"q": live_json(table)}, key="main") == packed
    assert json.loads(live_chart_payload(figure, {}, key="main"))["tables"] is None


def test_the_payload_carries_the_charts_description_for_screen_readers():
    figure = go.Figure(go.Bar(x=["H(P)"], y=[0.881]))
    words = "Bar: H(P) 0.881 bits plus KL 0.841 bits equals H(P,Q) 1.722 bits"
    payload = json.loads(live_chart_payload(figure, {}, key="bar", description=words))
    assert payload["description"] == words
