r"""The derivation with live numbers: every line of the proof evaluated for one example.

``core.derivation_numbers`` computes the numbers into a frozen ``DerivationNumbers``;
:func:`derivation_steps` writes the lines of the proof with them, one builder per line, and the
figure builders draw them. Nothing here imports Streamlit.

The chain, for a true distribution P and a model Q over the same outcomes:

1. :math:`\mathrm{KL}(P\|Q) = \mathbb{E}_P[\log P - \log Q]`,
2. :math:`= \mathbb{E}_P[-\log Q] - \mathbb{E}_P[-\log P] = H(P,Q) - H(P)`,
3. written out (term 1 is the cross-entropy, term 2 is :math:`-H(P)`),
4. so :math:`H(P,Q) = H(P) + \mathrm{KL}(P\|Q)`,
5. :math:`\arg\min_Q \mathrm{KL}(P\|Q) = \arg\min_Q H(P,Q)` as H(P) does not depend on Q,
6. with :math:`\hat P` the empirical distribution of n samples,
   :math:`H(\hat P, Q) = -\frac1n \sum_i \log Q(x_i)`, the average negative log-likelihood,
   which tends to :math:`-\mathbb{E}_P[\log Q(X)] = H(P,Q)` as n grows (the law of large
   numbers, for i.i.d. draws),
7. so :math:`\arg\min_Q \mathrm{KL}(\hat P\|Q) = \arg\min_Q H(\hat P, Q) = \arg\max_Q
   \prod_i Q(x_i)`: maximum likelihood, the likelihood a product as the draws are i.i.d.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import Decomposition
from core.derivation import DerivationNumbers
from ui import theme
from ui.figures.common import base_layout, decomposition_bar_figure, format_value, make_figure

__all__ = [
    "MODEL_LABELS",
    "STEP_COUNT",
    "Step",
    "derivation_steps",
    "main_figure",
    "models_figure",
    "sample_figure",
]

#: The proof has seven lines; ``step=k`` in the URL shows lines 1..k.
STEP_COUNT = 7
#: Names of the models of ``DerivationNumbers.models``, in their order.
MODEL_LABELS = ("your Q", "halfway", "uniform", "P itself")
#: A die's sum is written out term by term up to this many outcomes, shortened beyond.
TERMS_SHOWN = 6


# Writing the lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One line of the proof: a short title, the equality in symbols, the same with the numbers
    of the example (Markdown with inline LaTeX, one paragraph per entry), why it holds, and a
    one-line summary with its result (shown for earlier lines when space is short)."""

    title: str
    formula: str
    numbers: tuple[str, ...]
    reason: str
    summary: str


def _log(base: float | None) -> str:
    if base is None:
        return r"\ln"
    if base == 2:
        return r"\log_2"
    return rf"\log_{{{base:g}}}"


def _number(value: float, digits: int = 3) -> str:
    """A number for LaTeX: 3 decimals, ∞ spelled out, and a value that rounds to zero written
    0.000, never −0.000 (−H(P) of a certain outcome is 0, not a negative number)."""
    if math.isnan(value):
        return r"\text{undefined}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{digits}f}"
    return text.removeprefix("-") if float(text) == 0 else text


def _prob(value: float) -> str:
    """A probability as written in a formula: up to 4 significant digits."""
    return f"{value:.4g}"


def _scientific(value: float) -> str:
    """``2.6e-05`` as ``2.6 \\times 10^{-5}`` for LaTeX (0 and ∞ spelled out)."""
    if value == 0:
        return "0"
    if math.isinf(value):
        return r"\infty"
    text = f"{value:.3g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def _sum(terms: list[str]) -> str:
    """``a + b − c`` from signed term strings, shortened past ``TERMS_SHOWN`` terms."""
    if len(terms) > TERMS_SHOWN:
        terms = [*terms[: TERMS_SHOWN - 2], r"\cdots", terms[-1]]
    text = terms[0]
    for term in terms[1:]:
        text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
    return text


def _terms(values: np.ndarray, p: np.ndarray) -> list[str]:
    """The terms of a sum over the outcomes P shows (P(x) > 0), as LaTeX numbers."""
    return [_number(value) for value, pj in zip(values, p, strict=True) if pj > 0]


