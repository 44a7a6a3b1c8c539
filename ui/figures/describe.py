"""Charts in words and tables, for students who cannot see them: each chart's message with its
live numbers, as a screen reader reads it, and the chart's numbers as a small table.

Pure functions of the numbers the figures are drawn from (``core``'s results and the figures'
own dataclasses); nothing here computes a measure or imports Streamlit. The frame shows a
description as the chart's accessible name and a table in a collapsed "Chart numbers" section
(``ui.frame.show_chart``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core import Decomposition, FitAnimation, ForwardReverseAnimation
from core.classifier import ClassifierLoss, TrainingPath
from core.coding import CodingComparison, CompressedMessage, ExpectedLengths
from core.convergence import GrowthCurves
from core.derivation import DerivationNumbers
from core.models import SampleIdentity, SampleSummary
from ui.figures.categorical import Contributions, PathCurves
from ui.figures.classifier import LogitCurve
from ui.figures.coin import CoinCurves
from ui.figures.common import format_value, plain_text
from ui.figures.derivation import MODEL_LABELS, STEP_COUNT
from ui.figures.samples import Bars, DensityView

#: Models q at which the coin's table gives the curves' values.
COIN_TABLE_Q = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class ChartTable:
    """A chart's numbers: column names and rows of text (numbers with their units)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def as_json(self) -> dict:
        """``{"columns": [...], "rows": [[...], ...]}``, as the browser takes it (the chart's
        "Chart numbers" section, ``static/kl/chart_numbers.js``, which puts each text in as
        text)."""
        return {"columns": list(self.columns), "rows": [list(row) for row in self.rows]}


def identity_description(d: Decomposition, *, p_label: str = "P", entropy_symbol: str = "H") -> str:
    """``Bar: H(P) 0.881 bits plus KL 0.841 bits equals H(P,Q) 1.722 bits``; ``p_label`` is
    P̂ for a sample, ``entropy_symbol`` h for a differential entropy."""
    unit, p = d.unit, p_label
    return (
        f"Bar: {entropy_symbol}({p}) {format_value(float(d.entropy), unit)} plus KL "
        f"{format_value(float(d.kl_divergence), unit)} equals H({p},Q) "
        f"{format_value(float(d.cross_entropy), unit)}"
    )


def identity_table(
    d: Decomposition, *, p_label: str = "P", entropy_symbol: str = "H"
) -> ChartTable:
    """The three numbers of the identity, each with its unit."""
    unit, p = d.unit, p_label
    return ChartTable(
        columns=("Quantity", "Value"),
        rows=(
            (f"{entropy_symbol}({p}) · entropy", format_value(float(d.entropy), unit)),
            (f"KL({p}‖Q) · divergence", format_value(float(d.kl_divergence), unit)),
            (f"H({p},Q) · cross-entropy", format_value(float(d.cross_entropy), unit)),
        ),
    )


def identity_announcement(
    d: Decomposition, *, p_label: str = "P", entropy_symbol: str = "H"
) -> str:
    """What a live region says after a step: ``H(P) 0.881 bits, KL 0.841 bits, H(P,Q) 1.722
    bits``."""
    unit, p = d.unit, p_label
    return (
        f"{entropy_symbol}({p}) {format_value(float(d.entropy), unit)}, "
        f"KL {format_value(float(d.kl_divergence), unit)}, "
        f"H({p},Q) {format_value(float(d.cross_entropy), unit)}"
    )


def coin_curves_description(curves: CoinCurves, q: float, current: Decomposition) -> str:
    """``Curves over q from 0 to 1; H(P,q) is least, 0.881 bits, at q = 0.30; at q = 0.80 it is
    1.722 bits, KL 0.841 bits above H(P)``."""
    unit = curves.unit
    return (
        f"Curves over q from 0 to 1; H(P,q) is least, {format_value(curves.entropy, unit)}, "
        f"at q = {curves.p:.2f}; at q = {q:.2f} it is "
        f"{format_value(float(current.cross_entropy), unit)}, KL "
        f"{format_value(float(current.kl_divergence), unit)} above H(P)"
    )


