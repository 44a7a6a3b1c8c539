r"""The derivation with live numbers: every line of the proof evaluated for one example.

Two steps, as everywhere in ``ui``: :func:`derivation_numbers` computes the numbers (all through
``core``) into a frozen :class:`DerivationNumbers`; :func:`derivation_steps` writes the lines of
the proof with those numbers, and the figure builders draw them. Nothing here imports Streamlit.

The chain, for a true distribution P and a model Q over the same outcomes:

1. :math:`\mathrm{KL}(P\|Q) = \mathbb{E}_P[\log P - \log Q]`,
2. :math:`= \mathbb{E}_P[-\log Q] - \mathbb{E}_P[-\log P] = H(P,Q) - H(P)`,
3. written out (term 1 is the cross-entropy, term 2 is :math:`-H(P)`),
4. so :math:`H(P,Q) = H(P) + \mathrm{KL}(P\|Q)`,
5. :math:`\arg\min_Q \mathrm{KL}(P\|Q) = \arg\min_Q H(P,Q)` as H(P) does not depend on Q,
6. with :math:`\hat P` the empirical distribution of n samples,
   :math:`H(\hat P, Q) = -\frac1n \sum_i \log Q(x_i)`, the average negative log-likelihood,
7. so :math:`\arg\min_Q H(\hat P, Q) = \arg\max_Q \prod_i Q(x_i)`: maximum likelihood.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import (
    Decomposition,
    coin_cross_entropy,
    coin_entropy,
    coin_kl_divergence,
    cross_entropy,
    cross_entropy_terms,
    decompose,
    empirical_distribution,
    entropy,
    entropy_terms,
    kl_contributions,
    kl_divergence,
    model_path,
)
from core import average_negative_log_likelihood as average_nll
from core.animation import draw_bernoulli, draw_categorical
from ui import theme
from ui.figures.common import base_layout, decomposition_bar_figure, format_value, make_figure

__all__ = [
    "DEFAULT_N",
    "DEFAULT_SEED",
    "MAX_N",
    "MIN_N",
    "STEP_COUNT",
    "DerivationNumbers",
    "Example",
    "Step",
    "coin_example",
    "derivation_numbers",
    "derivation_steps",
    "die_example",
    "main_figure",
    "models_figure",
    "sample_figure",
]

#: The proof has seven lines; ``step=k`` in the URL shows lines 1..k.
STEP_COUNT = 7
#: The sample of the likelihood lines: small enough to read every draw.
MIN_N, MAX_N, DEFAULT_N = 5, 40, 10
DEFAULT_SEED = 7
#: A die's sum is written out term by term up to this many outcomes, shortened beyond.
TERMS_SHOWN = 6


@dataclass(frozen=True)
class Example:
    """A true distribution P and a model Q over the same named outcomes.

    ``kind`` is ``"coin"`` (outcomes heads, tails; ``p`` and ``q`` are P(heads), Q(heads)) or
    ``"die"`` (faces 1..K).
    """

    kind: str
    p: np.ndarray
    q: np.ndarray
    outcomes: tuple[str, ...]


def coin_example(p: float, q: float) -> Example:
    """The coin with P(heads) = p and the model Q(heads) = q; outcomes in the order H, T."""
    for name, value in (("p", p), ("q", q)):
        if not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
            raise ValueError(f"`{name}` must be a probability between 0 and 1")
    return Example(
        kind="coin",
        p=np.array([p, 1.0 - p]),
        q=np.array([q, 1.0 - q]),
        outcomes=("H", "T"),
    )


def die_example(p, q) -> Example:
    """A die with face probabilities ``p`` and the model ``q`` (faces 1..K)."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.ndim != 1 or p.shape != q.shape or p.shape[0] < 2:
        raise ValueError("`p` and `q` must be probability vectors with the same 2 or more faces")
    decompose(p, q)  # the measures' own checks: non-negative, summing to 1
    return Example(kind="die", p=p, q=q, outcomes=tuple(str(k) for k in range(1, p.shape[0] + 1)))