def _definition_line(numbers: DerivationNumbers) -> Step:
    """Line 1: KL as the expected log-ratio, term by term."""
    example, unit, log = numbers.example, numbers.unit, _log(numbers.base)
    pieces = [
        rf"{_prob(pj)}\,{log}\tfrac{{{_prob(pj)}}}{{{_prob(qj)}}}"
        for pj, qj in zip(example.p, example.q, strict=True)
        if pj > 0
    ]
    kl = _number(numbers.kl)
    return Step(
        title="KL divergence is an expected log-ratio",
        summary=rf"$\mathrm{{KL}}(P\|Q) = \mathbb{{E}}_P[\log P - \log Q] = {kl}$ {unit}",
        formula=r"$\mathrm{KL}(P\|Q) = \sum_x P(x)\,\log\frac{P(x)}{Q(x)}"
        r" = \mathbb{E}_P[\log P - \log Q]$",
        numbers=(
            f"${_sum(pieces)}$",
            rf"$= {_sum(_terms(numbers.kl_terms, example.p))} = \mathbf{{{kl}}}$ {unit}",
        ),
        reason="Outcomes P never shows (P(x) = 0) contribute nothing; single terms may be "
        "negative, their sum never is.",
    )


def _split_line(numbers: DerivationNumbers) -> Step:
    """Line 2: the expectation split into cross-entropy minus entropy."""
    unit = numbers.unit
    cross, floor = _number(numbers.cross_entropy), _number(numbers.entropy)
    return Step(
        title="Split the expectation",
        summary=rf"$= H(P,Q) - H(P) = {cross} - {floor}$ {unit}",
        formula=r"$\mathbb{E}_P[\log P - \log Q] = \mathbb{E}_P[-\log Q] - \mathbb{E}_P[-\log P]"
        r" = H(P,Q) - H(P)$",
        numbers=(
            rf"$= {cross} - {floor}"
            rf" = \mathbf{{{_number(numbers.cross_entropy - numbers.entropy)}}}$ {unit}"
            rf" (line 1: ${_number(numbers.kl)}$ {unit})",
        ),
        reason="Linearity of the expectation: the first term is the cross-entropy H(P,Q), "
        "the second the entropy H(P).",
    )


def _coin_terms(numbers: DerivationNumbers) -> tuple[str, tuple[str, ...], str]:
    """Line 3 for the coin, from the coin's own formulas: formula, numbers, title."""
    example, unit, log = numbers.example, numbers.unit, _log(numbers.base)
    p1, q1 = _prob(example.p[0]), _prob(example.q[0])
    p0, q0 = _prob(example.p[1]), _prob(example.q[1])
    cross, floor = _number(numbers.coin_cross_entropy), _number(numbers.coin_entropy)
    formula = (
        rf"$\mathrm{{KL}}(p\|q) = \underbrace{{\left[-p\,{log} q - (1-p)\,{log}(1-q)\right]}}"
        rf"_{{\text{{term 1}}}} + \underbrace{{\left[p\,{log} p + (1-p)\,{log}(1-p)\right]}}"
        rf"_{{\text{{term 2}}}}$"
    )
    lines = (
        rf"term 1 $= -{p1}\,{log} {q1} - {p0}\,{log} {q0} = {cross}$"
        rf" {unit} $= H(p,q)$, the cross-entropy",
        rf"term 2 $= {p1}\,{log} {p1} + {p0}\,{log} {p0} = {_number(-numbers.coin_entropy)}$"
        rf" {unit} $= -H(p)$" + (r" (with $0 \log 0 = 0$)" if 0 in example.p else ""),
        rf"$\mathrm{{KL}}(p\|q) = {cross} - {floor}"
        rf" = \mathbf{{{_number(numbers.coin_kl)}}}$ {unit}",
    )
    return formula, lines, "The coin: term 1 is the cross-entropy, term 2 is −H(P)"


