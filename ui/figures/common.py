"""Figure builders shared by every lesson: pure functions, numbers in, ``go.Figure`` out.

Nothing here imports Streamlit or displays anything. Colours and sizes come from ``ui.theme`` so
H(P), KL and H(P,Q) look the same on every page.
"""

from __future__ import annotations

import hashlib
import math
import re
from html import unescape

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.utils import convert_to_base64

from core import Decomposition
from ui import theme

#: Plotly validates every property on construction, which costs milliseconds per rerun. The
#: builders are checked against plotly's validators in the tests (tests/ui), so at run time the
#: figures are assembled without validating again.
VALIDATE = False

#: Significant digits of a trace's numbers on the wire: far below a pixel on any chart.
WIRE_DIGITS = 7


def make_figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> go.Figure:
    """Assemble a figure from plain dicts: a validated ``go.Figure`` when ``VALIDATE`` is true,
    else a :class:`PlainFigure` that builds plotly's objects only if something reads them.

    The layout is finished by :func:`finished_layout`.
    """
    layout = finished_layout(data, layout)
    figure = {"data": data, "layout": layout}
    if frames is not None:
        figure["frames"] = frames
    if VALIDATE:
        return go.Figure(figure)
    return PlainFigure(figure)


def finished_layout(data: list[dict], layout: dict) -> dict:
    """``layout`` as every figure sends it: the shared chart style (:func:`styled_layout`) under
    its own settings, and a ``datarevision`` computed from the traces (:func:`data_revision`)
    unless it sets one."""
    layout = styled_layout(layout)
    layout.setdefault("datarevision", data_revision(data))
    return layout


def styled_layout(layout: dict) -> dict:
    """``layout`` over the shared chart style: the page's font, grey text, transparent
    backgrounds, faint grid lines and axes that make room for their labels (and so need not
    measure them again at each drawing).

    Charts are shown without Streamlit's chart theme (``ui.frame.show_chart``): the theme arrives
    as a plotly template, and a chart with a template is drawn twice whenever Streamlit mounts it.
    This style stands in for it, on the light and the dark page alike.
    """
    style = {
        "font": {"family": theme.FONT_FAMILY, "color": theme.TEXT},
        "paper_bgcolor": theme.TRANSPARENT,
        "plot_bgcolor": theme.TRANSPARENT,
        "hoverlabel": {"font": {"family": theme.FONT_FAMILY}},
        "modebar": {"bgcolor": theme.TRANSPARENT, "color": theme.TEXT},
    }
    # ticklabeloverflow "allow": by default ("hide past div") plotly measures every tick label at
    # every drawing to hide those past the figure's edge, each measurement a layout of the whole
    # page; the margins made for the labels keep them inside (docs/performance.md).
    axis = {
        "gridcolor": theme.GRID,
        "zerolinecolor": theme.GRID,
        "automargin": True,
        "ticklabeloverflow": "allow",
    }
    for name in sorted({"xaxis", "yaxis", *(key for key in layout if _AXIS.fullmatch(key))}):
        style[name] = dict(axis)
    return _merged(style, layout)


_AXIS = re.compile(r"[xy]axis\d*")


