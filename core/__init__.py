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
from core.samples import (
    BernoulliFit,
    EmpiricalDistribution,
    ExponentialFit,
    GaussianFit,
    PoissonFit,
    average_negative_log_likelihood,
    bernoulli_average_nll,
    empirical_distribution,
    exponential_average_nll,
    fit_bernoulli,
    fit_categorical,
    fit_exponential,
    fit_gaussian,
    fit_poisson,
    gaussian_average_nll,
    poisson_average_nll,
)

__all__ = [
    "BernoulliFit",
    "Decomposition",
    "EmpiricalDistribution",
    "ExponentialFit",
    "GaussianFit",
    "PoissonFit",
    "average_negative_log_likelihood",
    "bernoulli_average_nll",
    "coin_cross_entropy",
    "coin_decompose",
    "coin_entropy",
    "coin_kl_divergence",
    "cross_entropy",
    "decompose",
    "empirical_distribution",
    "entropy",
    "exponential_average_nll",
    "fit_bernoulli",
    "fit_categorical",
    "fit_exponential",
    "fit_gaussian",
    "fit_poisson",
    "gaussian_average_nll",
    "kl_contributions",
    "kl_divergence",
    "normalize",
    "poisson_average_nll",
    "relative_entropy",
    "unit_name",
]
