"""Figures of /coding, counted in bits: the measured bits per outcome as the sample grows, the
identity with measured bits beside the computed ones, the symbol codes' expected lengths against
[H, H + 1), the table of codewords and the first outcomes as bit streams.

Pure builders: numbers from ``core.coding`` in, plotly figures, table columns or HTML out.
Codes write bits, so every number here is in bits; the page adds the nats equivalents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import numpy as np
import plotly.graph_objects as go

from core import (
    BitStream,
    CodingComparison,
    CompressedMessage,
    Decomposition,
    Example,
    ExpectedLengths,
    PrefixCode,
    convert_bits,
)
from ui import theme
from ui.figures.common import base_layout, format_value, make_figure

BITS = "bits"

#: Points on the bits-per-outcome curve (log-spaced prefix lengths from 1 to n).
CURVE_POINTS = 64

#: Behind the legend and the level labels: readable over a grid line or a curve, on both themes.
LABEL_BACKGROUND = "rgba(128, 128, 128, 0.15)"

#: How many outcomes of the sample the bit streams show.
STREAM_OUTCOMES = 24


def checkpoints(n: int) -> np.ndarray:
    """Prefix lengths at which the coders' sizes are recorded: log-spaced from 1 to n."""
    return np.unique(np.geomspace(1, n, min(n, CURVE_POINTS)).round().astype(np.int64))


# Bits per outcome as n grows ----------------------------------------------------------------------


def _coder_trace(message: CompressedMessage, *, name: str, color: str) -> dict:
    """The measured bits per outcome of the first m outcomes, for each recorded m."""
    per_outcome = message.prefix_bits / message.prefix_counts
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": message.prefix_counts,
        "y": per_outcome,
        "line": {"color": color, "width": 3},
        "marker": {"color": color, "size": 6},
        "customdata": message.prefix_bits,
        "hovertemplate": "first %{x:,} outcomes: %{customdata:,} bits, "
        "%{y:.3f} bits per outcome<extra>" + name + "</extra>",
    }