@dataclass(frozen=True)
class DerivationNumbers:
    """Every number the derivation shows, in one unit (``unit``, log base ``base``).

    The identities are not assumed: each side of each equality is computed on its own through
    ``core`` (KL directly and as the sum of its terms; the average negative log-likelihood from
    the sample, and the cross-entropy from the empirical distribution), so the page shows them
    agreeing rather than copying one number twice.
    """

    example: Example
    unit: str
    base: float | None
    # P against Q
    entropy: float
    cross_entropy: float
    kl: float
    kl_terms: np.ndarray  # p_k log(p_k / q_k)
    cross_entropy_terms: np.ndarray  # -p_k log q_k
    entropy_terms: np.ndarray  # -p_k log p_k
    # The same three from the coin's own formulas (coin only, else NaN)
    coin_entropy: float
    coin_cross_entropy: float
    coin_kl: float
    # Other models: labels, their Q vectors, H(P,Q_j) and KL(P||Q_j)
    model_labels: tuple[str, ...]
    models: np.ndarray
    model_cross_entropies: np.ndarray
    model_kls: np.ndarray
    # The sample and its empirical distribution
    seed: int
    sample: np.ndarray  # outcome index of each draw
    counts: np.ndarray  # per outcome, all outcomes
    empirical: np.ndarray  # counts / n
    sample_terms: np.ndarray  # -log Q(x_i), one per draw
    average_nll: float  # -(1/n) sum_i log Q(x_i)
    empirical_cross_entropy: float  # H(P_hat, Q)
    empirical_entropy: float  # H(P_hat)
    empirical_kl: float  # KL(P_hat || Q)

    @property
    def n(self) -> int:
        return int(self.sample.shape[0])

    @property
    def log_likelihood(self) -> float:
        r""":math:`\sum_i \log Q(x_i) = -n\,H(\hat P, Q)` in the unit (``-inf`` if a draw has
        probability 0 under Q)."""
        return -self.n * self.average_nll

    @property
    def best_log_likelihood(self) -> float:
        r"""The log-likelihood of the maximum-likelihood model :math:`Q = \hat P`:
        :math:`-n\,H(\hat P)`."""
        return -self.n * self.empirical_entropy

    def power(self, exponent: float) -> float:
        """``base ** exponent`` (e for nats): turns a log-likelihood back into a likelihood."""
        b = math.e if self.base is None else self.base
        if exponent == -math.inf:
            return 0.0
        if exponent == math.inf:
            return math.inf
        try:
            return math.exp(exponent * math.log(b))
        except OverflowError:
            return math.inf


