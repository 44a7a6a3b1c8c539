r"""Forward and reverse KL: fitting one Gaussian Q to a bimodal mixture P, both ways.

- **Forward**, :math:`\min_Q \mathrm{KL}(P\|Q)`: what maximum likelihood does with many samples.
  :math:`\mathrm{KL}(P\|Q)` is large wherever P has mass that Q misses, so the best Q covers every
  mode (*mode-covering*). It has a closed form, moment matching: Q takes P's mean and variance.
- **Reverse**, :math:`\min_Q \mathrm{KL}(Q\|P)`: what variational inference does. It is large
  wherever Q puts mass that P lacks, so the best Q hides inside one mode (*mode-seeking*). There is
  no closed form, and which mode wins depends on the start: it is found by gradient descent.

Both return a :class:`GaussianKLPath` carrying *both* divergences at every step, so a page can show
that each fit is poor by the other's measure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core._validation import log_base
from core.continuous import (
    TAIL_WIDTH,
    GaussianMixture,
    _check_mixture,
    _reverse_nodes,
    gaussian_entropy,
    mixture_cross_entropy,
    mixture_entropy,
    mixture_kl_divergence,
    mixture_reverse_kl_divergence,
)
from core.divergence import unit_name
from core.fitting import (
    _ARMIJO,
    _ROUND_OFF,
    MAX_HALVINGS,
    _check_options,
    _check_start,
    _gaussian_parameter_path,
)

__all__ = [
    "GaussianKLPath",
    "ReverseKLMinima",
    "fit_forward_kl",
    "fit_reverse_kl",
    "reverse_kl_minima",
]

_LOG_2PI_E = math.log(2 * math.pi) + 1.0
#: Largest change of log sigma one reverse-KL step may try (a trust region for the trial steps).
_LARGEST_LOG_STEP = 1.0


@dataclass(frozen=True)
class GaussianKLPath:
    r"""A path of Gaussians :math:`Q_t = \mathcal N(\mu_t, \sigma_t^2)` fitted to a mixture P.

    Attributes
    ----------
    direction : str
        ``"forward"`` (minimises :math:`\mathrm{KL}(P\|Q)`) or ``"reverse"``
        (minimises :math:`\mathrm{KL}(Q\|P)`).
    parameters : ndarray, shape (T + 1, 2)
        :math:`(\mu_t, \sigma_t)`; row 0 is the start.
    cross_entropy, entropy : ndarray, shape (T + 1,)
        The decomposition of the minimised divergence, ``kl = cross_entropy - entropy``: for
        forward :math:`H(P, Q_t)` and :math:`H(P)` (constant), for reverse :math:`H(Q_t, P)` and
        :math:`H(Q_t)`.
    forward_kl_divergence : ndarray, shape (T + 1,)
        :math:`\mathrm{KL}(P\|Q_t)` at every step.
    reverse_kl_divergence : ndarray, shape (T + 1,)
        :math:`\mathrm{KL}(Q_t\|P)` at every step.
    optimum : ndarray, shape (2,)
        The fit, :math:`(\mu, \sigma)`: moment matching (closed form) for forward, the last step
        for reverse.
    unit : str
        ``"nats"``, ``"bits"``, ...
    """

    direction: str
    parameters: np.ndarray
    cross_entropy: np.ndarray
    entropy: np.ndarray
    forward_kl_divergence: np.ndarray
    reverse_kl_divergence: np.ndarray
    optimum: np.ndarray
    unit: str

    @property
    def kl_divergence(self) -> np.ndarray:
        """The divergence this fit minimises (forward or reverse, after ``direction``)."""
        if self.direction == "forward":
            return self.forward_kl_divergence
        return self.reverse_kl_divergence

    @property
    def steps(self) -> int:
        """T, the number of steps taken (the path has T + 1 rows)."""
        return int(self.parameters.shape[0] - 1)


def fit_forward_kl(
    p_mixture: GaussianMixture,
    mu0: float | None = None,
    sigma0: float | None = None,
    *,
    method: str = "gradient",
    step_size: float | None = None,
    steps: int = 60,
    base: float | None = None,
) -> GaussianKLPath:
    r"""The Gaussian closest to P in forward KL, :math:`\min_Q \mathrm{KL}(P\|Q)`: moment matching.

    Parameters
    ----------
    p_mixture : GaussianMixture
        The distribution P.
    mu0, sigma0 : float, optional
        A start for the path; without them the path is the single point of the optimum.
    method : {"gradient", "newton"}
        As in :func:`fit_path_gaussian`: gradient descent in standard units, or Newton's method.
    step_size : float, optional
        Default 0.3 for gradient descent, 1.0 for Newton.
    steps : int
        T, the number of steps (ignored without a start).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Notes
    -----
    :math:`\mathrm{KL}(P\|Q) = H(P, Q) - H(P)` and, Q being Gaussian, :math:`H(P, Q)` depends on P
    only through its mean and variance (:func:`mixture_cross_entropy`), so the minimiser is

    .. math:: \mu^* = \mathbb E_P[X] = \sum_k w_k\mu_k, \qquad
              \sigma^{*2} = \mathrm{Var}_P[X] = \sum_k w_k\big(\sigma_k^2 + (\mu_k - \mu^*)^2\big),

    the same as the maximum-likelihood Gaussian of a large sample from P. For a bimodal P it sits
    between the modes, where P has little mass, and its KL stays positive: the price of the
    Gaussian family. The path is :func:`fit_path_gaussian`'s ascent with P's moments in place of
    the sample's.

    Examples
    --------
    >>> p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.5, 0.5])
    >>> fit = fit_forward_kl(p)
    >>> fit.optimum.round(6).tolist(), fit.steps
    ([0.0, 2.061553], 0)
    >>> bool(fit_forward_kl(p, 1.0, 1.0, steps=60).forward_kl_divergence[-1] > 0.5)
    True
    """
    p = _check_mixture(p_mixture)
    size = _check_options(method, step_size, steps)
    if step_size is None and method == "gradient":
        size = 0.3
    log_base(base)
    optimum = np.array([p.mean, p.standard_deviation])
    if mu0 is None and sigma0 is None:
        parameters = optimum[None, :]
    elif mu0 is None or sigma0 is None:
        raise ValueError("`mu0` and `sigma0` go together: give both for a path, or neither")
    else:
        mu0, sigma0 = _check_start(mu0, sigma0)
        parameters = _gaussian_parameter_path(
            p.mean, p.variance, mu0, sigma0, method=method, step_size=size, steps=steps
        )
    mu, sigma = parameters[:, 0], parameters[:, 1]
    cross = np.asarray(mixture_cross_entropy(p, mu, sigma, base=base))
    entropy = np.full(mu.shape, mixture_entropy(p, base=base))
    return GaussianKLPath(
        direction="forward",
        parameters=parameters,
        cross_entropy=cross,
        entropy=entropy,
        forward_kl_divergence=np.maximum(cross - entropy, 0.0),
        reverse_kl_divergence=np.asarray(mixture_reverse_kl_divergence(p, mu, sigma, base=base)),
        optimum=optimum,
        unit=unit_name(base),
    )


class _Nodes:
    """Quadrature nodes for expectations under Q, kept while they suit the current Q.

    The nodes z (for X = mu + sigma z) are rebuilt only when Q has become wider than they were
    built for (or much narrower, when they would be needlessly many) or has moved outside the
    range whose bends of log p they resolve: a fixed grid for each stretch of the path.
    """

    def __init__(self, p: GaussianMixture) -> None:
        self.p = p
        self.widest = 0.0
        self.low = self.high = 0.0

    def __call__(self, mu: float, sigma: float) -> tuple[np.ndarray, np.ndarray]:
        low, high = mu - TAIL_WIDTH * sigma, mu + TAIL_WIDTH * sigma
        if not (self.widest / 4 <= sigma <= self.widest and self.low <= low and high <= self.high):
            self.widest = 1.5 * sigma
            self.low = mu - 2 * TAIL_WIDTH * self.widest
            self.high = mu + 2 * TAIL_WIDTH * self.widest
            self.z, self.w = _reverse_nodes(self.p, self.low, self.high, self.widest)
        return self.z, self.w


def _reverse_kl_and_gradient(
    p: GaussianMixture, theta: np.ndarray, nodes: _Nodes
) -> tuple[float, np.ndarray]:
    """KL(Q||P) in nats and its gradient in (mu, log sigma), by quadrature on the nodes."""
    sigma = math.exp(theta[1])
    z, w = nodes(float(theta[0]), sigma)
    log_p, score = p._log_pdf_and_score(theta[0] + sigma * z)
    kl = -0.5 * _LOG_2PI_E - theta[1] - float(np.sum(log_p * w))
    weighted = score * w  # sums, not BLAS dot products: those stall on a busy machine
    gradient = np.array([-float(weighted.sum()), -1.0 - sigma * float(np.sum(z * weighted))])
    return kl, gradient


def fit_reverse_kl(
    p_mixture: GaussianMixture,
    mu0: float,
    sigma0: float,
    *,
    steps: int = 60,
    step_size: float = 0.5,
    base: float | None = None,
) -> GaussianKLPath:
    r"""A Gaussian locally closest to P in reverse KL, :math:`\min_Q \mathrm{KL}(Q\|P)`, by descent.

    Parameters
    ----------
    p_mixture : GaussianMixture
        The distribution P.
    mu0, sigma0 : float
        The start; the mode the path ends in depends on it.
    steps : int
        T, the number of steps.
    step_size : float
        The step :math:`\eta` tried first at every step (see Notes).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Notes
    -----
    With :math:`X = \mu + \sigma Z`, :math:`Z \sim \mathcal N(0, 1)` and :math:`u = \log\sigma`,

    .. math:: \mathrm{KL}(Q\|P) = -\tfrac12\log(2\pi e) - u - \mathbb E_Z[\log p(\mu + \sigma Z)],

    .. math:: \frac{\partial}{\partial\mu} = -\mathbb E_Z[s(X)], \qquad
              \frac{\partial}{\partial u} = -1 - \sigma\,\mathbb E_Z[Z\,s(X)],

    with :math:`s = (\log p)'` the score of P. The expectations are sums over a fixed grid of
    nodes z, fine enough for P's components and for the bends of :math:`\log p` between them
    (rebuilt only when Q's width or place changes a lot). Each step is gradient descent
    in the Fisher metric of Q (the natural gradient),

    .. math:: \mu \leftarrow \mu - \eta\,\sigma^2 \frac{\partial}{\partial\mu}, \qquad
              u \leftarrow u - \frac{\eta}{2} \frac{\partial}{\partial u},

    which does not depend on the unit of x, with the step halved until the KL falls (so the
    path never climbs) and no step changing σ by more than a factor e. From a start near a
    mode the path settles in that mode with about its width; from between the modes it may go
    either way, or come to rest on the saddle between them (a wide Q centred on a symmetric P).

    Examples
    --------
    >>> p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.5, 0.5])
    >>> fit = fit_reverse_kl(p, 1.0, 1.0)
    >>> fit.optimum.round(3).tolist()
    [2.0, 0.5]
    >>> bool(fit.reverse_kl_divergence[-1] < fit_forward_kl(p).reverse_kl_divergence[0])
    True
    """
    p = _check_mixture(p_mixture)
    size = _check_options("gradient", step_size, steps)
    mu0, sigma0 = _check_start(mu0, sigma0)
    divisor = log_base(base)
    nodes = _Nodes(p)
    theta = np.array([mu0, math.log(sigma0)])
    kl, gradient = _reverse_kl_and_gradient(p, theta, nodes)
    path, values = np.empty((steps + 1, 2)), np.empty(steps + 1)
    path[0], values[0] = theta, kl
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            sigma = math.exp(theta[1])
            direction = -np.array([sigma**2 * gradient[0], 0.5 * gradient[1]])
            slope = float(gradient @ direction)
            trial = size
            noise = _ROUND_OFF * max(1.0, abs(kl))
            for _ in range(MAX_HALVINGS):
                candidate = theta + trial * direction
                # a trust region: no trial changes sigma by more than a factor e
                if abs(candidate[1] - theta[1]) <= _LARGEST_LOG_STEP and np.all(
                    np.isfinite(candidate)
                ):
                    new_kl, new_gradient = _reverse_kl_and_gradient(p, candidate, nodes)
                    if math.isfinite(new_kl) and new_kl <= kl + _ARMIJO * trial * slope + noise:
                        theta, kl, gradient = candidate, new_kl, new_gradient
                        break
                trial /= 2
            path[t], values[t] = theta, kl
    parameters = np.column_stack([path[:, 0], np.exp(path[:, 1])])
    parameters[0] = mu0, sigma0  # exactly the start, not exp(log(sigma0))
    mu, sigma = parameters[:, 0], parameters[:, 1]
    entropy = np.asarray(gaussian_entropy(sigma, base=base))
    reverse = np.maximum(values, 0.0) / divisor
    return GaussianKLPath(
        direction="reverse",
        parameters=parameters,
        cross_entropy=entropy + reverse,
        entropy=entropy,
        forward_kl_divergence=np.asarray(mixture_kl_divergence(p, mu, sigma, base=base)),
        reverse_kl_divergence=reverse,
        optimum=parameters[-1].copy(),
        unit=unit_name(base),
    )


#: Steps of each descent that looks for a local minimum of the reverse KL.
MINIMUM_STEPS = 100


@dataclass(frozen=True)
class ReverseKLMinima:
    r"""The local minima of :math:`\mathrm{KL}(Q\|P)` over Gaussians Q that descents from P's
    components reach, the smallest (the global minimum among them) first.

    Attributes
    ----------
    parameters : ndarray, shape (M, 2)
        :math:`(\mu, \sigma)` of each minimum, by increasing divergence.
    kl_divergence : ndarray, shape (M,)
        :math:`\mathrm{KL}(Q\|P)` at each minimum.
    unit : str
        ``"nats"``, ``"bits"``, ...
    """

    parameters: np.ndarray
    kl_divergence: np.ndarray
    unit: str

    def which(self, mu: float, sigma: float, *, tolerance: float = 0.05) -> int | None:
        r"""The index of the minimum at :math:`(\mu, \sigma)`, or None when it is at none
        (a path still on its way, or resting on the saddle between two modes).

        A point is at a minimum when its mean is within ``tolerance`` of that minimum's
        :math:`\sigma` and its :math:`\sigma` within a factor :math:`e^{\pm\text{tolerance}}`.
        """
        for index, (mu_k, sigma_k) in enumerate(self.parameters):
            if (
                abs(mu - mu_k) <= tolerance * sigma_k
                and abs(math.log(sigma / sigma_k)) <= tolerance
            ):
                return index
        return None


def reverse_kl_minima(
    p_mixture: GaussianMixture, *, steps: int = MINIMUM_STEPS, base: float | None = None
) -> ReverseKLMinima:
    r"""The local minima of :math:`\mathrm{KL}(Q\|P)` reached by :func:`fit_reverse_kl` from a
    start at each component of P (its mean and width), duplicates merged.

    Reverse KL is not convex in :math:`(\mu, \sigma)`: for well separated modes every mode
    holds a local minimum of its own, and a descent ends in the one its start leads to (or on
    the saddle between them). Starting at each component finds the mode-seeking minima; the
    first returned is the smallest of them.

    Examples
    --------
    >>> p = GaussianMixture([0.2, 0.8], [-2.0, 2.0], [0.6, 0.6])
    >>> minima = reverse_kl_minima(p)
    >>> minima.parameters.round(2).tolist(), minima.kl_divergence.round(4).tolist()
    ([[2.0, 0.6], [-1.99, 0.61]], [0.2225, 1.6066])
    >>> minima.which(0.0, 1.8) is None, minima.which(-1.99, 0.61)
    (True, 1)
    """
    p = _check_mixture(p_mixture)
    found: list[tuple[float, float, float]] = []
    for mu0, sigma0 in zip(p.means.tolist(), p.sigmas.tolist(), strict=True):
        path = fit_reverse_kl(p, mu0, sigma0, steps=steps, base=base)
        mu, sigma = (float(v) for v in path.optimum)
        kl = float(path.reverse_kl_divergence[-1])
        same = [
            i
            for i, (m, s, _) in enumerate(found)
            if abs(mu - m) <= 1e-3 * s and abs(math.log(sigma / s)) <= 1e-3
        ]
        if not same:
            found.append((mu, sigma, kl))
    found.sort(key=lambda minimum: minimum[2])
    return ReverseKLMinima(
        parameters=np.array([(mu, sigma) for mu, sigma, _ in found]),
        kl_divergence=np.array([kl for _, _, kl in found]),
        unit=unit_name(base),
    )