def _level_trace(value: float, *, n: int, name: str, color: str) -> dict:
    """A horizontal dashed line at a computed value, across the whole range of m."""
    return {
        "type": "scatter",
        "mode": "lines",
        "name": f"{name} = {format_value(value, BITS)}",
        "x": [1, max(n, 2)],
        "y": [value, value],
        "line": {"color": color, "width": 2, "dash": "dash"},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _level_label(
    value: float, *, name: str, color: str, above: bool, top: float, font_size: int
) -> dict:
    """The name and value of a level, on the line's right end: H(P,Q) above its line and H(P)
    below its own, so the two never meet however small KL is (a level too near 0 for a label
    below it gets one above, at the left end, under the first outcomes' high points). A legend
    of these long labels covered the curves on a phone."""
    left = not above and value < 0.12 * top
    above = above or left
    return {
        "x": 0 if left else 1,
        "xref": "paper",
        "xanchor": "left" if left else "right",
        "y": value,
        "yref": "y",
        "yanchor": "bottom" if above else "top",
        "text": f"{name} = {format_value(value, BITS)}",
        "showarrow": False,
        "bgcolor": LABEL_BACKGROUND,
        "font": {"size": font_size - 2, "color": color},
    }


def _curve_top(comparison: CodingComparison, truth: Decomposition) -> float:
    """The y range's top: room for the computed levels and the measured curves' ends; the
    first few outcomes, dominated by the coder's overhead, may leave it."""
    values = [float(truth.entropy), float(truth.cross_entropy)]
    for message in (comparison.with_q, comparison.with_p):
        if message.prefix_counts.shape[0]:
            values.append(float(message.prefix_bits[-1] / message.prefix_counts[-1]))
    finite = [v for v in values if math.isfinite(v)]
    return max(max(finite, default=1.0) * 2.0, 1.0)


def _stop_annotation(message: CompressedMessage, *, top: float, font_size: int) -> dict:
    """A mark where Q's coder stopped: the outcome after the last one it could encode."""
    return {
        "x": math.log10(max(int(message.unencodable_at), 1)),
        "y": top * 0.06,
        "xref": "x",
        "yref": "y",
        "text": f"✗ Q's coder stops at outcome {message.unencodable_at + 1:,}",
        "showarrow": False,
        "xanchor": "left",
        "font": {"size": font_size - 2, "color": theme.KL},
    }


def convergence_figure(
    comparison: CodingComparison,
    truth: Decomposition,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """Measured bits per outcome of Q's coder and P's coder over the first m outcomes (log m),
    against the computed H(P,Q) and H(P) in bits (``truth`` must be in bits)."""
    n = comparison.with_q.count
    data = [
        _coder_trace(comparison.with_q, name="Q's coder", color=theme.CROSS_ENTROPY),
        _coder_trace(comparison.with_p, name="P's coder", color=theme.ENTROPY),
    ]
    levels = [("H(P,Q)", float(truth.cross_entropy), theme.CROSS_ENTROPY, True)]
    levels.append(("H(P)", float(truth.entropy), theme.ENTROPY, False))
    top = _curve_top(comparison, truth)
    labels = []
    for name, value, color, above in levels:
        if math.isfinite(value):
            data.append(_level_trace(value, n=n, name=name, color=color))
            options = {"color": color, "above": above, "top": top, "font_size": font_size}
            labels.append(_level_label(value, name=name, **options))
    layout = base_layout(font_size=font_size, height=height, title="Measured bits per outcome")
    # Top right, where the curves never run: they start high at the left and settle at the
    # levels, at most half the axis' height.
    layout["legend"] = {
        "orientation": "v",
        "x": 1,
        "xanchor": "right",
        "y": 1,
        "yanchor": "top",
        "bgcolor": LABEL_BACKGROUND,
        "font": {"size": font_size - 2},
    }
    layout.update(
        {
            "xaxis": {
                "type": "log",
                "title": {"text": "first m outcomes (log scale)"},
                "range": [-0.05, math.log10(max(n, 2)) + 0.05],
            },
            "yaxis": {"title": {"text": "bits per outcome"}, "range": [0, top], "fixedrange": True},
        }
    )
    layout["annotations"] = labels
    if not comparison.with_q.encodable:
        message = comparison.with_q
        labels.append(_stop_annotation(message, top=top, font_size=font_size))
    return make_figure(data, layout)


# The identity, measured beside computed -----------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One stacked column: the floor (H) and the extra (KL) per outcome, and what to call them."""

    name: str
    floor: float
    extra: float | None  # None: Q's coder could not encode the sample
    floor_text: str
    extra_text: str


def _identity_columns(comparison: CodingComparison) -> list[_Column]:
    d = comparison.computed
    n = comparison.with_q.count
    measured_floor = comparison.with_p.bits / n if comparison.with_p.bits is not None else 0.0
    wasted = comparison.wasted_bits
    return [
        _Column(
            name="computed",
            floor=float(d.entropy),
            extra=float(d.kl_divergence) if math.isfinite(d.kl_divergence) else None,
            floor_text="H(P̂)",
            extra_text="KL",
        ),
        _Column(
            name="measured",
            floor=measured_floor,
            extra=None if wasted is None else wasted / n,
            floor_text="P's",
            extra_text="Q's − P's" if wasted is not None else "Q's",
        ),
    ]


def _identity_traces(columns: list[_Column], *, top: float, font_size: int) -> list[dict]:
    x = [c.name for c in columns]
    extras = [top - c.floor if c.extra is None else c.extra for c in columns]
    common = {
        "type": "bar",
        "x": x,
        "textposition": "inside",
        "insidetextanchor": "middle",
        "hovertemplate": "%{customdata}<extra></extra>",
    }
    floor_labels = [f"{c.floor_text}<br>{format_value(c.floor, BITS)}" for c in columns]
    extra_labels = [
        f"{c.extra_text}<br>" + ("∞" if c.extra is None else format_value(c.extra, BITS))
        for c in columns
    ]
    return [
        {
            **common,
            "name": "H: the floor",
            "y": [c.floor for c in columns],
            "marker": {"color": theme.ENTROPY},
            "textfont": {"size": font_size, "color": theme.text_on(theme.ENTROPY)},
            "text": floor_labels,
            "customdata": [label.replace("<br>", " ") for label in floor_labels],
        },
        {
            **common,
            "name": "KL: bits wasted on the wrong model",
            "y": extras,
            "marker": {"color": theme.KL},
            "textfont": {"size": font_size, "color": theme.text_on(theme.KL)},
            "text": extra_labels,
            "customdata": [label.replace("<br>", " ") for label in extra_labels],
        },
    ]


def identity_figure(
    comparison: CodingComparison,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """H(P̂) + KL(P̂‖Q) = H(P̂,Q) per outcome in bits: computed, and measured as P's coder's
    bits plus the extra bits of Q's coder."""
    columns = _identity_columns(comparison)
    totals = [c.floor + c.extra for c in columns if c.extra is not None]
    top = max([*totals, *(c.floor for c in columns), 0.05]) * 1.15
    if any(c.extra is None for c in columns):
        top = max(top, max(c.floor for c in columns) * 2, 1.0)
    layout = base_layout(
        font_size=font_size, height=height, title="Per outcome: computed and measured"
    )
    layout.update(
        {
            "barmode": "relative",
            "bargap": 0.3,
            "uniformtext": {"minsize": max(10, font_size - 6), "mode": "hide"},
            "yaxis": {"title": {"text": "bits per outcome"}, "range": [0, top]},
            "xaxis": {"fixedrange": True},
            "showlegend": False,
        }
    )
    layout["yaxis"]["fixedrange"] = True
    return make_figure(_identity_traces(columns, top=top, font_size=font_size), layout)


# Symbol codes against [H, H + 1) ------------------------------------------------------------------


def _band_shapes(truth: Decomposition) -> list[dict]:
    """Shaded bands [H(P,Q), H(P,Q) + 1) behind Q's codes and [H(P), H(P) + 1) behind P's."""
    shapes = []
    for x0, x1, low, color in (
        (-0.5, 1.5, float(truth.cross_entropy), theme.CROSS_ENTROPY),
        (1.5, 3.5, float(truth.entropy), theme.ENTROPY),
    ):
        if math.isfinite(low):
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y",
                    "x0": x0,
                    "x1": x1,
                    "y0": low,
                    "y1": low + 1,
                    "fillcolor": color,
                    "opacity": 0.18,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    return shapes


#: Which of the four bars of :func:`code_lengths_figure` are Shannon's lengths (hatched).
SHANNON = (False, True, False, True)


def code_lengths_figure(
    lengths: ExpectedLengths,
    truth: Decomposition,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 380,
) -> go.Figure:
    """Expected codeword length under P of the codes built for Q and for P, against the bands
    [H(P,Q), H(P,Q) + 1) and [H(P), H(P) + 1) in bits (``truth`` in bits)."""
    names = ["Huffman<br>for Q", "Shannon<br>for Q", "Huffman<br>for P", "Shannon<br>for P"]
    values = [lengths.huffman_q, lengths.shannon_q, lengths.huffman_p, lengths.shannon_p]
    finite = [v for v in values if math.isfinite(v)]
    top = (
        max(
            [*finite, float(truth.entropy) + 1]
            + ([float(truth.cross_entropy) + 1] if math.isfinite(truth.cross_entropy) else [])
        )
        * 1.15
    )
    colors = [theme.CROSS_ENTROPY, theme.CROSS_ENTROPY, theme.ENTROPY, theme.ENTROPY]
    labels = [format_value(v, BITS) for v in values]
    hatched = zip(values, SHANNON, strict=True)
    shapes = ["/" if shannon and math.isfinite(v) else "" for v, shannon in hatched]
    data = [
        {
            "type": "bar",
            "x": names,
            "y": [v if math.isfinite(v) else top for v in values],
            "textposition": ["outside" if math.isfinite(v) else "inside" for v in values],
            "marker": {"color": colors, "pattern": {"shape": shapes}},
            "text": labels,
            "cliponaxis": False,
            "outsidetextfont": {"size": font_size - 2},
            # An infinite length fills its bar up to the top, solid, with ∞ written inside:
            # a hatched bar would hide the label.
            "insidetextfont": {"size": font_size, "color": [theme.text_on(c) for c in colors]},
            "insidetextanchor": "middle",
            "customdata": labels,
            "hovertemplate": "%{x}: E<sub>P</sub>[length] = %{customdata}<extra></extra>",
        }
    ]
    layout = base_layout(
        font_size=font_size,
        height=height,
        title="Symbol codes: bits per outcome under P<br><span style='font-size: 0.8em'>"
        "shaded: [H(P,Q), H(P,Q) + 1) and [H(P), H(P) + 1)</span>",
    )
    layout["margin"]["t"] = round(4.4 * font_size)
    layout.update(
        {
            "shapes": _band_shapes(truth),
            "showlegend": False,
            "bargap": 0.35,
            "yaxis": {"title": {"text": "bits per outcome"}, "range": [0, top]},
            "xaxis": {"fixedrange": True},
        }
    )
    layout["yaxis"]["fixedrange"] = True
    return make_figure(data, layout)


# The code table and the bit streams ---------------------------------------------------------------


def _shown_codeword(codeword: str | None) -> str:
    if codeword is None:
        return "none (probability 0)"
    return codeword if codeword else "(empty: certain)"


def _shown_length(length: float) -> str:
    return "∞" if math.isinf(length) else f"{length:.0f}"


def code_table(
    outcomes: tuple[str, ...], code: PrefixCode, shannon: np.ndarray, *, name: str
) -> dict[str, list[str]]:
    """One model's codes as table columns: outcome, its probability under the model ``name``
    (Q or P), Huffman's codeword and length, and Shannon's length, in bits."""
    log = f"⌈−log₂ {name.lower()}⌉"
    return {
        "outcome": list(outcomes),
        name: [f"{v:.4g}" for v in code.probabilities],
        "Huffman codeword": [_shown_codeword(c) for c in code.codewords],
        "length (bits)": [_shown_length(v) for v in code.lengths],
        f"Shannon length {log} (bits)": [_shown_length(v) for v in shannon],
    }


#: Styles of the bit streams (constant; only escaped labels and bits go into the HTML).
BIT_STREAM_CSS = """
<style>
.kl-bits { display: flex; flex-wrap: wrap; gap: 0.15rem 0; margin: 0.2rem 0 0.8rem 0;
  font-family: "Source Code Pro", monospace; font-size: 1.05rem; }
.kl-bits span.kl-word { display: inline-flex; flex-direction: column; align-items: center;
  padding: 0 0.3rem; border-left: 2px solid rgba(128, 128, 128, 0.6); }
.kl-bits span.kl-word:nth-child(even) { background: rgba(128, 128, 128, 0.14); }
.kl-bits small { font-family: "Source Sans", sans-serif; font-size: 0.75rem; opacity: 0.75; }
.kl-bits span.kl-stop { display: inline-flex; flex-direction: column; align-items: center;
  color: #D55E00; border-left: 2px solid #D55E00; padding: 0 0.3rem; }
</style>
"""


def bit_stream_html(stream: BitStream, outcomes: tuple[str, ...], *, label: str) -> str:
    """The first outcomes written with a code: each codeword in its own box (the boundaries)
    with its outcome under it; a stop mark where an outcome has no codeword."""
    words = [
        f"<span class='kl-word'>{escape(word) or '∅'}<small>{escape(outcomes[k])}</small></span>"
        for word, k in zip(stream.codewords, stream.outcomes, strict=True)
    ]
    if stream.stopped_outcome is not None:
        words.append(
            "<span class='kl-stop'>✗ no codeword"
            f"<small>{escape(outcomes[stream.stopped_outcome])}: stops here</small></span>"
        )
    return (
        f"<div class='kl-bits' role='img' aria-label='{escape(label, quote=True)}'>"
        + "".join(words)
        + "</div>"
    )


# Words and numbers for the page -------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """What one outcome is called: a coin's toss, a die's roll."""

    one: str
    many: str


EVENTS = {"coin": Event("toss", "tosses"), "die": Event("roll", "rolls")}


@dataclass(frozen=True)
class Metric:
    """One number the page shows as a metric, with what it means."""

    label: str
    value: str
    caption: str


def in_nats(bits: float) -> str:
    """``1.194 nats`` for an amount in bits: the equivalent for a page set to nats."""
    return format_value(float(convert_bits(bits)), "nats")


def coder_metrics(comparison: CodingComparison, *, event: Event, nats: bool) -> list[Metric]:
    """Q's coder, P's coder and the bits wasted on the wrong model, measured, with the computed
    values they approach; with ``nats`` each carries its nats equivalent."""
    n = comparison.with_q.count
    d = comparison.computed
    per = f"bits/{event.one}"

    def coder(message: CompressedMessage, name: str, target: str, value: float) -> Metric:
        label = f"{name}'s coder (built for {name})"
        if message.bits is None:
            stop = message.unencodable_at + 1
            caption = f"stopped at {event.one} {stop:,}: {name} gives it probability 0"
            return Metric(label, "cannot encode", caption)
        caption = f"{message.bits:,} bits for {n:,} {event.many}; {target} = {value:.3f} bits"
        if nats:
            caption += f" ({in_nats(message.bits_per_outcome)}/{event.one})"
        return Metric(label, f"{message.bits_per_outcome:.3f} {per}", caption)

    q_metric = coder(comparison.with_q, "Q", "H(P̂,Q)", float(d.cross_entropy))
    p_metric = coder(comparison.with_p, "P", "H(P̂)", float(d.entropy))
    label = "Wasted on the wrong model"
    wasted = comparison.wasted_bits
    if wasted is None:
        waste = Metric(label, "∞ bits", "KL(P̂‖Q) = ∞: Q's code has no codeword for an outcome")
    else:
        expected = n * float(d.kl_divergence)
        caption = f"n·KL(P̂‖Q) = {expected:,.0f} bits; {wasted / n:.3f} {per}"
        if nats:
            caption += f" ({in_nats(wasted / n)}/{event.one})"
        waste = Metric(label, f"{wasted:,} bit{'' if abs(wasted) == 1 else 's'}", caption)
    return [q_metric, p_metric, waste]


def lossless_text(comparison: CodingComparison, *, event: Event) -> str:
    """What decoding showed: the decoded messages against the sample."""
    n = comparison.with_q.count
    decoded = [
        name
        for name, message in (("Q's", comparison.with_q), ("P's", comparison.with_p))
        if message.encodable
    ]
    if not comparison.lossless:
        return "Decoding did **not** give back the sample: this is a bug, please report it."
    which = " and ".join(decoded) + (
        " messages, decoded, give" if len(decoded) > 1 else " message, decoded, gives"
    )
    return f"**Lossless:** {which} back all {n:,} {event.many} of the sample, exactly, in order."


def ruled_out_text(example: Example, message: CompressedMessage) -> str | None:
    """Why KL is infinite when Q gives probability 0 to an outcome P produces, and what Q's
    coder did with the sample (``message``); None when there is no such outcome."""
    p, q, outcomes = example.p, example.q, example.outcomes
    ruled_out = [k for k in range(p.shape[0]) if q[k] == 0 and p[k] > 0]
    if not ruled_out:
        return None
    names = ", ".join(outcomes[k] for k in ruled_out)
    chance = ", ".join(f"P({outcomes[k]}) = {p[k]:.3g}" for k in ruled_out)
    text = (
        f"Q gives {names} probability 0, yet P produces it ({chance}). A code built for Q has "
        f"no codeword for {names} (see the table): one such outcome would cost infinitely many "
        "bits, which is why KL(P‖Q) = ∞. "
    )
    if message.encodable:
        return text + (
            f"This sample happens to contain no {names}, so Q's coder could encode it; "
            "a larger sample will not be so lucky."
        )
    return text + (
        f"Q's coder met one at position {message.unencodable_at + 1:,} of the sample and "
        "stopped: a real coder has no code for an outcome of probability 0, and this one is not "
        "given a hidden tiny probability to get around it."
    )


#: Under the curve: why the first outcomes cost more than H(P,Q), and why that fades.
OVERHEAD_TEXT = (
    "Each point is a real compressed message: the first m outcomes, coded by an ANS entropy "
    "coder (the `constriction` library). Its size is the information content "
    "−Σ log₂ q(xᵢ) plus the coder's own overhead, from a few bits below to about 32 above in "
    "all, so the first points stray and the curves settle as m grows."
)


#: Under the symbol codes' chart: which band each code is bound to, and why the coder does better.
SYMBOL_CODES_TEXT = (
    "Shannon's lengths ⌈−log₂ q⌉ round each ideal length −log₂ q up, so on outcomes from P they "
    "cost from H(P,Q) to H(P,Q) + 1 bits each. Huffman's code for Q is the best code for "
    "outcomes from Q, not from P: it may land outside that band, below H(P,Q) too (a coin's "
    "codewords are always 1 bit). No code beats H(P) on outcomes from P. A symbol code spends a "
    "whole number of bits on every outcome, at least 1 when there are two or more; the coder "
    "above codes the whole message at once and gets within a few bits of n·H in all."
)


def nats_text(truth: Decomposition) -> str:
    """Why this lesson counts in bits on a page set to nats, with the nats equivalents."""
    rows = ", ".join(
        f"{name} = {format_value(value, BITS)} = {in_nats(value)}"
        for name, value in (
            ("H(P,Q)", float(truth.cross_entropy)),
            ("H(P)", float(truth.entropy)),
            ("KL(P‖Q)", float(truth.kl_divergence)),
        )
    )
    return (
        "Codes write bits: a codeword is a string of 0s and 1s, and a compressed file is counted "
        "in bits. So this lesson counts in bits even with the unit set to nats; "
        f"1 bit = ln 2 = {convert_bits(1.0):.4f} nats. {rows}."
    )


def stream_caption(stream: BitStream, *, name: str, event: Event) -> str:
    """What the bit stream below shows: how many outcomes, with which code, in how many bits."""
    count = len(stream.codewords)
    bits = len(stream.bits)
    per = f"{bits / count:.2f} bits per {event.one}" if count else "no bits"
    return (
        f"The first {count} {event.many if count != 1 else event.one} with the Huffman code for "
        f"{name}: {bits} bits, {per}. Each box is one codeword, its outcome under it."
    )