def coin_curves_table(curves: CoinCurves, q: float, current: Decomposition) -> ChartTable:
    """H(P,q) and KL(P‖q) at q = 0.1, ..., 0.9 (read off the curves' grid) and at the model's
    q (marked), in the curves' unit."""
    unit = curves.unit
    rows = []
    for value in COIN_TABLE_Q:
        i = int(np.argmin(np.abs(curves.q - value)))
        rows.append(
            (
                f"{value:.2f}",
                format_value(float(curves.cross_entropy[i]), unit),
                format_value(float(curves.kl_divergence[i]), unit),
            )
        )
    rows.append(
        (
            f"{q:.2f} (your model)",
            format_value(float(current.cross_entropy), unit),
            format_value(float(current.kl_divergence), unit),
        )
    )
    return ChartTable(columns=("q", "H(P,q)", "KL(P‖q)"), rows=tuple(rows))


def _outcome_names(count: int, outcomes: list[str] | None) -> list[str]:
    return list(outcomes) if outcomes is not None else [str(k) for k in range(1, count + 1)]


def distributions_description(
    p: np.ndarray, q: np.ndarray, *, outcomes: list[str] | None = None
) -> str:
    """``Bars of P and Q for outcomes 1 to 6: 1: P 0.125, Q 0.167; ...``; ``outcomes`` names
    them otherwise (a classifier's classes)."""
    names = _outcome_names(len(p), outcomes)
    pairs = "; ".join(
        f"{name}: P {float(pk):.3f}, Q {float(qk):.3f}"
        for name, pk, qk in zip(names, p, q, strict=True)
    )
    what = f"outcomes 1 to {len(p)}" if outcomes is None else f"{len(p)} classes"
    return f"Bars of P and Q for {what}: {pairs}"


def distributions_table(
    p: np.ndarray, q: np.ndarray, *, outcomes: list[str] | None = None
) -> ChartTable:
    """P and Q per outcome (probabilities, which have no unit)."""
    names = _outcome_names(len(p), outcomes)
    rows = tuple(
        (name, f"{float(pk):.3f}", f"{float(qk):.3f}")
        for name, pk, qk in zip(names, p, q, strict=True)
    )
    return ChartTable(columns=("Outcome", "P", "Q"), rows=rows)


def contributions_description(c: Contributions) -> str:
    """``KL per outcome, p·log(p/q): 1: −0.052 bits; ...; they add up to KL 0.179 bits``."""
    terms = "; ".join(
        f"{k}: {_signed(float(term), c.unit)}" for k, term in enumerate(c.terms, start=1)
    )
    return f"KL per outcome, p·log(p/q): {terms}; they add up to KL {format_value(c.total, c.unit)}"


def contributions_table(c: Contributions) -> ChartTable:
    rows = tuple((str(k), _signed(float(term), c.unit)) for k, term in enumerate(c.terms, 1))
    return ChartTable(
        columns=("Outcome", "p·log(p/q)"), rows=(*rows, ("sum = KL", format_value(c.total, c.unit)))
    )


def path_description(curves: PathCurves) -> str:
    """``Curves along the path from Q (t = 0) to P (t = 1): KL falls from 0.179 bits to 0 and
    H(P,Q_t) from 2.585 bits to H(P), 2.406 bits``."""
    unit = curves.unit
    return (
        "Curves along the path from Q (t = 0) to P (t = 1): KL falls from "
        f"{format_value(float(curves.kl_divergence[0]), unit)} to 0 and H(P,Q_t) from "
        f"{format_value(float(curves.cross_entropy[0]), unit)} to H(P), "
        f"{format_value(curves.entropy, unit)}"
    )


def path_table(curves: PathCurves, *, points: int = 5) -> ChartTable:
    """The curves at ``points`` evenly spaced t from 0 to 1."""
    unit = curves.unit
    rows = []
    for value in np.linspace(0.0, 1.0, points):
        i = int(np.argmin(np.abs(curves.t - value)))
        rows.append(
            (
                f"{curves.t[i]:.2f}",
                format_value(float(curves.cross_entropy[i]), unit),
                format_value(float(curves.kl_divergence[i]), unit),
            )
        )
    return ChartTable(columns=("t", "H(P,Q_t)", "KL(P‖Q_t)"), rows=tuple(rows))