def _die_terms(numbers: DerivationNumbers) -> tuple[str, tuple[str, ...], str]:
    """Line 3 for a die, the sums written out: formula, numbers, title."""
    example, unit, log = numbers.example, numbers.unit, _log(numbers.base)
    cross, floor = _number(numbers.cross_entropy), _number(numbers.entropy)
    formula = (
        rf"$\mathrm{{KL}}(P\|Q) = \underbrace{{\left[-\sum_k p_k\,{log} q_k\right]}}"
        rf"_{{\text{{term 1}}}} + \underbrace{{\left[\sum_k p_k\,{log} p_k\right]}}"
        rf"_{{\text{{term 2}}}}$"
    )
    cross_terms = _sum(_terms(numbers.cross_entropy_terms, example.p))
    entropy_terms = _sum(_terms(numbers.entropy_terms, example.p))
    lines = (
        rf"term 1 $= {cross_terms} = {cross}$ {unit} $= H(P,Q)$, the cross-entropy",
        rf"term 2 $= -({entropy_terms}) = {_number(-numbers.entropy)}$ {unit} $= -H(P)$",
        rf"$\mathrm{{KL}}(P\|Q) = {cross} - {floor} = \mathbf{{{_number(numbers.kl)}}}$ {unit}",
    )
    faces = example.p.shape[0]
    title = f"Written out for the die ({faces} faces): term 1 is the cross-entropy, term 2 is −H(P)"
    return formula, lines, title


def _written_out_line(numbers: DerivationNumbers) -> Step:
    """Line 3: KL written out, term 1 the cross-entropy and term 2 minus the entropy."""
    coin = numbers.example.kind == "coin"
    formula, lines, title = _coin_terms(numbers) if coin else _die_terms(numbers)
    p_name, q_name = ("p", "q") if coin else ("p_k", "q_k")
    log, unit = _log(numbers.base), numbers.unit
    return Step(
        title=title,
        summary=rf"term 1 $= H(P,Q) = {_number(numbers.cross_entropy)}$ {unit},"
        rf" term 2 $= -H(P) = {_number(-numbers.entropy)}$ {unit}",
        formula=formula,
        numbers=lines,
        reason=f"Each ${log}$ splits the ratio: ${log}({p_name}/{q_name})"
        f" = {log} {p_name} - {log} {q_name}$.",
    )


def _rearranged_line(numbers: DerivationNumbers) -> Step:
    """Line 4: the identity H(P,Q) = H(P) + KL(P‖Q)."""
    values = (
        rf"${_number(numbers.cross_entropy)} = {_number(numbers.entropy)}"
        rf" + {_number(numbers.kl)}$ {numbers.unit}"
    )
    return Step(
        title="Rearranged: cross-entropy = entropy + KL",
        summary=rf"$H(P,Q) = H(P) + \mathrm{{KL}}(P\|Q)$: {values}",
        formula=r"$H(P,Q) = H(P) + \mathrm{KL}(P\|Q)$",
        numbers=(values,),
        reason="The cost of coding P with a code built for Q is the cost no code can beat, "
        "H(P), plus what the wrong model adds, KL.",
    )


def _minimising_line(numbers: DerivationNumbers) -> Step:
    """Line 5: H(P) is the same under every model, so KL and H(P,Q) share their minimum."""
    unit, floor = numbers.unit, _number(numbers.entropy)
    rows, ruled_out = [], []
    for label, cross, kl in zip(
        MODEL_LABELS, numbers.model_cross_entropies, numbers.model_kls, strict=True
    ):
        if math.isinf(kl):
            ruled_out.append(label)
            rows.append(rf"{label}: $H(P,Q) = \mathrm{{KL}} = \infty$")
        else:
            rows.append(rf"{label}: ${_number(cross)} - {_number(kl)} = {_number(cross - kl)}$")
    infinite = (
        (
            f"For {' and '.join(ruled_out)}, Q(x) = 0 for an outcome P allows: H(P,Q) and KL are "
            "both ∞ and ∞ − ∞ has no value, but the identity H(P,Q) = H(P) + KL still holds "
            f"(∞ = {_plain(numbers.entropy)} + ∞) and such a Q is never the minimum.",
        )
        if ruled_out
        else ()
    )
    return Step(
        title="Minimising KL over Q is minimising the cross-entropy",
        summary=rf"$\arg\min_Q \mathrm{{KL}}(P\|Q) = \arg\min_Q H(P,Q)$:"
        rf" $H(P) = {floor}$ {unit} for every Q",
        formula=r"$\arg\min_Q \mathrm{KL}(P\|Q) = \arg\min_Q \left[H(P,Q) - H(P)\right]"
        r" = \arg\min_Q H(P,Q)$",
        numbers=(
            rf"$H(P,Q) - \mathrm{{KL}}(P\|Q) = H(P) = {floor}$ {unit} for every model:",
            " · ".join(rows) + f" ({unit})",
            *infinite,
            rf"both are smallest at $Q = P$: $\mathrm{{KL}} = 0$,"
            rf" $H(P,P) = H(P) = {floor}$ {unit}",
        ),
        reason="H(P) does not depend on Q: subtracting a constant moves a curve down, "
        "not its minimum.",
    )


