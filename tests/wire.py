"""What a browser draws from a figure's JSON, for comparing two figures' wire formats.

``PlainFigure.to_dict`` sends numbers as short decimal lists and no template, where
plotly's own ``to_dict`` sends base64 typed arrays and its default template; both must draw the
same chart.
"""

from __future__ import annotations

import base64
import math

import numpy as np

#: Relative tolerance of a number sent to ui.figures.common.WIRE_DIGITS (7) significant digits.
RTOL = 1e-6


def drawn(figure: dict) -> dict:
    """``figure`` (a JSON-ready dict) with base64 typed arrays decoded to lists, NaN as None and
    the layout's template left out."""
    result = _decoded(figure)
    result.get("layout", {}).pop("template", None)
    return result


def _decoded(value):
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                shape = [int(n) for n in str(value["shape"]).split(",")]
                array = array.reshape(shape)
            return _decoded(array.tolist())
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_decoded(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def assert_same_drawing(wire: dict, reference: dict, path: str = "figure") -> None:
    """``wire`` draws what ``reference`` does: the same structure and strings, numbers equal to
    ``RTOL`` (both passed through :func:`drawn`)."""
    if isinstance(reference, dict):
        assert isinstance(wire, dict), path
        assert wire.keys() == reference.keys(), f"{path}: {sorted(wire)} != {sorted(reference)}"
        for key in reference:
            assert_same_drawing(wire[key], reference[key], f"{path}.{key}")
    elif isinstance(reference, list):
        assert isinstance(wire, list) and len(wire) == len(reference), path
        for index, (a, b) in enumerate(zip(wire, reference, strict=True)):
            assert_same_drawing(a, b, f"{path}[{index}]")
    elif isinstance(reference, float) and not isinstance(reference, bool):
        assert isinstance(wire, int | float), f"{path}: {wire!r}"
        assert math.isclose(wire, reference, rel_tol=RTOL, abs_tol=1e-300), (
            f"{path}: {wire!r} != {reference!r}"
        )
    else:
        assert wire == reference, f"{path}: {wire!r} != {reference!r}"
