"""KL Lab's maths: entropy, cross-entropy and KL divergence, pure numpy.

H(P, Q) = H(P) + KL(P‖Q): minimising KL over models Q is minimising the cross-entropy, and with
P the empirical distribution of a sample, that is maximising the likelihood.
"""

from __future__ import annotations

from core.categorical import (
    MAX_OUTCOMES,
    MIN_OUTCOMES,
    PRESETS,
    cross_entropy_terms,
    entropy_terms,
    format_distribution,
    model_path,
    parse_distribution,
    preset_distribution,
)
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
    "MAX_OUTCOMES",
    "MIN_OUTCOMES",
    "PRESETS",
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
    "cross_entropy_terms",
    "decompose",
    "empirical_distribution",
    "entropy",
    "entropy_terms",
    "exponential_average_nll",
    "fit_bernoulli",
    "fit_categorical",
    "fit_exponential",
    "fit_gaussian",
    "fit_poisson",
    "format_distribution",
    "gaussian_average_nll",
    "kl_contributions",
    "kl_divergence",
    "model_path",
    "normalize",
    "parse_distribution",
    "poisson_average_nll",
    "preset_distribution",
    "relative_entropy",
    "unit_name",
]
