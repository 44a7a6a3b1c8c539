"""Figures of the classifier lesson: one example's loss class by class, the loss along one
logit, and the training animation of a softmax regression.

Numbers come from :mod:`core.classifier` (the loss, its terms, the training path); the functions
here only choose grids and lay the numbers out. Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import (
    ClassifierData,
    ClassifierLoss,
    Decomposition,
    TrainingPath,
    classifier_loss,
    logit_family,
    loss_along_logit,
)
from ui import theme
from ui.figures.animated import (
    PanelDrawing,
    coloured,
    float32,
    identity_panel,
    padded,
    panels_figure,
)
from ui.figures.categorical import distributions_spec
from ui.figures.coin import for_browser, identity_bar_spec, identity_texts, rgba, titled_layout
from ui.figures.common import axis_limit, format_value, make_figure
from ui.figures.live import Grid, LiveRow, live_table

#: Digits as subscripts (z₀, z₁, ...).
SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Points on the curve over one logit.
CURVE_POINTS = 401
#: The curve over a logit spans at least this far either side of the other logits.
CURVE_REACH = 8.0
#: Points on the curve in a live table's rows: a dragged logit other than the true class's
#: redraws the whole curve, and 101 points draw it as smoothly at a quarter of the table's size.
LIVE_CURVE_POINTS = 101


def class_names(k: int, label: int) -> list[str]:
    """Class names for an axis, 0-based as the URL's ``label``: ``0``, ``1 = y``, ``2``..."""
    return [f"{i} = y" if i == label else str(i) for i in range(k)]


# One example, class by class ----------------------------------------------------------------------