def fit_animation_description(a: FitAnimation) -> str:
    """``Animation of 61 frames: as the model moves from q = 0.100 to q = 0.700, the
    cross-entropy goes from 1.722 bits to 0.881 bits and KL from 0.841 bits to 0.000 bits; the
    entropy stays 0.881 bits``."""
    unit, name = a.unit, a.parameter_name
    ce, kl = a.cross_entropy, a.kl_divergence
    return (
        f"Animation of {len(a.position)} frames: as the model moves from {name} = "
        f"{a.position[0]:.3f} to {name} = {a.position[-1]:.3f}, the cross-entropy goes from "
        f"{format_value(float(ce[0]), unit)} to {format_value(float(ce[-1]), unit)} and KL from "
        f"{format_value(float(kl[0]), unit)} to {format_value(float(kl[-1]), unit)}; the "
        f"entropy stays {format_value(a.entropy, unit)}"
    )


def fit_announcement(a: FitAnimation) -> str:
    """What the live region says when the fit changes: where it ends, ``The fit ends after 60
    steps at q = 0.700: cross-entropy 0.881 bits, KL 0.000 bits``."""
    values = ", ".join(
        f"{name} = {float(value):.3f}"
        for name, value in zip(a.readout_names, a.readout_values[-1], strict=True)
    )
    return (
        f"The fit ends after {len(a.position) - 1} steps at {values}: cross-entropy "
        f"{format_value(float(a.cross_entropy[-1]), a.unit)}, KL "
        f"{format_value(float(a.kl_divergence[-1]), a.unit)}"
    )


def fit_animation_table(a: FitAnimation, *, points: int = 6) -> ChartTable:
    """The fit at ``points`` evenly spaced steps, the last included: the parameters shown live,
    the cross-entropy and KL."""
    unit = a.unit
    steps = np.unique(np.linspace(0, len(a.position) - 1, points).round().astype(int))
    rows = tuple(
        (
            str(t),
            *(f"{float(value):.3f}" for value in a.readout_values[t]),
            format_value(float(a.cross_entropy[t]), unit),
            format_value(float(a.kl_divergence[t]), unit),
        )
        for t in steps
    )
    return ChartTable(columns=("step t", *a.readout_names, "cross-entropy", "KL"), rows=rows)


def _forward_reverse_ends(a: ForwardReverseAnimation) -> str:
    unit = a.unit

    def end(parameters: np.ndarray, kl: np.ndarray, name: str) -> str:
        mu, sigma = (float(v) for v in parameters[-1])
        return (
            f"minimising {name}, ends at N({mu:.2f}, {sigma:.2f}²) with {name} "
            f"{format_value(float(kl[-1]), unit)}"
        )

    return (
        f"forward, {end(a.forward_parameters, a.forward_kl, 'KL(P‖Q)')}; reverse, "
        f"{end(a.reverse_parameters, a.reverse_kl, 'KL(Q‖P)')}"
    )


def forward_reverse_description(a: ForwardReverseAnimation) -> str:
    """``Animation of 61 frames of two Gaussians fitted to P: forward, minimising KL(P‖Q), ends
    at N(0.00, 2.06²) with KL(P‖Q) 0.412 bits; reverse, ...``."""
    return (
        f"Animation of {len(a.forward_kl)} frames of two Gaussians fitted to P: "
        f"{_forward_reverse_ends(a)}"
    )


def forward_reverse_announcement(a: ForwardReverseAnimation) -> str:
    """What the live region says when the fits change: where both end."""
    return f"After {len(a.forward_kl) - 1} steps: {_forward_reverse_ends(a)}"


