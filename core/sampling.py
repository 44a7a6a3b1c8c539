"""Drawing the lessons' data from a known P: every sample of every page comes from here.

Each draw starts a fresh ``numpy.random.default_rng(seed)``, so the same arguments always give
the same sample, and a seed carried from one page to another gives the same draws on both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.categorical import PRESETS, preset_distribution
from core.continuous import GaussianMixture

__all__ = [
    "BIMODAL_WIDTH",
    "CLUSTER_SPREADS",
    "DIE_FACES",
    "MAX_CLASSES",
    "MIN_CLASSES",
    "ClassifierData",
    "TrueDistribution",
    "bimodal_mixture",
    "draw_bernoulli",
    "draw_categorical",
    "draw_clusters",
    "draw_mixture",
    "draw_outcomes",
    "draw_sample",
]

#: Standard deviation of each mode of the lessons' bimodal P.
BIMODAL_WIDTH = 0.6
#: Faces of the lessons' die.
DIE_FACES = 6
#: Spreads (standard deviations) of the classifier lesson's clusters, whose centres lie on a
#: circle of radius ``CLUSTER_RADIUS``: clusters 0.45 wide barely touch, 1.4 wide overlap.
CLUSTER_SPREADS = {"separable": 0.45, "overlapping": 1.4}
CLUSTER_RADIUS = 2.0
#: The classifier lesson offers 2 to 10 classes.
MIN_CLASSES = 2
MAX_CLASSES = 10


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError("`n` must be a positive whole number, the sample size")
    return int(n)


def draw_bernoulli(p: float, n: int, seed: int | None) -> np.ndarray:
    """``n`` tosses of a coin with P(1) = ``p``, as 0.0/1.0, reproducible from ``seed``.

    Examples
    --------
    >>> draw_bernoulli(0.7, 5, seed=1).tolist()
    [1.0, 0.0, 1.0, 0.0, 1.0]
    >>> float(draw_bernoulli(0.3, 100_000, seed=2).mean().round(2))
    0.3
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError("`p` must lie between 0 and 1")
    n = _check_n(n)
    return (np.random.default_rng(seed).random(n) < p).astype(float)


def draw_categorical(p: ArrayLike, n: int, seed: int | None) -> np.ndarray:
    """``n`` rolls of a die with probabilities ``p`` over the faces 1..K, as floats.

    Examples
    --------
    >>> sorted(set(draw_categorical([0.5, 0.5], 20, seed=3).tolist()))
    [1.0, 2.0]
    """
    p = np.asarray(p, dtype=float)
    n = _check_n(n)
    faces = np.arange(1, p.shape[0] + 1, dtype=float)
    return np.random.default_rng(seed).choice(faces, size=n, p=p)


def draw_outcomes(p: ArrayLike, n: int, *, seed: int, coin: bool = False) -> np.ndarray:
    """``n`` outcomes drawn from P as indices ``0 .. K-1`` into P, the form codes and coders read.

    A ``coin`` (P = [P(heads), P(tails)]) is tossed as on the other lessons, so that a seed gives
    the same tosses on every page; otherwise the outcomes are rolls of a die with faces 1..K.

    Examples
    --------
    >>> draw_outcomes([0.7, 0.3], 5, seed=1, coin=True).tolist()
    [0, 1, 0, 1, 0]
    """
    p = np.asarray(p, dtype=float)
    if coin:
        if p.shape[0] != 2:
            raise ValueError("a coin has two outcomes: `p` must be [P(heads), P(tails)]")
        heads = draw_bernoulli(float(p[0]), n, seed)  # 1.0 heads, 0.0 tails
        return (heads == 0.0).astype(np.int32)
    return (draw_categorical(p, n, seed) - 1).astype(np.int32)


def draw_mixture(
    mixture: GaussianMixture, n: int, seed: np.random.Generator | int | None
) -> np.ndarray:
    """``n`` values of a Gaussian mixture: a component by its weight, then a value from it.

    ``seed`` is a seed or a numpy Generator.

    Examples
    --------
    >>> draw_mixture(GaussianMixture([1.0], [5.0], [1e-9]), 3, seed=0).round(6).tolist()
    [5.0, 5.0, 5.0]
    """
    n = _check_n(n)
    generator = np.random.default_rng(seed)
    component = generator.choice(mixture.weights.shape[0], size=n, p=mixture.weights)
    return generator.normal(mixture.means[component], mixture.sigmas[component])


def bimodal_mixture(separation: float, weight: float) -> GaussianMixture:
    """``weight`` · N(−separation/2, w²) + (1 − ``weight``) · N(separation/2, w²), with w the
    lessons' ``BIMODAL_WIDTH``.

    Examples
    --------
    >>> bimodal_mixture(4.0, 0.5).means.tolist()
    [-2.0, 2.0]
    """
    half = separation / 2
    return GaussianMixture([weight, 1.0 - weight], [-half, half], [BIMODAL_WIDTH] * 2)