def _sample_line(numbers: DerivationNumbers) -> Step:
    """Line 6: the average negative log-likelihood of the draws is the cross-entropy of P̂."""
    example, unit, log, n = numbers.example, numbers.unit, _log(numbers.base), numbers.n
    drawn = " ".join(example.outcomes[i] for i in numbers.sample)
    p_hat = ", ".join(_prob(v) for v in numbers.empirical)
    # -log Q(k) for each outcome drawn, read off the first draw of that outcome.
    first_draw = {
        int(j): int(np.flatnonzero(numbers.sample == j)[0]) for j in np.unique(numbers.sample)
    }
    grouped = [
        rf"{int(numbers.counts[j])} \times {_number(numbers.sample_terms[i])}"
        for j, i in first_draw.items()
    ]
    average = _number(numbers.average_nll)
    return Step(
        title=f"With data: P̂ from n = {n} draws",
        summary=rf"$-\frac{{1}}{{n}}\sum_i \log Q(x_i) = H(\hat P, Q) = {average}$ {unit}"
        rf" ($n = {n}$)",
        formula=r"$H(\hat P, Q) = -\sum_k \hat P(k)\,\log Q(k)"
        r" = -\frac{1}{n}\sum_{i=1}^{n} \log Q(x_i)$",
        numbers=(
            f"{n} draws from P (seed {numbers.seed}): `{drawn}`" + rf" → $\hat P = ({p_hat})$",
            rf"$-\frac{{1}}{{{n}}}\sum_i {log} Q(x_i)"
            rf" = \frac{{1}}{{{n}}}\left[{_sum(grouped)}\right]"
            rf" = \mathbf{{{average}}}$ {unit}, the average negative log-likelihood",
            rf"$H(\hat P, Q) = {_number(numbers.empirical_cross_entropy)}$ {unit}"
            rf" $= H(\hat P) + \mathrm{{KL}}(\hat P\|Q) = {_number(numbers.empirical_entropy)}"
            rf" + {_number(numbers.empirical_kl)}$ {unit}",
            rf"as $n \to \infty$ (the law of large numbers, for draws i.i.d. from P):"
            rf" $\frac{{1}}{{n}}\sum_i \log Q(x_i) \to \mathbb{{E}}_P[\log Q(X)] = -H(P,Q)"
            rf" = {_number(-numbers.cross_entropy)}$ {unit}, so the average negative"
            rf" log-likelihood tends to $H(P,Q) = {_number(numbers.cross_entropy)}$ {unit}"
            rf" (line 2), here ${average}$ {unit} with $n = {n}$",
        ),
        reason="Outcome k appears n·P̂(k) times among the draws, so the average over draws is "
        "the sum over outcomes weighted by P̂; as n grows P̂ approaches P, so minimising the "
        "average over Q approaches minimising H(P,Q), and KL(P‖Q) with it.",
    )