def class_terms_figure(
    loss: ClassifierLoss, label: int, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> go.Figure:
    """Each class's term of the loss (:func:`class_terms_spec`)."""
    return make_figure(*class_terms_spec(loss, label, font_size=font_size, height=height))


def class_terms_spec(
    loss: ClassifierLoss, label: int, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> tuple[list[dict], dict]:
    """The traces and layout (plain dicts) of each class's term of the loss, −p·log q,
    stacked as −p·log p (its share of H(P)) plus p·log(p/q) (its share of KL).

    With a one-hot target only the true class has a term, −log q_y, and it is all KL. With
    label smoothing every class has one; a KL term is negative where Q gives a class more than
    its target (greyed), and the terms still add up to KL ≥ 0.
    """
    unit = loss.unit
    k = loss.target.shape[-1]
    names = class_names(k, label)
    h_terms, kl_terms = loss.entropy_terms, loss.kl_terms
    ce_terms = loss.cross_entropy_terms
    hover = f"class %{{x}}<br>%{{fullData.name}} = %{{y:.4f}} {unit}<extra></extra>"
    data = [
        {
            "type": "bar",
            "name": "−p·log p (H(P))",
            "x": names,
            "y": for_browser(h_terms),
            "marker": {"color": theme.ENTROPY},
            "hovertemplate": hover,
        },
        {
            "type": "bar",
            "name": "p·log(p/q) (KL)",
            "x": names,
            "y": for_browser(kl_terms),
            "marker": {"color": [theme.KL if v >= 0 else theme.NEUTRAL for v in kl_terms]},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": "−p·log q (loss)",
            "x": names,
            "y": for_browser(ce_terms),
            "marker": {
                "symbol": "line-ew-open",
                "size": 28,
                "color": theme.CROSS_ENTROPY,
                "line": {"width": 4, "color": theme.CROSS_ENTROPY},
            },
            # the true class's term alone is labelled: with smoothing the others are small
            "text": [format_value(v, unit) if i == label else "" for i, v in enumerate(ce_terms)],
            "textposition": "top center",
            "textfont": {"color": theme.CROSS_ENTROPY, "size": font_size - 3},
            "cliponaxis": False,
            "hovertemplate": hover,
        },
    ]
    high = float(max(np.max(ce_terms), np.max(h_terms + np.maximum(kl_terms, 0)), 1e-3))
    low = float(min(np.min(np.minimum(kl_terms, 0)), 0.0))
    layout = titled_layout(
        "Each class's share of the loss",
        f"{coloured('−p·log q', theme.CROSS_ENTROPY)} = {coloured('−p·log p', theme.ENTROPY)}"
        f" + {coloured('p·log(p/q)', theme.KL)}",
        font_size=font_size,
        height=height,
    )
    layout.update(
        {
            "showlegend": False,
            "barmode": "relative",
            "bargap": 0.3,
            "xaxis": {"title": {"text": "class"}, "type": "category", "fixedrange": True},
            "yaxis": {
                "title": {"text": unit},
                # Ends on rounded steps: while a logit is dragged the axis holds (live_quick.js).
                "range": [axis_limit(low - 0.08 * (high - low)), axis_limit(high * 1.2)],
                "fixedrange": True,
                "zeroline": True,
            },
        }
    )
    return data, layout


# The loss along one logit -------------------------------------------------------------------------


@dataclass(frozen=True)
class LogitCurve:
    """H(P), KL(P‖Q) and the loss as logit ``index`` runs over ``values``, the other logits as
    they are; ``at`` is that logit's current value and ``current`` its numbers."""

    index: int
    values: np.ndarray
    curve: Decomposition
    at: float
    current: Decomposition


def logit_curve(
    logits: np.ndarray,
    label: int,
    *,
    temperature: float,
    smoothing: float,
    base: float | None = None,
    index: int | None = None,
    points: int = CURVE_POINTS,
    span: tuple[float, float] | None = None,
) -> LogitCurve:
    """The loss along the logit of class ``index`` (by default the true class): one call into
    ``core`` over an even grid of ``points`` that holds the current value, reaches
    ``CURVE_REACH`` beyond the other logits, scaled by the temperature, and covers ``span``
    (a drag slider's range, so that the marker stays on the chart while it is dragged)."""
    index = label if index is None else index
    logits = np.asarray(logits, dtype=float)
    others = np.delete(logits, index)
    reach = CURVE_REACH * max(temperature, 1.0)
    low = min(float(others.min()) - reach, float(logits[index]) - 1.0)
    high = max(float(others.max()) + reach, float(logits[index]) + 1.0)
    if span is not None:
        low, high = min(low, span[0]), max(high, span[1])
    values = np.linspace(low, high, points)
    options = {"temperature": temperature, "smoothing": smoothing, "base": base}
    return LogitCurve(
        index=index,
        values=values,
        curve=loss_along_logit(logits, label, index=index, values=values, **options),
        at=float(logits[index]),
        current=loss_along_logit(logits, label, index=index, values=[logits[index]], **options),
    )


def logit_curve_figure(
    c: LogitCurve, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> go.Figure:
    """The loss over one logit (:func:`logit_curve_spec`)."""
    return make_figure(*logit_curve_spec(c, font_size=font_size, height=height))


def logit_curve_spec(
    c: LogitCurve, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> tuple[list[dict], dict]:
    """The traces and layout (plain dicts) of the loss H(P,Q) over one logit above the floor
    H(P), the gap KL shaded, and the current logit marked with its KL as a segment, like
    /coin's curves over q."""
    unit = c.curve.unit
    floor = float(c.curve.entropy)
    now = float(c.current.cross_entropy[0])
    kl_now = float(c.current.kl_divergence[0])
    x0, dx = float(c.values[0]), float(c.values[1] - c.values[0])
    ends = [float(c.values[0]), float(c.values[-1])]
    # Subscript digits as text, not markup: the title then changes as plain text while the
    # logit is dragged (static/kl/live_quick.js moves plain texts only).
    name = "z" + str(c.index).translate(SUBSCRIPT_DIGITS)
    hover = f"{name} = %{{x:.2f}}<br>%{{fullData.name}} = %{{y:.3f}} {unit}<extra></extra>"
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P) floor",
            "x": ends,
            "y": [floor, floor],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hovertemplate": f"H(P) = {format_value(floor, unit)}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P,Q) loss",
            "x0": x0,
            "dx": dx,
            "y": for_browser(c.curve.cross_entropy),
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "fill": "tonexty",
            "fillcolor": rgba(theme.KL, 0.18),
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "KL now",
            "x": [c.at, c.at],
            "y": [floor, now],
            "line": {"color": theme.KL, "width": 6},
            "marker": {
                "size": [0, 16],
                "color": theme.MARKER,
                "line": {"color": "white", "width": [0, 2]},
            },
            "hovertemplate": f"{name} = {c.at:g}: loss = {format_value(now, unit)}, "
            f"KL = {format_value(kl_now, unit)}<extra></extra>",
        },
    ]
    visible = c.curve.cross_entropy
    top = max(2.0 * max(now, floor, 1e-3), float(np.quantile(visible, 0.5)))
    top = min(top, float(np.max(visible)) * 1.05) if np.max(visible) > now else now * 1.15
    layout = titled_layout(
        f"The loss along {name}",
        f"at {name} = {c.at:g}: {format_value(now, unit)}; floor H(P) = "
        f"{format_value(floor, unit)}",
        font_size=font_size,
        height=height,
    )
    layout.update(
        {
            "showlegend": False,
            "xaxis": {"title": {"text": f"logit {name}"}, "range": ends, "fixedrange": True},
            "yaxis": {
                "title": {"text": unit},
                "range": [0, axis_limit(max(top, floor * 1.2, 1e-3))],
                "fixedrange": True,
            },
            "hovermode": "closest",
        }
    )
    return data, layout