def forward_reverse_table(a: ForwardReverseAnimation, *, points: int = 6) -> ChartTable:
    """Both fits at ``points`` evenly spaced steps: each Gaussian and its KL."""
    unit = a.unit
    last = max(len(a.forward_kl), len(a.reverse_kl)) - 1
    rows = []
    for t in np.unique(np.linspace(0, last, points).round().astype(int)):
        row = [str(t)]
        for parameters, kl in (
            (a.forward_parameters, a.forward_kl),
            (a.reverse_parameters, a.reverse_kl),
        ):
            i = min(int(t), len(kl) - 1)  # a path that ended holds its last step
            mu, sigma = (float(v) for v in parameters[i])
            row += [f"N({mu:.2f}, {sigma:.2f}²)", format_value(float(kl[i]), unit)]
        rows.append(tuple(row))
    return ChartTable(
        columns=("step t", "forward Q", "KL(P‖Q)", "reverse Q", "KL(Q‖P)"), rows=tuple(rows)
    )


def training_description(path: TrainingPath) -> str:
    """The classifier's training animation: both average losses from the first step to the
    last, the floor, and the identity at the end."""
    unit, train, held_out, t = path.unit, path.train, path.held_out, path.steps

    def value(values, i: int) -> str:
        return format_value(float(values[i]), unit)

    return (
        f"Animation of {t + 1} frames of training: the average training loss falls from "
        f"{value(train.cross_entropy, 0)} to {value(train.cross_entropy, t)} and the held-out "
        f"loss from {value(held_out.cross_entropy, 0)} to {value(held_out.cross_entropy, t)}; "
        f"at the end H(P) {format_value(float(train.entropy), unit)} plus KL "
        f"{value(train.kl_divergence, t)} equals H(P,Q) {value(train.cross_entropy, t)}; "
        f"accuracy {path.train_accuracy[t]:.0%} (held-out {path.held_out_accuracy[t]:.0%})"
    )


def training_announcement(path: TrainingPath) -> str:
    """What the live region says when the training changes: where it ends."""
    unit, t = path.unit, path.steps
    return (
        f"Training ends after {t} steps: loss "
        f"{format_value(float(path.train.cross_entropy[t]), unit)}, KL "
        f"{format_value(float(path.train.kl_divergence[t]), unit)}, held-out loss "
        f"{format_value(float(path.held_out.cross_entropy[t]), unit)}, accuracy "
        f"{path.train_accuracy[t]:.0%}"
    )


def training_table(path: TrainingPath, *, points: int = 6) -> ChartTable:
    """The training at ``points`` evenly spaced steps: both losses, KL and both accuracies."""
    unit = path.unit
    steps = np.unique(np.linspace(0, path.steps, points).round().astype(int))
    rows = tuple(
        (
            str(t),
            format_value(float(path.train.cross_entropy[t]), unit),
            format_value(float(path.train.kl_divergence[t]), unit),
            format_value(float(path.held_out.cross_entropy[t]), unit),
            f"{path.train_accuracy[t]:.0%}",
            f"{path.held_out_accuracy[t]:.0%}",
        )
        for t in steps
    )
    return ChartTable(
        columns=(
            "step t",
            "training loss H(P,Q)",
            "KL(P‖Q)",
            "held-out loss",
            "accuracy",
            "held-out accuracy",
        ),
        rows=rows,
    )


def derivation_description(numbers: DerivationNumbers, step: int) -> str:
    """The derivation's chart for the last line shown: the identity (lines 1 to 4), the models
    (line 5) or the sample (lines 6 and 7), with their numbers."""
    unit = numbers.unit
    if step >= 6:
        return (
            f"Bars of −log Q(x) for each of the {numbers.n} draws; their mean, the average "
            f"negative log-likelihood, is {format_value(numbers.average_nll, unit)} = H(P̂,Q), "
            f"above H(P̂) {format_value(numbers.empirical_entropy, unit)} by KL(P̂‖Q) "
            f"{format_value(numbers.empirical_kl, unit)}"
        )
    if step == 5:
        models = "; ".join(
            f"{label}: H(P,Q) {format_value(float(ce), unit)}, KL {format_value(float(kl), unit)}"
            for label, ce, kl in zip(
                MODEL_LABELS, numbers.model_cross_entropies, numbers.model_kls, strict=True
            )
        )
        return f"Bars for four models, each H(P) plus its KL: {models}"
    return identity_description(_identity(numbers))