@dataclass(frozen=True)
class TrueDistribution:
    """The P that generated a sample: probabilities over outcomes, or a Gaussian mixture."""

    name: str
    outcomes: np.ndarray | None = None
    probabilities: np.ndarray | None = None
    mixture: GaussianMixture | None = None

    @property
    def discrete(self) -> bool:
        return self.mixture is None


def draw_sample(
    kind: str,
    n: int,
    seed: int,
    *,
    p: float = 0.7,
    die: str = "loaded",
    mu: float = 0.0,
    sigma: float = 1.0,
    separation: float = 4.0,
    weight: float = 0.3,
) -> tuple[np.ndarray, TrueDistribution]:
    """Draw ``n`` observations from a known P, with the P itself.

    A coin gives labels ``H``/``T`` (P(H) = ``p``); a die the faces ``1``..``6`` with a preset of
    ``core.PRESETS``; a Gaussian N(``mu``, ``sigma``²); the bimodal mixture of
    :func:`bimodal_mixture`. The returned values are read-only.

    Examples
    --------
    >>> values, truth = draw_sample("coin", 4, 1, p=0.7)
    >>> values.tolist(), truth.name
    (['H', 'T', 'H', 'T'], 'coin P(H) = 0.7')
    """
    if kind == "coin":
        values = np.where(draw_bernoulli(p, n, seed) == 1.0, "H", "T")
        truth = TrueDistribution(f"coin P(H) = {p:g}", np.array(["H", "T"]), np.array([p, 1 - p]))
    elif kind == "die":
        probabilities = preset_distribution(die, DIE_FACES)
        faces = np.array([str(face) for face in range(1, DIE_FACES + 1)])
        values = faces[draw_categorical(probabilities, n, seed).astype(np.int64) - 1]
        truth = TrueDistribution(f"{PRESETS[die].lower()} die", faces, probabilities)
    elif kind in ("gaussian", "bimodal"):
        if kind == "gaussian":
            mixture = GaussianMixture([1.0], [mu], [sigma])
            name = f"Gaussian μ={mu:g} σ={sigma:g}"
        else:
            mixture = bimodal_mixture(separation, weight)
            name = f"bimodal ±{separation / 2:g}, weight {weight:g}"
        values = draw_mixture(mixture, n, seed)
        truth = TrueDistribution(name, mixture=mixture)
    else:
        raise ValueError(f"unknown generator {kind!r}")
    values.flags.writeable = False
    return values, truth


# Labelled points for the classifier lesson --------------------------------------------------------


@dataclass(frozen=True)
class ClassifierData:
    """A labelled 2-D data set split into a training and a held-out part.

    Attributes
    ----------
    points, labels : ndarray (n, 2), (n,)
        The training examples and their classes (0-based).
    held_out_points, held_out_labels : ndarray (m, 2), (m,)
        Examples drawn from the same clusters, never trained on.
    classes : int
        The number of classes.
    """

    points: np.ndarray
    labels: np.ndarray
    held_out_points: np.ndarray
    held_out_labels: np.ndarray
    classes: int


def draw_clusters(
    n: int, *, classes: int = 3, spread: str = "separable", seed: int = 0
) -> ClassifierData:
    r"""``n`` training and ``n`` held-out points in Gaussian clusters, one per class.

    The cluster centres lie evenly on a circle of radius 2; each cluster is a round normal of
    standard deviation ``CLUSTER_SPREADS[spread]``. Labels are balanced (class ``i mod K``) and
    shuffled. The same ``seed`` gives the same data.

    Examples
    --------
    >>> data = draw_clusters(6, classes=2, seed=1)
    >>> data.points.shape, sorted(data.labels.tolist())
    ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    n = _check_n(n)
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)):
        raise ValueError(f"`classes` must be a whole number from {MIN_CLASSES} to {MAX_CLASSES}")
    if not MIN_CLASSES <= classes <= MAX_CLASSES:
        raise ValueError(f"`classes` must be from {MIN_CLASSES} to {MAX_CLASSES}, not {classes}")
    k = int(classes)
    if spread not in CLUSTER_SPREADS:
        raise ValueError(f"`spread` must be one of {', '.join(CLUSTER_SPREADS)}, not {spread!r}")
    rng = np.random.default_rng(seed)
    angles = np.pi / 2 + 2 * np.pi * np.arange(k) / k
    centres = CLUSTER_RADIUS * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = rng.permutation(np.arange(2 * n) % k)
    points = centres[labels] + CLUSTER_SPREADS[spread] * rng.standard_normal((2 * n, 2))
    return ClassifierData(
        points=points[:n],
        labels=labels[:n],
        held_out_points=points[n:],
        held_out_labels=labels[n:],
        classes=k,
    )