#: How the sentence writes the logarithm of each unit.
LOG_NAMES = {"bits": "log₂", "nats": "ln"}


def _subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def format_logits(logits: np.ndarray) -> str:
    """Logits as the URL writes them: ``2,1,0.1`` (up to 6 significant digits)."""
    return ",".join(f"{v:.6g}" for v in np.asarray(logits, dtype=float))


def loss_sentence(loss: ClassifierLoss, label: int) -> str:
    """Why the loss is what it is, in one sentence with the numbers (unit included)."""
    unit = loss.unit
    d = loss.decomposition
    q_y = float(loss.probabilities[label])
    if float(d.entropy) == 0.0:
        log = LOG_NAMES.get(unit, "log")
        q_text = f"{q_y:.4g}" if q_y >= 1e-4 else f"e^{float(loss.log_probabilities[label]):.4g}"
        return (
            f"The target is one-hot, so H(P) = 0 and the loss is all KL: "
            f"H(P,Q) = KL(P‖Q) = −{log} q{_subscript(label)} = −{log} {q_text} = "
            f"{format_value(float(d.cross_entropy), unit, 4)}."
        )
    return (
        f"With label smoothing the target has entropy H(P) = "
        f"{format_value(float(d.entropy), unit, 4)}, a floor no model goes under: the loss "
        f"{format_value(float(d.cross_entropy), unit, 4)} is that floor plus KL(P‖Q) = "
        f"{format_value(float(d.kl_divergence), unit, 4)}."
    )


# Dragging one logit -------------------------------------------------------------------------------


def identity_axis_top(d: Decomposition) -> float:
    """The top of the identity bar's axis: a little above the loss, rounded out to a step
    (``axis_limit``), so that it holds while a logit is dragged a little."""
    return axis_limit(max(float(d.cross_entropy), 1e-3) * 1.15)


@dataclass(frozen=True)
class LogitDrag:
    """The live tables (``ui.figures.live``) of a drag of one logit over its grid: the chart of
    P and Q, each class's terms, the identity bar and the curve; and at every grid point the
    texts of the three numbers (H(P), KL, H(P,Q)) and of the sentence saying why."""

    classes: dict
    terms: dict
    bar: dict
    curve: dict
    numbers: list[list[str]]
    sentences: list[list[str]]


def _example(loss: ClassifierLoss, i: int) -> ClassifierLoss:
    """Example ``i`` of a family's losses."""
    d = loss.decomposition
    return ClassifierLoss(
        target=loss.target[i],
        probabilities=loss.probabilities[i],
        log_probabilities=loss.log_probabilities[i],
        decomposition=Decomposition(
            entropy=float(d.entropy[i]),
            cross_entropy=float(d.cross_entropy[i]),
            kl_divergence=float(d.kl_divergence[i]),
            unit=d.unit,
        ),
        entropy_terms=loss.entropy_terms[i],
        kl_terms=loss.kl_terms[i],
        cross_entropy_terms=loss.cross_entropy_terms[i],
    )


