"""KL Lab's maths: entropy, cross-entropy and KL divergence, pure numpy.

H(P, Q) = H(P) + KL(P‖Q): minimising KL over models Q is minimising the cross-entropy, and with
P the empirical distribution of a sample, that is maximising the likelihood.
"""

from __future__ import annotations

from core.coin import coin_cross_entropy, coin_decompose, coin_entropy, coin_kl_divergence
from core.divergence import (
    Decomposition,
    cross_entropy,
    decompose,
    entropy,
    kl_contributions,
    kl_divergence,
    normalize,
    relative_entropy,
    unit_name,
)

__all__ = [
    "Decomposition",
    "coin_cross_entropy",
    "coin_decompose",
    "coin_entropy",
    "coin_kl_divergence",
    "cross_entropy",
    "decompose",
    "entropy",
    "kl_contributions",
    "kl_divergence",
    "normalize",
    "relative_entropy",
    "unit_name",
]