def _merged(base: dict, over: dict) -> dict:
    """``over`` laid on ``base``, dicts merged key by key; neither is changed."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def data_revision(data: list[dict]) -> str:
    """A digest of every trace's contents, for ``layout.datarevision``.

    Streamlit hands a mounted chart its figure again after a JSON round trip (new array objects,
    same numbers). Without a ``datarevision`` plotly compares data arrays by identity and redraws
    everything; with one it trusts the revision. The digest changes whenever any trace does, so
    a figure with other data is never mistaken for this one.
    """
    digest = hashlib.blake2b(digest_size=8)

    def feed(value) -> None:
        if isinstance(value, np.ndarray):
            digest.update(f"{value.dtype.str}{value.shape}".encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        elif isinstance(value, dict):
            for key in sorted(value):
                digest.update(f"<{key}>".encode())
                feed(value[key])
        elif isinstance(value, list | tuple):
            digest.update(b"[")
            for item in value:
                feed(item)
            digest.update(b"]")
        else:
            digest.update(f"{type(value).__name__}:{value!r};".encode())

    feed(data)
    return digest.hexdigest()


class PlainFigure(go.Figure):
    """A ``go.Figure`` that keeps the plain dicts it was made from until something needs more.

    Plotly turns every trace and property into an object on construction (milliseconds even
    without validation) and ``to_dict`` deep-copies them all back into dicts, while
    ``st.plotly_chart`` only calls ``to_dict``. So the objects are built on first use of
    anything else (``figure.data``, ``.layout``, ``update_layout``, comparisons: the tests, the
    HTML export), and until then :meth:`to_dict` returns the figure as the browser should get
    it, straight from the dicts: no template (the
    layout carries its style, see :func:`styled_layout`), the NumPy arrays of the traces and the
    layout as JSON lists of numbers to ``WIRE_DIGITS`` significant digits (plotly compares
    lists, never typed arrays, by ``datarevision``), the frames' arrays as plotly's base64
    typed arrays (compact; only animations read them).
    """

    def __init__(self, figure: dict) -> None:
        # Deliberately not go.Figure.__init__ yet: see _build.
        object.__setattr__(self, "_plain", figure)
        object.__setattr__(self, "_building", False)

    def _build(self) -> None:
        object.__setattr__(self, "_building", True)
        try:
            go.Figure.__init__(self, self._plain, _validate=False)
        finally:
            object.__setattr__(self, "_building", False)
        object.__setattr__(self, "_plain", None)

    def __getattr__(self, name: str):
        # Only reached for attributes not set yet, i.e. before the plotly objects exist.
        if (
            name.startswith("__")
            or self.__dict__.get("_building")
            or not self.__dict__.get("_plain")
        ):
            raise AttributeError(name)
        self._build()
        return getattr(self, name)

    @property
    def animated(self) -> bool:
        """Whether the figure has frames, read from the dicts while they are all there is."""
        plain = self.__dict__.get("_plain")
        return bool(plain.get("frames")) if plain else bool(self.frames)

    def to_dict(self) -> dict:
        plain = self.__dict__.get("_plain")
        if not plain:
            return super().to_dict()
        result = _structure_copy(plain)
        result["data"] = [_lists_of_numbers(trace) for trace in result["data"]]
        result["layout"] = _lists_of_numbers(result["layout"])
        if "frames" in result:
            # Not the whole figure: plotly's encoder visits every number of every list.
            convert_to_base64(result["frames"])
        return result


def _lists_of_numbers(value):
    """``value`` (a trace or a layout, copied) with every NumPy array in it as a JSON-ready
    list."""
    if isinstance(value, np.ndarray):
        return wire_list(value)
    if isinstance(value, dict):
        return {key: _lists_of_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lists_of_numbers(item) for item in value]
    return value


#: 10**k as the double nearest to it, for k = 0 … 300. Read from decimal strings, which are
#: rounded correctly; numpy's vectorised ``10.0 ** k`` may be an ulp off on some processors.
_POWERS_OF_TEN = np.array([float(f"1e{k}") for k in range(301)])


def wire_list(values: np.ndarray) -> list:
    """An array as a (nested) list: floats rounded to ``WIRE_DIGITS`` significant digits, so
    that each is a short decimal in the JSON, and NaN or infinity as ``None`` (a gap in plotly).
    Other dtypes (integers, strings, booleans) as they are."""
    if values.dtype.kind != "f":
        return values.tolist()
    exact = values.astype(np.float64)
    with np.errstate(all="ignore"):
        digits = WIRE_DIGITS - 1 - np.floor(np.log10(np.abs(exact)))
        digits = np.clip(np.where(np.isfinite(digits), digits, 0), -300, 300)
        scale = _POWERS_OF_TEN[np.abs(digits).astype(np.intp)]
        # Divide or multiply by the double nearest to a power of ten: the result is the double
        # nearest to the rounded decimal, which Python writes back as that short decimal.
        rounded = np.where(
            digits >= 0, np.round(exact * scale) / scale, np.round(exact / scale) * scale
        )
    finite = np.isfinite(exact)
    if finite.all():
        return rounded.tolist()
    return np.where(finite, rounded, None).tolist()


def _structure_copy(value):
    """Dicts and lists copied, leaves (numbers, strings, NumPy arrays) shared, as plotly's
    ``to_dict`` has them before it encodes the arrays (which replaces, never mutates, them)."""
    if isinstance(value, dict):
        return {key: _structure_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_structure_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_structure_copy(item) for item in value)
    return value


def has_frames(figure: go.Figure) -> bool:
    """Whether the figure is animated. A :class:`PlainFigure` answers from its dicts
    (:attr:`PlainFigure.animated`), without building plotly's objects."""
    return figure.animated if isinstance(figure, PlainFigure) else bool(figure.frames)


def base_layout(
    *, font_size: int = theme.FONT_SIZE, height: int = 420, title: str | None = None
) -> dict:
    """Layout shared by every chart: large fonts, tight margins, legend above the plot."""
    layout = {
        "font": {"size": font_size},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "font": {"size": font_size},
        },
        "hoverlabel": {"font": {"size": font_size}},
    }
    if title:
        layout["title"] = {
            "text": title,
            "font": {"size": font_size + 2, "weight": "bold"},
            "x": 0,
            "xanchor": "left",
        }
    return layout