def _example_specs(
    loss: ClassifierLoss, curve: LogitCurve, label: int, *, size: dict
) -> dict[str, tuple[list[dict], dict]]:
    """The example's four charts as plain dicts, as the page draws them."""
    names = class_names(loss.target.shape[-1], label)
    d = loss.decomposition
    return {
        "classes": distributions_spec(loss.target, loss.probabilities, outcomes=names, **size),
        "terms": class_terms_spec(loss, label, **size),
        "bar": identity_bar_spec(d, y_max=identity_axis_top(d), **size),
        "curve": logit_curve_spec(curve, **size),
    }


def _curve_row(c: LogitCurve, loss: ClassifierLoss, at: float, along: Decomposition | None):
    """The curve of a drag's row: ``c`` with the row's logit ``at`` and loss, and the row's
    curve ``along`` (when the dragged logit is another class's, which moves the whole curve)."""
    d = loss.decomposition
    current = Decomposition(
        entropy=d.entropy,
        cross_entropy=np.array([d.cross_entropy]),
        kl_divergence=np.array([d.kl_divergence]),
        unit=d.unit,
    )
    if along is None:
        return LogitCurve(index=c.index, values=c.values, curve=c.curve, at=at, current=current)
    values = np.linspace(c.values[0], c.values[-1], along.cross_entropy.shape[-1])
    return LogitCurve(index=c.index, values=values, curve=along, at=at, current=current)


def logit_drag(
    logits: np.ndarray,
    label: int,
    *,
    index: int,
    grid: Grid,
    temperature: float,
    smoothing: float,
    base: float | None = None,
    font_size: int = theme.FONT_SIZE,
    height: int = 400,
) -> LogitDrag:
    """Everything a drag of logit ``index`` over ``grid`` shows, the other logits held.

    ``core`` scores the family of logit vectors in one call (``logit_family``,
    ``classifier_loss``) and, when the dragged logit is not the true class's, gives every
    row's curve along the true class's logit in one more (on the committed curve's range, at
    :data:`LIVE_CURVE_POINTS`). The rows are drawn by the committed charts' own builders, so a
    dragged state looks as it will when committed. The committed state is ``logits``; its
    curve reaches over the whole grid.
    """
    logits = np.asarray(logits, dtype=float)
    options = {"temperature": temperature, "smoothing": smoothing, "base": base}
    size = {"font_size": font_size, "height": height}
    committed_loss = classifier_loss(logits, label, **options)
    span = (float(grid.values[0]), float(grid.values[-1]))
    curve = logit_curve(logits, label, **options, span=span)
    committed = _example_specs(committed_loss, curve, label, size=size)
    family = logit_family(logits, index=index, values=grid.values)
    losses = classifier_loss(family, label, **options)
    along = None
    if index != label:
        live_values = np.linspace(curve.values[0], curve.values[-1], LIVE_CURVE_POINTS)
        along = loss_along_logit(family, label, index=label, values=live_values, **options)
    rows: dict[str, list[LiveRow]] = {chart: [] for chart in committed}
    numbers, sentences = [], []
    for i in range(grid.count):
        loss = _example(losses, i)
        row_along = None if along is None else _nth_curve(along, i)
        row_curve = _curve_row(curve, loss, float(family[i, label]), row_along)
        for chart, (data, layout) in _example_specs(loss, row_curve, label, size=size).items():
            rows[chart].append(LiveRow(traces=dict(enumerate(data)), layout=layout))
        numbers.append(identity_texts(loss.decomposition))
        sentences.append([loss_sentence(loss, label)])
    tables = {
        chart: live_table(grid, rows[chart], {"data": data, "layout": layout})
        for chart, (data, layout) in committed.items()
    }
    return LogitDrag(**tables, numbers=numbers, sentences=sentences)


def _nth_curve(d: Decomposition, i: int) -> Decomposition:
    return Decomposition(
        entropy=d.entropy,
        cross_entropy=d.cross_entropy[i],
        kl_divergence=d.kl_divergence[i],
        unit=d.unit,
    )


# Training -----------------------------------------------------------------------------------------

