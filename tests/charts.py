"""The charts a page shows, as AppTest sees them.

A figure without frames is a live chart (``ui.live_chart``: a Streamlit component whose data is
the figure, its plotly config and its description as JSON bytes, followed by a hidden element
with its live tables); an animated figure is a ``st.plotly_chart``, described by the animation
controls under it (``ui.accessibility``).
"""

from __future__ import annotations

import json

from ui.live_chart import NAME, TABLES_NAME

#: The animation controls' component (``ui.accessibility.show_animation_controls``).
ANIMATION_CONTROLS = "kl_animation_controls"


def charts(at) -> list[dict]:
    """Every chart in the page's main area, in page order, as ``{"figure", "config", "key",
    "live", "description", "numbers"}`` (``numbers``: its "Chart numbers" table as
    ``{"columns", "rows"}``, or None); a live chart's also with ``"tables"``, its live tables
    by control (from the tables element, which must carry the id the chart names), else
    ``{}``."""
    found: list[dict] = []
    described: dict[str, str] = {}  # an animated chart's description, by its key
    tables: dict[str, dict] = {}  # a live chart's tables element, by the chart's key

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if kind == "bidi_component" and proto.component_name == NAME:
            payload = json.loads(proto.bytes)
            found.append({**payload, "key": _user_key(proto.id), "live": True})
        elif kind == "bidi_component" and proto.component_name == TABLES_NAME:
            data = json.loads(proto.bytes)
            tables[data["chart"]] = data
        elif kind == "plotly_chart":
            found.append(
                {
                    "figure": json.loads(proto.spec),
                    "config": json.loads(proto.config),
                    "key": _user_key(proto.id),
                    "live": False,
                }
            )
        elif kind == "bidi_component" and proto.component_name == ANIMATION_CONTROLS:
            data = json.loads(proto.json)
            described[data["chart"]] = (data["description"], data["numbers"])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    for chart in found:
        if not chart["live"]:
            found_with = described.get(f".st-key-{chart['key']} .js-plotly-plot", ("", None))
            chart["description"], chart["numbers"] = found_with
        elif chart["tables"] is None:
            chart["tables"] = {}
        else:
            sent = tables[chart["key"]]
            assert sent["id"] == chart["tables"], f"{chart['key']}: tables of another figure"
            chart["tables"] = sent["tables"]
    return found


def figures(at) -> list[dict]:
    """The figure of every chart in the page's main area, in page order."""
    return [chart["figure"] for chart in charts(at)]


def _user_key(element_id: str) -> str | None:
    """The key a page gave a chart: Streamlit ends a keyed element's id with ``-<key>``."""
    return element_id.rsplit("-", 1)[-1] if element_id.startswith("$$ID-") else None
