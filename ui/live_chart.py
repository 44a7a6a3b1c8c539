"""A plotly chart that stays on the page across reruns and takes each new figure in place.

``st.plotly_chart`` identifies a chart by its figure: a figure with new numbers is a new element,
so every slider step tears the chart down and plotly draws it from nothing (``Plotly.newPlot``:
its SVG layers, toolbar, fonts and all). A lesson's chart changes on every step, so that was most
of what a step cost in the browser (README, Performance). The live chart is a Streamlit
component (``st.components.v2``) keyed by the chart's key alone: it stays mounted, and its script
(``static/kl/live_chart.js``) hands each new figure to ``Plotly.react``, which redraws only what
changed.

The browser gets plotly.js's cartesian bundle (bar and scatter traces, a third of the full
bundle's size and so of its start-up time on a first visit) at the version plotly's Python
package ships (``static/plotly-cartesian.min.js``, served by Streamlit's static file serving
from ``.streamlit/config.toml``); tests/ui/test_live_chart.py checks the version.

While a drag slider (``ui.drag``) moves, the chart follows it without the server: for each
control, a table of what the chart shows at every grid point of the control, computed by ``core``
in one vectorised call and drawn by the figure's own panel builders (``ui.figures.live``); the
script looks up the nearest row and draws it, at most once per displayed frame. The tables are an
element of their own beside the chart (``static/kl/live_tables.js``, hidden): they depend only on
the values held while a control moves, so a step of that control sends them again unchanged, and
Streamlit's message cache sends a reference in their place (a step of /coin's p sent 213 kB
before).

Animated figures (with frames) stay on ``st.plotly_chart``: they change only when their
controls do, and Streamlit's bundled plotly.js played them faster (README, Performance).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import plotly.io

from ui.figures.live import live_json
from ui.scripts import component

#: The component's name in Streamlit's registry (its chart element has the class kl-live-chart).
NAME = "kl_live_chart"
#: The chart's script (``static/kl/``, ``ui.scripts``): the row lookup it shares with the drag
#: slider (live_rows.js), the quick drawing of a row while dragging (live_quick.js), the "Chart
#: numbers" section it shares with the animation controls (chart_numbers.js), and its own.
FILES = ("live_rows.js", "live_quick.js", "chart_numbers.js", "live_chart.js")
#: Registered once per process; Streamlit registers it again on a runtime that lacks it (AppTest).
_render = component(NAME, FILES)
#: The tables' element: its script keeps them where the chart with the same key finds them.
TABLES_NAME = "kl_live_tables"
TABLES_FILES = ("live_rows.js", "live_tables.js")
_render_tables = component(TABLES_NAME, TABLES_FILES)
#: The tables element's key ends so (ui.frame hides every element whose key does).
TABLES_SUFFIX = "_live_tables"


def live_chart_payload(
    figure,
    config: dict,
    *,
    key: str,
    tables: str | None = None,
    description: str = "",
    numbers: dict | None = None,
) -> bytes:
    """What the browser gets for one chart: ``{"figure": ..., "config": ..., "key": ...,
    "tables": ..., "description": ..., "numbers": ...}`` as UTF-8 JSON; the description is the
    chart's accessible name and ``numbers`` the table of its folded "Chart numbers" section
    (``ChartTable.as_json`` in ``ui.figures.describe``; None: no section), ``tables`` the id of
    its live tables (:class:`PackedTables`), None without.

    The figure is serialised the way ``st.plotly_chart`` does it (``plotly.io.to_json`` without
    validation) and sent as bytes, so that the JSON is not escaped into a string a second time.
    """
    spec = plotly.io.to_json(figure, validate=False)
    return (
        '{"figure": '
        + spec
        + ', "config": '
        + json.dumps(config)
        + ', "key": '
        + json.dumps(key)
        + ', "description": '
        + json.dumps(description)
        + ', "tables": '
        + json.dumps(tables)
        + ', "numbers": '
        + json.dumps(numbers)
        + "}"
    ).encode()


@dataclass(frozen=True)
class PackedTables:
    """A chart's live tables as the browser gets them: ``data``, UTF-8 JSON ``{"chart": key,
    "id": id, "tables": {control: table}}``, and ``id``, a digest of the tables, which the
    chart's own payload names (:func:`live_chart_payload`), so that a chart uses only the
    tables that were made with its figure. A page that keeps its tables in a cache packs them
    there (:func:`pack_tables`): a step that sends them again unchanged then costs the server
    no JSON and no digest."""

    id: str
    data: bytes


def pack_tables(live: dict, *, key: str) -> PackedTables:
    """The live tables of the chart keyed ``key``, packed to send. ``live`` maps a drag
    control's key to the chart's table for it (``ui.figures.live``), as a dict or already as
    JSON (``live_json``)."""
    tables = (
        "{"
        + ",".join(
            f"{json.dumps(control)}: {table if isinstance(table, str) else live_json(table)}"
            for control, table in live.items()
        )
        + "}"
    )
    digest = hashlib.blake2b(tables.encode(), digest_size=8).hexdigest()
    data = f'{{"chart": {json.dumps(key)}, "id": "{digest}", "tables": {tables}}}'
    return PackedTables(id=digest, data=data.encode())


def show_live_chart(
    figure,
    *,
    key: str,
    config: dict,
    live: dict | PackedTables | None = None,
    description: str = "",
    numbers: dict | None = None,
) -> None:
    """Show ``figure`` full width as a live chart keyed ``key``, named ``description`` for
    screen readers, with ``numbers`` (a ``ChartTable.as_json()``) in a folded "Chart numbers"
    section under it; while a drag control named in ``live`` moves, the chart draws the row of
    its table nearest to the control's value. ``live`` is a dict of tables by control, or the
    same already packed (:func:`pack_tables`). The tables come in a hidden element after the
    chart (keyed ``key + TABLES_SUFFIX``)."""
    # With ``live`` given, even empty, the element is there, so that the elements after it keep
    # their places (and stay mounted) when a control's tables come or go.
    packed = pack_tables(live, key=key) if isinstance(live, dict) else live
    data = live_chart_payload(
        figure,
        config,
        key=key,
        tables=packed.id if packed is not None else None,
        description=description,
        numbers=numbers,
    )
    _render(key=key, data=data, width="stretch", height="content")
    if packed is not None:
        # Bytes go to the browser as they are (a str would be escaped into JSON, and hashed,
        # again on every step); the browser keeps them from one step to the next while they
        # are unchanged, so their script does not run again.
        _render_tables(key=key + TABLES_SUFFIX, data=packed.data, width="stretch", height="content")