#: Class colours of the training figure: Okabe–Ito colours apart from those of H, KL and H(P,Q).
CLASS_COLOURS = ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#000000")
#: Panel arrangements of the training figure: columns of the panel grid.
TRAINING_LAYOUTS = {"grid": 3, "row": 3, "stacked": 1}
_TRAINING_HEIGHTS = {"grid": 640, "row": 460, "stacked": 1100}
_TRAINING_GAPS_X = {1: 0.0, 3: 0.07}


def _closed(polygon: np.ndarray) -> np.ndarray:
    """A polygon's corners with the first repeated at the end, for a filled outline."""
    return np.concatenate([polygon, polygon[:1]]) if len(polygon) else polygon


def _regions_panel(data: ClassifierData, path: TrainingPath) -> PanelDrawing:
    """The decision regions at step t, each class's area where the model is at least
    ``sure_level`` sure of it outlined, under the training points."""
    k = data.classes

    def region(c: int):
        def update(t: int) -> dict:
            corners = _closed(path.regions[t][c])
            return {"type": "scatter", "x": float32(corners[:, 0]), "y": float32(corners[:, 1])}

        return update

    def sure(t: int) -> dict:
        """Every class's line as one trace: one trace less to draw per class and frame."""
        lines = np.concatenate(path.sure_lines[t])
        return {"type": "scatter", "x": float32(lines[:, 0]), "y": float32(lines[:, 1])}

    traces, moving = [], {}
    for c in range(k):
        moving[len(traces)] = region(c)
        traces.append(
            {
                **region(c)(0),
                "mode": "lines",
                "name": f"class {c} region",
                "fill": "toself",
                "fillcolor": rgba(CLASS_COLOURS[c], 0.22),
                "line": {"width": 0},
                "hoverinfo": "skip",
            }
        )
    moving[len(traces)] = sure
    traces.append(
        {
            **sure(0),
            "mode": "lines",
            "name": f"{path.sure_level:.0%} sure",
            "line": {"color": theme.TEXT, "width": 2},
            "hoverinfo": "skip",
        }
    )
    # WebGL: plotly drops the markers of an SVG scatter trace that its frames do not update,
    # and updating 300 markers every frame would double a frame's cost; WebGL points are drawn
    # on their own canvas, which playing the frames leaves alone.
    traces.append(
        {
            "type": "scattergl",
            "mode": "markers",
            "name": "training points",
            "x": float32(data.points[:, 0]),
            "y": float32(data.points[:, 1]),
            "marker": {
                "color": [CLASS_COLOURS[c] for c in data.labels],
                "size": 6,
                "line": {"color": "white", "width": 1},
            },
            "customdata": data.labels,
            "hovertemplate": "class %{customdata}<extra></extra>",
        }
    )
    names = " ".join(coloured(str(c), CLASS_COLOURS[c]) for c in range(k))
    return PanelDrawing(
        traces=traces,
        xaxis={
            "range": [float(path.grid_x[0]), float(path.grid_x[-1])],
            "title": {"text": "x₁"},
            "zeroline": False,
            "constrain": "domain",
        },
        yaxis={
            "range": [float(path.grid_y[0]), float(path.grid_y[-1])],
            "title": {"text": "x₂"},
            "zeroline": False,
            "scaleanchor": "x",  # the regions panel is the figure's first: its x axis is "x"
            "constrain": "domain",
        },
        title=f"Regions of {names}; grey: {path.sure_level:.0%} sure",
        moving=moving,
    )