def derivation_table(numbers: DerivationNumbers, step: int) -> ChartTable:
    """The numbers of the derivation's chart for the last line shown."""
    unit = numbers.unit
    if step >= 6:
        return ChartTable(
            columns=("Quantity", "Value"),
            rows=(
                ("draws n", str(numbers.n)),
                ("average −log Q(x) = H(P̂,Q)", format_value(numbers.average_nll, unit)),
                ("H(P̂)", format_value(numbers.empirical_entropy, unit)),
                ("KL(P̂‖Q)", format_value(numbers.empirical_kl, unit)),
            ),
        )
    if step == 5:
        rows = tuple(
            (label, format_value(float(ce), unit), format_value(float(kl), unit))
            for label, ce, kl in zip(
                MODEL_LABELS, numbers.model_cross_entropies, numbers.model_kls, strict=True
            )
        )
        return ChartTable(columns=("Model", "H(P,Q)", "KL(P‖Q)"), rows=rows)
    return identity_table(_identity(numbers))


def _identity(numbers: DerivationNumbers) -> Decomposition:
    return Decomposition(
        entropy=numbers.entropy,
        cross_entropy=numbers.cross_entropy,
        kl_divergence=numbers.kl,
        unit=numbers.unit,
    )


def _measured(message: CompressedMessage, name: str) -> str:
    if message.bits is None:
        return f"{name}'s coder stops at outcome {message.unencodable_at + 1:,}"
    return f"{name}'s coder {message.bits_per_outcome:.3f} bits per outcome"


def coding_description(comparison: CodingComparison) -> str:
    """``Measured bits per outcome for n = 1000: Q's coder 1.731 bits per outcome, towards
    H(P̂,Q) 1.722 bits; P's coder 0.885 bits per outcome, towards H(P̂) 0.881 bits``."""
    d = comparison.computed
    return (
        f"Measured bits per outcome for n = {comparison.with_q.count:,}: "
        f"{_measured(comparison.with_q, 'Q')}, towards H(P̂,Q) "
        f"{format_value(float(d.cross_entropy), d.unit)}; {_measured(comparison.with_p, 'P')}, "
        f"towards H(P̂) {format_value(float(d.entropy), d.unit)}"
    )


def coding_identity_description(comparison: CodingComparison) -> str:
    """Computed H(P̂) plus KL against the two coders' measured bits per outcome."""
    d = comparison.computed
    return (
        f"Bars: computed H(P̂) {format_value(float(d.entropy), d.unit)} plus KL "
        f"{format_value(float(d.kl_divergence), d.unit)}; measured "
        f"{_measured(comparison.with_p, 'P')} and {_measured(comparison.with_q, 'Q')}"
    )


def code_lengths_description(lengths: ExpectedLengths, truth: Decomposition) -> str:
    """The four symbol codes' expected bits per outcome under P against H(P,Q) and H(P)."""
    unit = truth.unit
    return (
        f"Bars of bits per outcome under P: Huffman for Q {format_value(lengths.huffman_q, unit)}"
        f", Shannon for Q {format_value(lengths.shannon_q, unit)}, Huffman for P "
        f"{format_value(lengths.huffman_p, unit)}, Shannon for P "
        f"{format_value(lengths.shannon_p, unit)}; H(P,Q) "
        f"{format_value(float(truth.cross_entropy), unit)}, H(P) "
        f"{format_value(float(truth.entropy), unit)}"
    )


def class_terms_description(loss: ClassifierLoss, names: list[str]) -> str:
    """``Loss per class, −p·log q: y 0.638 bits (H(P) 0.000 bits plus KL 0.638 bits); ...``,
    for the classes with a term."""
    unit = loss.unit
    terms = [
        f"{name} {format_value(float(ce), unit)} (H(P) {format_value(float(h), unit)} plus KL "
        f"{_signed(float(kl), unit)})"
        for name, ce, h, kl in zip(
            names, loss.cross_entropy_terms, loss.entropy_terms, loss.kl_terms, strict=True
        )
        if ce != 0 or kl != 0
    ]
    return "Loss per class, −p·log q: " + "; ".join(terms)


