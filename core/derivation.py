r"""Every number of the derivation :math:`H(P,Q) = H(P) + \mathrm{KL}(P\|Q)`, for one example.

For a true distribution P and a model Q over the same outcomes, :func:`derivation_numbers`
evaluates each side of each line of the proof on its own, through the measures of ``core``:
KL directly and as the sum of its terms, the cross-entropy and the entropy, the same for a few
other models, and for a small sample drawn from P its average negative log-likelihood, the
cross-entropy of its empirical distribution and the likelihoods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.categorical import cross_entropy_terms, entropy_terms, model_path
from core.coin import coin_cross_entropy, coin_entropy, coin_kl_divergence
from core.divergence import cross_entropy, decompose, entropy, kl_contributions, kl_divergence
from core.samples import average_negative_log_likelihood as average_nll
from core.sampling import draw_outcomes

__all__ = [
    "DEFAULT_N",
    "DEFAULT_SEED",
    "MAX_N",
    "MIN_N",
    "DerivationNumbers",
    "Example",
    "coin_example",
    "derivation_numbers",
    "die_example",
]

#: The sample's size: small enough to read every draw.
MIN_N, MAX_N, DEFAULT_N = 5, 40, 10
DEFAULT_SEED = 7


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
    # Other models (Q itself, halfway from Q to P, uniform, P itself): Q_j, H(P,Q_j), KL(P||Q_j)
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

    Examples
    --------
    >>> numbers = derivation_numbers(coin_example(0.5, 0.25), base=2)
    >>> numbers.entropy, round(numbers.kl, 4), numbers.unit
    (1.0, 0.2075, 'bits')
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
    else:
        coin = (math.nan, math.nan, math.nan)
    index = draw_outcomes(p, n, seed=seed, coin=example.kind == "coin")
    counts = np.bincount(index, minlength=k).astype(np.int64)
    empirical = counts / n

    # Other models: Q itself, halfway from Q to P, uniform, and P itself.
    path = model_path(p, q, [0.0, 0.5, 1.0])
    models = np.stack([path[0], path[1], np.full(k, 1.0 / k), path[2]])
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
        models=models,
        model_cross_entropies=np.asarray(model_d.cross_entropy, dtype=float),
        model_kls=np.asarray(model_d.kl_divergence, dtype=float),
        seed=int(seed),
        sample=index,
        counts=counts,
        empirical=empirical,
        sample_terms=sample_terms,
        average_nll=float(average_nll(index, np.arange(k), q, base=base)),
        empirical_cross_entropy=float(cross_entropy(empirical, q, base=base)),
        empirical_entropy=float(entropy(empirical, base=base)),
        empirical_kl=float(kl_divergence(empirical, q, base=base)),
    )