def derivation_numbers(
    example: Example,
    *,
    base: float | None = 2,
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
) -> DerivationNumbers:
    """Compute every number of the derivation for ``example`` in the unit of ``base``.

    The sample has ``n`` draws from P, reproducible from ``seed``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not MIN_N <= n <= MAX_N:
        raise ValueError(f"`n` must be a whole number from {MIN_N} to {MAX_N}")
    p, q = example.p, example.q
    k = p.shape[0]
    d = decompose(p, q, base=base)

    if example.kind == "coin":
        coin = (
            coin_entropy(p[0], base=base),
            coin_cross_entropy(p[0], q[0], base=base),
            coin_kl_divergence(p[0], q[0], base=base),
        )
        values = draw_bernoulli(float(p[0]), n, seed)  # 1.0 heads, 0.0 tails
        labels = np.array([1.0, 0.0])
    else:
        coin = (math.nan, math.nan, math.nan)
        values = draw_categorical(p, n, seed)  # faces 1..K
        labels = np.arange(1, k + 1, dtype=float)
    index = np.array([int(np.flatnonzero(labels == v)[0]) for v in values])

    observed = empirical_distribution(values)
    counts = np.zeros(k, dtype=np.int64)
    for outcome, count in zip(observed.outcomes, observed.counts, strict=True):
        counts[int(np.flatnonzero(labels == outcome)[0])] = count
    empirical = counts / observed.n

    # Other models: Q itself, halfway from Q to P, uniform, and P itself.
    path = model_path(p, q, [0.0, 0.5, 1.0])
    models = np.stack([path[0], path[1], np.full(k, 1.0 / k), path[2]])
    model_labels = ("your Q", "halfway", "uniform", "P itself")
    model_d = decompose(p, models, base=base)

    one_hot = np.eye(k)[index]  # -log Q(x_i) is the cross-entropy of a point mass at x_i
    sample_terms = np.asarray(cross_entropy(one_hot, q, base=base), dtype=float)

    return DerivationNumbers(
        example=example,
        unit=d.unit,
        base=base,
        entropy=float(d.entropy),
        cross_entropy=float(d.cross_entropy),
        kl=float(d.kl_divergence),
        kl_terms=kl_contributions(p, q, base=base),
        cross_entropy_terms=cross_entropy_terms(p, q, base=base),
        entropy_terms=entropy_terms(p, base=base),
        coin_entropy=float(coin[0]),
        coin_cross_entropy=float(coin[1]),
        coin_kl=float(coin[2]),
        model_labels=model_labels,
        models=models,
        model_cross_entropies=np.asarray(model_d.cross_entropy, dtype=float),
        model_kls=np.asarray(model_d.kl_divergence, dtype=float),
        seed=int(seed),
        sample=index,
        counts=counts,
        empirical=empirical,
        sample_terms=sample_terms,
        average_nll=float(average_nll(values, labels, q, base=base)),
        empirical_cross_entropy=float(cross_entropy(empirical, q, base=base)),
        empirical_entropy=float(entropy(empirical, base=base)),
        empirical_kl=float(kl_divergence(empirical, q, base=base)),
    )


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


def _v(value: float, digits: int = 3) -> str:
    """A number for LaTeX: 3 decimals, a real minus sign, ∞ spelled out."""
    if math.isnan(value):
        return r"\text{undefined}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    return f"{value:.{digits}f}"


def _u(value: float, unit: str, digits: int = 3) -> str:
    """A number with its unit, for LaTeX."""
    return rf"{_v(value, digits)}\ \text{{{unit}}}"


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


def derivation_steps(numbers: DerivationNumbers) -> list[Step]:
    """The seven lines of the proof, each with its value for the example."""
    nb = numbers
    ex = nb.example
    log = _log(nb.base)
    unit = nb.unit
    k = ex.p.shape[0]
    coin = ex.kind == "coin"
    p_name, q_name = ("p", "q") if coin else ("p_k", "q_k")

    # 1. The definition, term by term.
    kl_pieces = [
        rf"{_prob(ex.p[j])}\,{log}\tfrac{{{_prob(ex.p[j])}}}{{{_prob(ex.q[j])}}}"
        for j in range(k)
        if ex.p[j] > 0
    ]
    kl_values = [_v(t) for t, pj in zip(nb.kl_terms, ex.p, strict=True) if pj > 0]
    step1 = Step(
        title="KL divergence is an expected log-ratio",
        summary=rf"$\mathrm{{KL}}(P\|Q) = \mathbb{{E}}_P[\log P - \log Q] = {_v(nb.kl)}$ {unit}",
        formula=r"$\mathrm{KL}(P\|Q) = \sum_x P(x)\,\log\frac{P(x)}{Q(x)}"
        r" = \mathbb{E}_P[\log P - \log Q]$",
        numbers=(
            f"${_sum(kl_pieces)}$",
            rf"$= {_sum(kl_values)} = \mathbf{{{_v(nb.kl)}}}$ {unit}",
        ),
        reason="Outcomes P never shows (P(x) = 0) contribute nothing; single terms may be "
        "negative, their sum never is.",
    )

    # 2. Split the expectation.
    step2 = Step(
        title="Split the expectation",
        summary=rf"$= H(P,Q) - H(P) = {_v(nb.cross_entropy)} - {_v(nb.entropy)}$ {unit}",
        formula=r"$\mathbb{E}_P[\log P - \log Q] = \mathbb{E}_P[-\log Q] - \mathbb{E}_P[-\log P]"
        r" = H(P,Q) - H(P)$",
        numbers=(
            rf"$= {_v(nb.cross_entropy)} - {_v(nb.entropy)}"
            rf" = \mathbf{{{_v(nb.cross_entropy - nb.entropy)}}}$ {unit}"
            rf" (line 1: ${_v(nb.kl)}$ {unit})",
        ),
        reason="Linearity of the expectation: the first term is the cross-entropy H(P,Q), "
        "the second the entropy H(P).",
    )

    # 3. Written out: term 1 is the cross-entropy, term 2 is -H(P).
    if coin:
        p1, q1 = _prob(ex.p[0]), _prob(ex.q[0])
        p0, q0 = _prob(ex.p[1]), _prob(ex.q[1])
        formula3 = (
            rf"$\mathrm{{KL}}(p\|q) = \underbrace{{\left[-p\,{log} q - (1-p)\,{log}(1-q)\right]}}"
            rf"_{{\text{{term 1}}}} + \underbrace{{\left[p\,{log} p + (1-p)\,{log}(1-p)\right]}}"
            rf"_{{\text{{term 2}}}}$"
        )
        numbers3 = (
            rf"term 1 $= -{p1}\,{log} {q1} - {p0}\,{log} {q0} = {_v(nb.coin_cross_entropy)}$"
            rf" {unit} $= H(p,q)$, the cross-entropy",
            rf"term 2 $= {p1}\,{log} {p1} + {p0}\,{log} {p0} = {_v(-nb.coin_entropy)}$"
            rf" {unit} $= -H(p)$",
            rf"$\mathrm{{KL}}(p\|q) = {_v(nb.coin_cross_entropy)} - {_v(nb.coin_entropy)}"
            rf" = \mathbf{{{_v(nb.coin_kl)}}}$ {unit}",
        )
        title3 = "The coin: term 1 is the cross-entropy, term 2 is −H(P)"
    else:
        ce_terms = [_v(t) for t, pj in zip(nb.cross_entropy_terms, ex.p, strict=True) if pj > 0]
        h_terms = [_v(t) for t, pj in zip(nb.entropy_terms, ex.p, strict=True) if pj > 0]
        formula3 = (
            rf"$\mathrm{{KL}}(P\|Q) = \underbrace{{\left[-\sum_k p_k\,{log} q_k\right]}}"
            rf"_{{\text{{term 1}}}} + \underbrace{{\left[\sum_k p_k\,{log} p_k\right]}}"
            rf"_{{\text{{term 2}}}}$"
        )
        numbers3 = (
            rf"term 1 $= {_sum(ce_terms)} = {_v(nb.cross_entropy)}$ {unit} $= H(P,Q)$,"
            " the cross-entropy",
            rf"term 2 $= -({_sum(h_terms)}) = {_v(-nb.entropy)}$ {unit} $= -H(P)$",
            rf"$\mathrm{{KL}}(P\|Q) = {_v(nb.cross_entropy)} - {_v(nb.entropy)}"
            rf" = \mathbf{{{_v(nb.kl)}}}$ {unit}",
        )
        title3 = (
            f"Written out for the die ({k} faces): term 1 is the cross-entropy, term 2 is −H(P)"
        )
    step3 = Step(
        title=title3,
        summary=rf"term 1 $= H(P,Q) = {_v(nb.cross_entropy)}$ {unit},"
        rf" term 2 $= -H(P) = {_v(-nb.entropy)}$ {unit}",
        formula=formula3,
        numbers=numbers3,
        reason=f"Each ${log}$ splits the ratio: ${log}({p_name}/{q_name})"
        f" = {log} {p_name} - {log} {q_name}$.",
    )

    # 4. Rearranged.
    step4 = Step(
        title="Rearranged: cross-entropy = entropy + KL",
        summary=rf"$H(P,Q) = H(P) + \mathrm{{KL}}(P\|Q)$:"
        rf" ${_v(nb.cross_entropy)} = {_v(nb.entropy)} + {_v(nb.kl)}$ {unit}",
        formula=r"$H(P,Q) = H(P) + \mathrm{KL}(P\|Q)$",
        numbers=(rf"${_v(nb.cross_entropy)} = {_v(nb.entropy)} + {_v(nb.kl)}$ {unit}",),
        reason="The cost of coding P with a code built for Q is the cost no code can beat, "
        "H(P), plus what the wrong model adds, KL.",
    )

    # 5. Minimising over Q.
    rows = []
    for label, ce, kl in zip(nb.model_labels, nb.model_cross_entropies, nb.model_kls, strict=True):
        floor = r"\text{(both } \infty)" if math.isinf(kl) else _v(ce - kl)
        rows.append(rf"{label}: ${_v(ce)} - {_v(kl)} = {floor}$")
    step5 = Step(
        title="Minimising KL over Q is minimising the cross-entropy",
        summary=rf"$\arg\min_Q \mathrm{{KL}}(P\|Q) = \arg\min_Q H(P,Q)$:"
        rf" $H(P) = {_v(nb.entropy)}$ {unit} for every Q",
        formula=r"$\arg\min_Q \mathrm{KL}(P\|Q) = \arg\min_Q \left[H(P,Q) - H(P)\right]"
        r" = \arg\min_Q H(P,Q)$",
        numbers=(
            rf"$H(P,Q) - \mathrm{{KL}}(P\|Q) = H(P) = {_v(nb.entropy)}$ {unit} for every model:",
            " · ".join(rows) + f" ({unit})",
            rf"both are smallest at $Q = P$: $\mathrm{{KL}} = 0$,"
            rf" $H(P,P) = H(P) = {_v(nb.entropy)}$ {unit}",
        ),
        reason="H(P) does not depend on Q: subtracting a constant moves a curve down, "
        "not its minimum.",
    )

    # 6. The sample: average negative log-likelihood = cross-entropy of P-hat.
    drawn = " ".join(ex.outcomes[i] for i in nb.sample)
    p_hat = ", ".join(_prob(v) for v in nb.empirical)
    # -log Q(k) for each outcome drawn, read off the first draw of that outcome.
    first_draw = {int(j): int(np.flatnonzero(nb.sample == j)[0]) for j in np.unique(nb.sample)}
    grouped = [
        rf"{int(nb.counts[j])} \times {_v(nb.sample_terms[i])}" for j, i in first_draw.items()
    ]
    step6 = Step(
        title=f"With data: P̂ from n = {nb.n} draws",
        summary=rf"$-\frac{{1}}{{n}}\sum_i \log Q(x_i) = H(\hat P, Q)"
        rf" = {_v(nb.average_nll)}$ {unit} ($n = {nb.n}$)",
        formula=r"$H(\hat P, Q) = -\sum_k \hat P(k)\,\log Q(k)"
        r" = -\frac{1}{n}\sum_{i=1}^{n} \log Q(x_i)$",
        numbers=(
            f"{nb.n} draws from P (seed {nb.seed}): `{drawn}`" + rf" → $\hat P = ({p_hat})$",
            rf"$-\frac{{1}}{{{nb.n}}}\sum_i {log} Q(x_i)"
            rf" = \frac{{1}}{{{nb.n}}}\left[{_sum(grouped)}\right]"
            rf" = \mathbf{{{_v(nb.average_nll)}}}$ {unit}, the average negative log-likelihood",
            rf"$H(\hat P, Q) = {_v(nb.empirical_cross_entropy)}$ {unit}"
            rf" $= H(\hat P) + \mathrm{{KL}}(\hat P\|Q) = {_v(nb.empirical_entropy)}"
            rf" + {_v(nb.empirical_kl)}$ {unit}",
        ),
        reason="Outcome k appears n·P̂(k) times among the draws, so the average over draws is "
        "the sum over outcomes weighted by P̂.",
    )

    # 7. Maximum likelihood.
    b = "e" if nb.base is None else f"{nb.base:g}"
    likelihood = nb.power(nb.log_likelihood)
    best = nb.power(nb.best_log_likelihood)
    ratio_exponent = nb.n * nb.empirical_kl
    step7 = Step(
        title="So minimising KL is maximising the likelihood",
        summary=r"$\arg\min_Q H(\hat P, Q) = \arg\max_Q \prod_i Q(x_i)$, reached at $Q = \hat P$",
        formula=r"$\arg\min_Q H(\hat P, Q) = \arg\max_Q \frac{1}{n}\sum_i \log Q(x_i)"
        r" = \arg\max_Q \prod_{i=1}^{n} Q(x_i)$",
        numbers=(
            rf"likelihood of Q: $\prod_i Q(x_i) = {b}^{{-n\,H(\hat P,Q)}}"
            rf" = {b}^{{-{nb.n} \times {_v(nb.average_nll)}}} = {_scientific(likelihood)}$",
            rf"best model $Q = \hat P$: ${b}^{{-n\,H(\hat P)}}"
            rf" = {b}^{{-{nb.n} \times {_v(nb.empirical_entropy)}}} = {_scientific(best)}$,"
            rf" ${_scientific(nb.power(ratio_exponent))}$ times as likely"
            rf" $= {b}^{{n\,\mathrm{{KL}}(\hat P\|Q)}}$",
        ),
        reason="The logarithm is increasing and n is positive, so the lowest average "
        "negative log-likelihood is the highest likelihood. The maximum-likelihood model is "
        "P̂ itself, where KL(P̂‖Q) = 0; with more data P̂ approaches P.",
    )
    return [step1, step2, step3, step4, step5, step6, step7]


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
    nb = numbers
    unit = nb.unit
    ce, kl = nb.model_cross_entropies, nb.model_kls
    top = _top(ce, max(nb.entropy, 1.0) * 2)
    kl_drawn = np.where(np.isfinite(kl), kl, top - nb.entropy)
    labels = list(nb.model_labels)
    text_font = {"size": font_size - 2, "color": "white"}
    data = [
        {
            "type": "bar",
            "name": "H(P) entropy",
            "x": labels,
            "y": [nb.entropy] * len(labels),
            "marker": {"color": theme.ENTROPY},
            "text": ["H(P)"] * len(labels),
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": text_font,
            "hovertemplate": f"H(P) = {format_value(nb.entropy, unit, 6)}<extra></extra>",
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
            "textfont": text_font,
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
        f"H(P) = {format_value(nb.entropy, unit)} under every Q;"
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
    nb = numbers
    unit = nb.unit
    ex = nb.example
    terms = nb.sample_terms
    finite = bool(np.all(np.isfinite(terms)))
    # An infinite term (Q gives a drawn outcome probability 0) is drawn well above the rest.
    top = _top(np.append(terms, nb.empirical_entropy), 1.0) * (1.0 if finite else 1.5)
    drawn = np.where(np.isfinite(terms), terms, top)
    x = list(range(1, nb.n + 1))
    data = [
        {
            "type": "bar",
            "name": "−log Q(xᵢ)",
            "x": x,
            "y": drawn.tolist(),
            "marker": {"color": theme.MODEL},
            "text": [
                ex.outcomes[i] + ("<br>∞" if math.isinf(t) else "")
                for i, t in zip(nb.sample, terms, strict=True)
            ],
            "textposition": "outside" if nb.n <= 20 else "none",
            "textfont": {"size": font_size - 4},
            "cliponaxis": False,
            "customdata": [format_value(float(t), unit) for t in terms],
            "hovertemplate": "draw %{x}: x = %{text}, −log Q(x) = %{customdata}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"mean = H(P̂,Q) = {format_value(nb.average_nll, unit)}",
            "x": [0.5, nb.n + 0.5],
            "y": [min(nb.average_nll, top)] * 2,
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"best mean, at Q = P̂: H(P̂) = {format_value(nb.empirical_entropy, unit)}",
            "x": [0.5, nb.n + 0.5],
            "y": [nb.empirical_entropy] * 2,
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    title = (
        f"Mean of −log Q(xᵢ) over {nb.n} draws<br>= {format_value(nb.average_nll, unit)} = H(P̂,Q)"
    )
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout.update(
        {
            "yaxis": {"title": {"text": unit}, "range": [0, top * 1.1], "fixedrange": True},
            # No axis title: the title says "over n draws", the hover "draw i".
            "xaxis": {"fixedrange": True, "dtick": 1 if nb.n <= 20 else 5},
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
    nb = numbers
    if step >= 6:
        return sample_figure(nb, font_size=font_size, height=height)
    if step == 5:
        return models_figure(nb, font_size=font_size, height=height)
    d = Decomposition(nb.entropy, nb.cross_entropy, nb.kl, nb.unit)
    title = (
        f"KL(P‖Q) = H(P,Q) − H(P)<br>{format_value(nb.kl, nb.unit)}"
        f" = {format_value(nb.cross_entropy, nb.unit)} − {format_value(nb.entropy, nb.unit)}"
    )
    figure = decomposition_bar_figure(d, font_size=font_size, height=height, title=title)
    figure.layout.margin.t = 90
    return figure