def _likelihood_line(numbers: DerivationNumbers) -> Step:
    """Line 7: the lowest average negative log-likelihood is the highest likelihood."""
    base_symbol = "e" if numbers.base is None else f"{numbers.base:g}"
    n = numbers.n
    likelihood = _scientific(numbers.power(numbers.log_likelihood))
    best = _scientific(numbers.power(numbers.best_log_likelihood))
    ratio = _scientific(numbers.power(n * numbers.empirical_kl))
    return Step(
        title="So minimising KL(P̂‖Q) is maximising the likelihood",
        summary=r"$\arg\min_Q H(\hat P, Q) = \arg\max_Q \prod_i Q(x_i)$, reached at $Q = \hat P$",
        formula=r"$\arg\min_Q H(\hat P, Q) = \arg\max_Q \frac{1}{n}\sum_i \log Q(x_i)"
        r" = \arg\max_Q \prod_{i=1}^{n} Q(x_i)$",
        numbers=(
            r"the draws are independent and each follows the model (i.i.d.), so under Q the"
            r" sample has probability $\prod_{i=1}^{n} Q(x_i)$, its likelihood",
            rf"likelihood of Q: $\prod_i Q(x_i) = {base_symbol}^{{-n\,H(\hat P,Q)}}"
            rf" = {base_symbol}^{{-{n} \times {_number(numbers.average_nll)}}} = {likelihood}$",
            rf"best model $Q = \hat P$: ${base_symbol}^{{-n\,H(\hat P)}}"
            rf" = {base_symbol}^{{-{n} \times {_number(numbers.empirical_entropy)}}} = {best}$,"
            rf" ${ratio}$ times as likely $= {base_symbol}^{{n\,\mathrm{{KL}}(\hat P\|Q)}}$",
        ),
        reason="The likelihood is a product because the draws are i.i.d.; the logarithm is "
        "increasing and n is positive, so the lowest average negative log-likelihood is the "
        "highest likelihood. H(P̂) does not depend on Q, so the maximum-likelihood model "
        "minimises KL(P̂‖Q): it is P̂ itself, where KL(P̂‖Q) = 0; with more data P̂ approaches P.",
    )


def derivation_steps(numbers: DerivationNumbers) -> list[Step]:
    """The seven lines of the proof, each with its value for the example."""
    lines = (
        _definition_line,
        _split_line,
        _written_out_line,
        _rearranged_line,
        _minimising_line,
        _sample_line,
        _likelihood_line,
    )
    return [line(numbers) for line in lines]


# Figures -----------------------------------------------------------------------------------------


def _plain(value: float) -> str:
    """A value on a chart whose axis names the unit: ``0.841``, or ∞."""
    return "∞" if math.isinf(value) else f"{value:.3f}"


def _top(values: np.ndarray, fallback: float) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) * 1.2 if finite.size and finite.max() > 0 else fallback