def class_terms_table(loss: ClassifierLoss, names: list[str]) -> ChartTable:
    """Each class's share of the loss, −p·log q, and its split into H(P) and KL terms."""
    unit = loss.unit
    rows = tuple(
        (
            name,
            format_value(float(ce), unit),
            format_value(float(h), unit),
            _signed(float(kl), unit),
        )
        for name, ce, h, kl in zip(
            names, loss.cross_entropy_terms, loss.entropy_terms, loss.kl_terms, strict=True
        )
    )
    return ChartTable(columns=("Class", "−p·log q", "H(P) term", "KL term"), rows=rows)


def logit_curve_description(c: LogitCurve) -> str:
    """``Curves over the logit z1 from −6.00 to 6.00: the loss H(P,Q) is least, 0.412 bits, at
    z1 = 6.00; at z1 = 1.00 it is 1.000 bits, KL 0.588 bits above the floor H(P) 0.412 bits``."""
    unit, name = c.curve.unit, f"z{c.index}"
    loss = np.asarray(c.curve.cross_entropy, dtype=float)
    least = int(np.nanargmin(loss))
    return (
        f"Curves over the logit {name} from {c.values[0]:.2f} to {c.values[-1]:.2f}: the loss "
        f"H(P,Q) is least, {format_value(float(loss[least]), unit)}, at {name} = "
        f"{c.values[least]:.2f}; at {name} = {c.at:.2f} it is "
        f"{format_value(float(c.current.cross_entropy[0]), unit)}, KL "
        f"{format_value(float(c.current.kl_divergence[0]), unit)} above the floor H(P) "
        f"{format_value(float(c.curve.entropy), unit)}"
    )


def logit_curve_table(c: LogitCurve, *, points: int = 7) -> ChartTable:
    """The loss and KL at ``points`` evenly spaced values of the logit and at its current
    value (marked)."""
    unit, name = c.curve.unit, f"z{c.index}"
    rows = []
    for value in np.linspace(c.values[0], c.values[-1], points):
        i = int(np.argmin(np.abs(c.values - value)))
        rows.append(
            (
                f"{c.values[i]:.2f}",
                format_value(float(c.curve.cross_entropy[i]), unit),
                format_value(float(c.curve.kl_divergence[i]), unit),
            )
        )
    rows.append(
        (
            f"{c.at:.2f} (now)",
            format_value(float(c.current.cross_entropy[0]), unit),
            format_value(float(c.current.kl_divergence[0]), unit),
        )
    )
    return ChartTable(columns=(name, "H(P,Q) loss", "KL(P‖Q)"), rows=tuple(rows))


def _per_outcome(message: CompressedMessage, count: int) -> str:
    """A coder's bits per outcome on the first ``count`` outcomes, or where it stopped."""
    at = np.flatnonzero(message.prefix_counts == count)
    if not at.size:
        return f"stopped at outcome {message.unencodable_at + 1:,}"
    return f"{message.prefix_bits[at[0]] / count:.3f} bits"


def coding_table(comparison: CodingComparison, *, points: int = 8) -> ChartTable:
    """Both coders' measured bits per outcome at up to ``points`` of the measured sample sizes
    (log-spaced, the whole sample last), and the values they approach."""
    counts = np.union1d(comparison.with_q.prefix_counts, comparison.with_p.prefix_counts)
    chosen = counts[np.unique(np.linspace(0, len(counts) - 1, points).round().astype(int))]
    rows = [
        (
            f"{int(n):,}",
            _per_outcome(comparison.with_q, int(n)),
            _per_outcome(comparison.with_p, int(n)),
        )
        for n in chosen
    ]
    d = comparison.computed
    rows.append(
        (
            "computed",
            f"H(P̂,Q) {format_value(float(d.cross_entropy), d.unit)}",
            f"H(P̂) {format_value(float(d.entropy), d.unit)}",
        )
    )
    return ChartTable(columns=("outcomes n", "Q's coder", "P's coder"), rows=tuple(rows))