def _loss_panel(path: TrainingPath, *, legend: bool) -> PanelDrawing:
    """The average training and held-out loss over the steps, the floor H(P), and step t with
    the gap KL above the floor."""
    train, held_out, unit = path.train, path.held_out, path.unit
    floor = float(train.entropy)
    steps = np.arange(path.steps + 1)

    def now(t: int) -> dict:
        return {
            "type": "scatter",
            "x": [t, t, t],
            "y": [floor, float(train.cross_entropy[t]), float(held_out.cross_entropy[t])],
        }

    hover = f"step %{{x}}: %{{fullData.name}} = %{{y:.3f}} {unit}<extra></extra>"
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P) floor",
            "x": [0, path.steps],
            "y": [floor, floor],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hovertemplate": f"H(P) = {format_value(floor, unit)}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "held-out loss",
            "x": steps,
            "y": float32(held_out.cross_entropy),
            "line": {"color": theme.NEUTRAL, "width": 3, "dash": "dot"},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "training loss",
            "x": steps,
            "y": float32(train.cross_entropy),
            "line": {"color": theme.CROSS_ENTROPY, "width": 3},
            "hovertemplate": hover,
        },
        {
            **now(0),
            "mode": "lines+markers",
            "name": "step t",
            "line": {"color": theme.KL, "width": 5},
            "marker": {
                "color": [theme.KL, theme.CROSS_ENTROPY, theme.NEUTRAL],
                "size": [0, 14, 12],
                "line": {"color": "white", "width": [0, 2, 2]},
            },
            "cliponaxis": False,
            "hoverinfo": "skip",
        },
    ]
    top = float(max(np.max(train.cross_entropy), np.max(held_out.cross_entropy)))
    title = (
        f"{coloured('training', theme.CROSS_ENTROPY)} and "
        f"{coloured('held-out', theme.NEUTRAL)} loss"
    )
    if legend:
        title += f", floor {coloured('H(P)', theme.ENTROPY)}, gap {coloured('KL', theme.KL)}"
    return PanelDrawing(
        traces=traces,
        xaxis={"range": [-0.5, path.steps + 0.5], "title": {"text": "step t"}},
        yaxis={"range": padded(min(floor, 0.0), top, 0.05), "title": {"text": unit}},
        title=title,
        moving={3: now},
    )


def training_read_out(path: TrainingPath, digits: int = 3) -> list[str]:
    """The live read-out of each step, short enough for a phone:
    ``t = 12 · loss 0.412 nats, held-out 0.455 nats`` (KL is on the bar beside)."""
    unit = path.unit
    train, held_out = path.train, path.held_out
    return [
        f"t = {t} · loss {format_value(float(train.cross_entropy[t]), unit, digits)}, "
        f"held-out {format_value(float(held_out.cross_entropy[t]), unit, digits)}"
        for t in range(path.steps + 1)
    ]


def training_title(path: TrainingPath) -> tuple[str, str]:
    """The training figure's title and its subtitle, with the last step's numbers."""
    t, unit = path.steps, path.unit
    train, held_out = path.train, path.held_out
    title = f"Loss after {t} steps: {format_value(float(train.cross_entropy[t]), unit)}"
    subtitle = (
        f"held-out {format_value(float(held_out.cross_entropy[t]), unit)} · "
        f"floor H(P) = {format_value(float(train.entropy), unit)} · "
        f"KL = {format_value(float(train.kl_divergence[t]), unit)} · "
        f"accuracy {path.train_accuracy[t]:.0%} (held-out {path.held_out_accuracy[t]:.0%})"
    )
    return title, subtitle


def training_figure(
    data: ClassifierData,
    path: TrainingPath,
    *,
    title: str,
    subtitle: str | None = None,
    font_size: int = theme.FONT_SIZE,
    layout: str = "grid",
    height: int | None = None,
) -> go.Figure:
    """The training animation: the decision regions over the data, the average training and
    held-out loss over the steps with the floor H(P), and the bar H(P) + KL = H(P,Q) at step t.

    ``layout`` is ``"grid"`` or ``"row"`` (three panels side by side) or ``"stacked"`` (one
    column, phones); ``height`` defaults to 640, 460 and 1100 px.
    """
    if layout not in TRAINING_LAYOUTS:
        raise ValueError(f"`layout` must be one of {', '.join(TRAINING_LAYOUTS)}, not {layout!r}")
    columns = TRAINING_LAYOUTS[layout]
    height = height or _TRAINING_HEIGHTS[layout]
    small = max(11, font_size - 3)
    drawings = [
        _regions_panel(data, path),
        _loss_panel(path, legend=columns == 1),
        identity_panel(path.train, p_label="P", q_label="Q", font_size=small),
    ]
    return panels_figure(
        drawings,
        columns=columns,
        gap_x=_TRAINING_GAPS_X[columns],
        read_out=training_read_out(path),
        title=title,
        subtitle=subtitle,
        font_size=font_size,
        height=height,
    )
