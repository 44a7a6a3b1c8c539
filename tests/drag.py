"""Drag sliders (``ui.drag``) as AppTest sees them, and a value committed as the browser does.

AppTest does not know Streamlit components, so a commit is sent the way the browser sends it:
the component's trigger ("commit") with the value, in the widget states of the next run.
"""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState

from ui.drag import HANDLES_NAME, NAME


def sliders(at) -> dict[str, dict]:
    """The page's drag sliders by key, as the browser gets them (``ui.drag.drag_slider``), each
    with its element id under ``"id"``."""
    found: dict[str, dict] = {}

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", None) == "bidi_component" and proto.component_name == NAME:
            spec = json.loads(json.loads(proto.json))  # a str, sent as JSON
            found[spec["key"]] = {**spec, "id": proto.id}
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def commit(at, key: str, value: object):
    """Run ``at`` again as after the browser committed ``value`` on the slider ``key``."""
    return send(at, sliders(at)[key]["id"], "commit", value)


def handles(at) -> dict:
    """The bar handles (``ui.drag.bar_handles``) as the browser gets them, with ``"id"``."""
    (found,) = [
        {**json.loads(node.proto.bytes), "id": node.proto.id}
        for node in _walk(at.main)
        if getattr(node, "type", None) == "bidi_component"
        and node.proto.component_name == HANDLES_NAME
    ]
    return found


def send(at, element_id: str, event: str, value: object):
    """Run ``at`` again as after the browser set the trigger ``event`` of a component."""
    states = at._tree.get_widget_states()
    trigger = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{element_id}__events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    states.widgets.append(trigger)
    return at._run(states)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)