def coding_identity_table(comparison: CodingComparison) -> ChartTable:
    """The computed identity beside the two coders' measured bits per outcome."""
    d, n = comparison.computed, comparison.with_q.count

    def measured(message: CompressedMessage) -> str:
        return (
            _per_outcome(message, message.count)
            if message.bits is not None
            else (f"stopped at outcome {message.unencodable_at + 1:,}")
        )

    wasted = comparison.wasted_bits
    return ChartTable(
        columns=("Quantity", "bits per outcome"),
        rows=(
            ("computed H(P̂)", format_value(float(d.entropy), d.unit)),
            ("computed KL(P̂‖Q)", format_value(float(d.kl_divergence), d.unit)),
            ("computed H(P̂,Q)", format_value(float(d.cross_entropy), d.unit)),
            ("measured, P's coder", measured(comparison.with_p)),
            (
                "measured, Q's − P's coder",
                "∞ bits" if wasted is None else format_value(wasted / n, d.unit),
            ),
            ("measured, Q's coder", measured(comparison.with_q)),
        ),
    )


def code_lengths_table(lengths: ExpectedLengths, truth: Decomposition) -> ChartTable:
    """The four symbol codes' expected bits per outcome under P, and the two bounds."""
    unit = truth.unit
    return ChartTable(
        columns=("Code", "bits per outcome under P"),
        rows=(
            ("Huffman for Q", format_value(lengths.huffman_q, unit)),
            ("Shannon for Q", format_value(lengths.shannon_q, unit)),
            ("H(P,Q)", format_value(float(truth.cross_entropy), unit)),
            ("Huffman for P", format_value(lengths.huffman_p, unit)),
            ("Shannon for P", format_value(lengths.shannon_p, unit)),
            ("H(P)", format_value(float(truth.entropy), unit)),
        ),
    )


def coding_announcement(comparison: CodingComparison) -> str:
    """What the live region says after a change on /coding: the measured bits per outcome."""
    return coding_description(comparison)


def derivation_announcement(numbers: DerivationNumbers, step: int, title: str) -> str:
    """What the live region says after Next or Back: the line shown last and its chart's
    numbers (the line's formula is read from the page itself)."""
    return f"Line {step} of {STEP_COUNT}: {title}. {derivation_description(numbers, step)}"


def empirical_bars_description(bars: Bars, summary: SampleSummary) -> str:
    """The sample's P̂ bars (with Q and the true P where shown), the numbers of its title."""
    parts = []
    for i, label in enumerate(bars.labels):
        name = plain_text(label)  # a label as typed, not as plotly's text with entities
        values = [f"P̂ {float(bars.p_hat[i]):.3f}"]
        if bars.q is not None:
            values.append(f"Q {float(bars.q[i]):.3f}")
        if bars.p_true is not None:
            values.append(f"P {float(bars.p_true[i]):.3f}")
        parts.append(f"{name}: {', '.join(values)}")
    return (
        f"Bars of P̂ for n = {summary.n:,}, H(P̂) {format_value(summary.entropy, summary.unit)}: "
        + "; ".join(parts)
    )


def empirical_bars_table(bars: Bars) -> ChartTable:
    """P̂ per outcome (the rarest folded into "other"), with Q and the true P where shown."""
    columns = ["Outcome", "P̂"]
    columns += ["Q"] if bars.q is not None else []
    columns += ["P"] if bars.p_true is not None else []
    rows = []
    for i, label in enumerate(bars.labels):
        row = [plain_text(label), f"{float(bars.p_hat[i]):.3f}"]
        row += [f"{float(bars.q[i]):.3f}"] if bars.q is not None else []
        row += [f"{float(bars.p_true[i]):.3f}"] if bars.p_true is not None else []
        rows.append(tuple(row))
    return ChartTable(columns=tuple(columns), rows=tuple(rows))