def models_figure(
    numbers: DerivationNumbers,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """One stacked bar per model: H(P) (the same for every Q) + KL(P‖Q) = H(P,Q)."""
    unit = numbers.unit
    ce, kl = numbers.model_cross_entropies, numbers.model_kls
    top = _top(ce, max(numbers.entropy, 1.0) * 2)
    kl_drawn = np.where(np.isfinite(kl), kl, top - numbers.entropy)
    labels = list(MODEL_LABELS)

    def text_font(bar_colour: str) -> dict:
        return {"size": font_size - 2, "color": theme.text_on(bar_colour)}

    data = [
        {
            "type": "bar",
            "name": "H(P) entropy",
            "x": labels,
            "y": [numbers.entropy] * len(labels),
            "marker": {"color": theme.ENTROPY},
            "text": ["H(P)"] * len(labels),
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": text_font(theme.ENTROPY),
            "hovertemplate": f"H(P) = {format_value(numbers.entropy, unit, 6)}<extra></extra>",
        },
        {
            "type": "bar",
            "name": "KL(P‖Q) divergence",
            "x": labels,
            "y": kl_drawn.tolist(),
            "marker": {"color": theme.KL},
            "text": [f"KL {_plain(float(v))}" for v in kl],
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": text_font(theme.KL),
            "customdata": [format_value(float(v), unit) for v in kl],
            "hovertemplate": "KL = %{customdata}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": "H(P,Q) cross-entropy",
            "x": labels,
            "y": np.where(np.isfinite(ce), ce, top).tolist(),
            "marker": {"color": theme.CROSS_ENTROPY, "size": 14, "symbol": "diamond"},
            "text": [_plain(float(v)) for v in ce],
            "customdata": [format_value(float(v), unit) for v in ce],
            "textposition": "top center",
            "textfont": {"size": font_size - 2, "color": theme.CROSS_ENTROPY},
            "cliponaxis": False,
            "hovertemplate": "H(P,Q) = %{customdata}<extra></extra>",
        },
    ]
    title = (
        f"H(P) = {format_value(numbers.entropy, unit)} under every Q;"
        f"<br>H(P,Q) ({unit}, ◆) is smallest at Q = P"
    )
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout.update(
        {
            "barmode": "stack",
            "bargap": 0.3,
            "uniformtext": {"minsize": max(10, font_size - 8), "mode": "hide"},
            "yaxis": {"title": {"text": unit}, "range": [0, top * 1.12], "fixedrange": True},
            "xaxis": {"fixedrange": True, "title": {"text": "model Q"}},
            "showlegend": False,
        }
    )
    layout["margin"]["t"] = 90
    return make_figure(data, layout)


def sample_figure(
    numbers: DerivationNumbers,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """One bar per draw, −log Q(xᵢ); their mean is H(P̂,Q), never below H(P̂) (at Q = P̂)."""
    unit = numbers.unit
    example = numbers.example
    terms = numbers.sample_terms
    finite = bool(np.all(np.isfinite(terms)))
    # An infinite term (Q gives a drawn outcome probability 0) is drawn well above the rest.
    top = _top(np.append(terms, numbers.empirical_entropy), 1.0) * (1.0 if finite else 1.5)
    drawn = np.where(np.isfinite(terms), terms, top)
    x = list(range(1, numbers.n + 1))
    data = [
        {
            "type": "bar",
            "name": "−log Q(xᵢ)",
            "x": x,
            "y": drawn.tolist(),
            "marker": {"color": theme.MODEL},
            "text": [
                example.outcomes[i] + ("<br>∞" if math.isinf(t) else "")
                for i, t in zip(numbers.sample, terms, strict=True)
            ],
            "textposition": "outside" if numbers.n <= 20 else "none",
            "textfont": {"size": font_size - 4},
            "cliponaxis": False,
            "customdata": [format_value(float(t), unit) for t in terms],
            "hovertemplate": "draw %{x}: x = %{text}, −log Q(x) = %{customdata}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"mean = H(P̂,Q) = {format_value(numbers.average_nll, unit)}",
            "x": [0.5, numbers.n + 0.5],
            "y": [min(numbers.average_nll, top)] * 2,
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            # Short enough for the chart's column at 1280 px in either unit.
            "name": f"floor H(P̂) = {format_value(numbers.empirical_entropy, unit)}, at Q = P̂",
            "x": [0.5, numbers.n + 0.5],
            "y": [numbers.empirical_entropy] * 2,
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    average = format_value(numbers.average_nll, unit)
    title = f"Mean of −log Q(xᵢ) over {numbers.n} draws<br>= {average} = H(P̂,Q)"
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout.update(
        {
            "yaxis": {"title": {"text": unit}, "range": [0, top * 1.1], "fixedrange": True},
            # No axis title: the title says "over n draws", the hover "draw i".
            "xaxis": {"fixedrange": True, "dtick": 1 if numbers.n <= 20 else 5},
            "bargap": 0.2,
        }
    )
    # The legend sits under the x axis: room for the tick labels (in pixels) above it and for
    # its three rows below, whatever the font size.
    axis_px, legend_px = round(1.9 * font_size) + 4, round(4.6 * font_size) + 8
    plot_px = max(height - 90 - axis_px - legend_px, 1)
    layout["legend"].update({"y": -axis_px / plot_px, "yanchor": "top"})
    layout["margin"].update({"t": 90, "b": axis_px + legend_px})
    layout["xaxis"]["automargin"] = False  # the margin above holds the axis already
    return make_figure(data, layout)


def main_figure(
    numbers: DerivationNumbers,
    step: int,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """The chart that goes with the last line shown: the identity (lines 1–4), the models
    (line 5), the sample (lines 6–7)."""
    if step >= 6:
        return sample_figure(numbers, font_size=font_size, height=height)
    if step == 5:
        return models_figure(numbers, font_size=font_size, height=height)
    d = Decomposition(numbers.entropy, numbers.cross_entropy, numbers.kl, numbers.unit)
    title = (
        f"KL(P‖Q) = H(P,Q) − H(P)<br>{format_value(d.kl_divergence, d.unit)}"
        f" = {format_value(d.cross_entropy, d.unit)} − {format_value(d.entropy, d.unit)}"
    )
    figure = decomposition_bar_figure(d, font_size=font_size, height=height, title=title)
    figure.layout.margin.t = 90
    return figure