#: The values an axis may end at, times a power of ten: a limit rounded out to one of them
#: changes only now and then while the numbers under it change smoothly (a drag).
AXIS_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def axis_limit(value: float) -> float:
    """``value`` rounded away from zero to one of :data:`AXIS_STEPS` times a power of ten
    (0.27 → 0.3, -0.117 → -0.12, 2.6 → 3); 0 and non-finite values unchanged."""
    if value == 0 or not math.isfinite(value):
        return value
    size = abs(value)
    power = 10.0 ** math.floor(math.log10(size))
    step = next(m for m in AXIS_STEPS if m * power >= size * (1 - 1e-12))
    return math.copysign(step * power, value)


def format_value(value: float, unit: str, digits: int = 3) -> str:
    """``0.881 bits``; infinity spelled as ∞."""
    return f"∞ {unit}" if math.isinf(value) else f"{value:.{digits}f} {unit}"


_TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str) -> str:
    """Plotly's text markup (``<br>``, ``<b>``, ``&amp;``) as plain text for a screen reader or
    an HTML element's text: tags become spaces, entities characters, runs of space one."""
    return " ".join(unescape(_TAG.sub(" ", markup)).split())


def decomposition_bar_figure(decomposition: Decomposition, **options) -> go.Figure:
    """The identity as a picture: H(P) and KL(P‖Q) stacked to the height of H(P,Q).

    The drawing and its ``options`` are those of :func:`decomposition_bar_spec`.
    """
    return make_figure(*decomposition_bar_spec(decomposition, **options))


def decomposition_bar_spec(
    decomposition: Decomposition,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
    y_max: float | None = None,
    title: str | None = None,
    p_label: str = "P",
    q_label: str = "Q",
    entropy_symbol: str = "H",
) -> tuple[list[dict], dict]:
    """The traces and layout (plain dicts) of the stacked bar H(P) + KL = H(P,Q).

    Two columns: the stack H(P) + KL on the left, the cross-entropy alone on the right, at the
    same height. ``entropy_symbol`` is ``"h"`` when P is a density (differential entropy). An
    infinite KL (Q gives probability 0 to an outcome P allows) is drawn as a bar to the top of
    the axis with the label ∞.
    """
    d = decomposition
    unit = d.unit
    h, ce, kl = float(d.entropy), float(d.cross_entropy), float(d.kl_divergence)
    finite = math.isfinite(ce)
    top = y_max if y_max is not None else (max(ce, 1e-9) * 1.15 if finite else max(h, 1.0) * 2)
    kl_drawn = kl if finite else top - h
    ce_drawn = ce if finite else top
    entropy_name = f"{entropy_symbol}({p_label})"
    stack, alone = f"{entropy_name} + KL", f"H({p_label},{q_label})"

    def text_font(bar_colour: str) -> dict:
        return {"size": font_size, "color": theme.text_on(bar_colour)}

    data = [
        {
            "type": "bar",
            "name": f"{entropy_name} entropy",
            "x": [stack],
            "y": [h],
            "marker": {"color": theme.ENTROPY},
            "text": [f"{entropy_name}<br>{format_value(h, unit)}"],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": text_font(theme.ENTROPY),
            "hovertemplate": f"{entropy_name} = {format_value(h, unit, 6)}<extra></extra>",
        },
        {
            "type": "bar",
            "name": f"KL({p_label}‖{q_label}) divergence",
            "x": [stack],
            "y": [kl_drawn],
            "marker": {"color": theme.KL},
            "text": [f"KL<br>{format_value(kl, unit)}"],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": text_font(theme.KL),
            "hovertemplate": f"KL = {format_value(kl, unit, 6)}<extra></extra>",
        },
        {
            "type": "bar",
            "name": f"H({p_label},{q_label}) cross-entropy",
            "x": [alone],
            "y": [ce_drawn],
            "marker": {"color": theme.CROSS_ENTROPY},
            "text": [f"H({p_label},{q_label})<br>{format_value(ce, unit)}"],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": text_font(theme.CROSS_ENTROPY),
            "hovertemplate": f"H({p_label},{q_label}) = {format_value(ce, unit, 6)}<extra></extra>",
        },
    ]
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout.update(
        {
            "barmode": "stack",
            "bargap": 0.25,
            "uniformtext": {"minsize": max(10, font_size - 6), "mode": "hide"},
            "yaxis": {"title": {"text": unit}, "range": [0, top], "fixedrange": True},
            "xaxis": {"fixedrange": True},
            "showlegend": False,
        }
    )
    return data, layout