def density_description(view: DensityView, summary: SampleSummary) -> str:
    """The histogram of a numeric sample, with the model's density where there is one."""
    h = view.histogram
    text = (
        f"Histogram of n = {summary.n:,} values in {len(h.counts)} bins from "
        f"{float(h.edges[0]):.3g} to {float(h.edges[-1]):.3g}; H(P̂ binned) "
        f"{format_value(summary.entropy, summary.unit)}; the fullest bin is around "
        f"{float(h.centres[int(np.argmax(h.counts))]):.3g}"
    )
    if view.q_density is not None:
        peak = int(np.argmax(view.q_density))
        text += f"; the model's density peaks at x = {float(view.x[peak]):.3g}"
    return text


def density_table(view: DensityView) -> ChartTable:
    """Each bin's count and density, and the model's (and true) density at its centre."""
    h = view.histogram
    columns = ["bin", "count", "density"]
    columns += ["model density"] if view.q_density is not None else []
    columns += ["true density"] if view.p_density is not None else []
    rows = []
    for i, centre in enumerate(h.centres):
        row = [
            f"{float(h.edges[i]):.3g} to {float(h.edges[i + 1]):.3g}",
            f"{int(h.counts[i]):,}",
            f"{float(h.density[i]):.3g}",
        ]
        for curve in (view.q_density, view.p_density):
            if curve is not None:
                row.append(f"{float(np.interp(centre, view.x, curve)):.3g}")
        rows.append(tuple(row))
    return ChartTable(columns=tuple(columns), rows=tuple(rows))


def growth_description(curves: GrowthCurves) -> str:
    """The average NLL on the first n observations settling on H(P,Q), and P̂ₙ closing in on P."""
    unit, n = curves.unit, curves.n
    return (
        f"Curves over n from {int(n[0]):,} to {int(n[-1]):,}: the average NLL goes from "
        f"{format_value(float(curves.average_nll[0]), unit)} to "
        f"{format_value(float(curves.average_nll[-1]), unit)}, towards H(P,Q) "
        f"{format_value(curves.true_cross_entropy, unit)} (floor H(P) "
        f"{format_value(curves.true_entropy, unit)}); KL(P̂ₙ‖P) falls from "
        f"{format_value(float(curves.kl_to_truth[0]), unit)} to "
        f"{format_value(float(curves.kl_to_truth[-1]), unit)}"
    )


def growth_table(curves: GrowthCurves, *, points: int = 8) -> ChartTable:
    """The average NLL and KL(P̂ₙ‖P) at up to ``points`` of the curves' sample sizes."""
    unit = curves.unit
    chosen = np.unique(np.linspace(0, len(curves.n) - 1, points).round().astype(int))
    rows = tuple(
        (
            f"{int(curves.n[i]):,}",
            format_value(float(curves.average_nll[i]), unit),
            format_value(float(curves.kl_to_truth[i]), unit),
        )
        for i in chosen
    )
    return ChartTable(columns=("n", "average NLL", "KL(P̂ₙ‖P)"), rows=rows)


def sample_identity_announcement(identity: SampleIdentity) -> str:
    """What the live region says after the model or the sample changes on /samples."""
    unit = identity.decomposition.unit
    average = format_value(identity.average_nll, unit)
    if identity.continuous:
        return (
            f"Average −log q {average}: h(N̂) {format_value(identity.entropy, unit)} plus "
            f"KL(N̂‖Q) {format_value(identity.kl_divergence, unit)}"
        )
    return f"Average −log Q {average}: " + identity_announcement(
        identity.decomposition, p_label="P̂"
    )


def title_description(figure) -> str:
    """A figure's title and subtitle as plain text (``<br>`` and tags dropped), for charts whose
    title already states their numbers; empty when it has none."""
    plain = vars(figure).get("_plain")  # a PlainFigure not built yet: read its dicts
    layout = plain["layout"] if plain else figure.layout.to_plotly_json()
    title = layout.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    parts = [title.get("text") or "", (title.get("subtitle") or {}).get("text") or ""]
    return "; ".join(plain_text(part) for part in parts if plain_text(part))


def _signed(value: float, unit: str) -> str:
    """A term with a true minus sign (a screen reader says "minus"), ∞ for infinity."""
    if math.isinf(value):
        return f"∞ {unit}"
    return f"{value:.3f} {unit}".replace("-", "\u2212")
