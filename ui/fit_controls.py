"""The controls of the two fitting lessons (/mle and /forward_reverse).

Every control is URL-bound (``ui.url_state``) so that a lecturer can prepare one link per slide;
a link value the page cannot use is answered with a note and the default. The controls return
what the fits of ``ui.fit_lesson`` take.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.continuous import GaussianMixture
from ui.fit_lesson import DIE_PRESETS, MLEData, generated_data, shared_data
from ui.shared_sample import SharedSample
from ui.url_state import set_widget_value, url_choice, url_int_slider, url_seed, url_slider

# Choices, as the URL spells them ---------------------------------------------------------------

#: Model families: URL value -> (label, what the data and the model are).
FAMILIES = {
    "Coin": "Bernoulli: a coin's tosses, model q = Q(1)",
    "Die": "Categorical: a die's rolls, model q₁ … q₆",
    "Gaussian": "Gaussian data, Gaussian model: well specified",
    "Bimodal": "Bimodal data, Gaussian model: misspecified",
}
METHODS = {"Gradient": "gradient", "Newton": "newton"}
SOURCES = ("Generated", "Your sample")

#: Gradient step sizes that make a good lecture animation over 60 steps: visible motion for most
#: of the frames, landing on the MLE at the end (Newton takes full steps and lands in a few).
DEFAULT_STEP = {"Coin": 0.7, "Die": 1.0, "Gaussian": 0.3, "Bimodal": 0.3}
STEP_KEYS = {
    "Coin": "step_coin",
    "Die": "step_die",
    "Gaussian": "step_gauss",
    "Bimodal": "step_gauss",
}

#: The family that fits a sample generated on /samples (by its ``family_hint``).
HINTED_FAMILY = {
    "bernoulli": "Coin",
    "categorical": "Die",
    "gaussian": "Gaussian",
    "bimodal": "Bimodal",
}

NO_SAMPLE = (
    "No sample chosen on /samples yet — generate one here or go to Your samples "
    "(the navigation on the left) and choose one."
)

FAMILY_HELP = "\n\n".join(f"**{name}**: {what}" for name, what in FAMILIES.items())


def seed_control() -> int:
    """The random seed of the generated data (and of /forward_reverse's large sample)."""
    return url_seed(
        "Random seed",
        default=1,
        help="The same seed draws the same sample: a link reproduces the lesson exactly.",
    )


def default_source(sample: SharedSample | None) -> str:
    """Your sample when /samples has handed one over in this session, else generated data."""
    return "Your sample" if sample is not None else "Generated"


def default_family(sample: SharedSample | None) -> str:
    """The family that fits the shared sample: its generator's, else by what the values are
    (text with two labels: a coin; other text: a die; numbers: a Gaussian); a coin without one."""
    if sample is None:
        return "Coin"
    if sample.family_hint is not None:
        return HINTED_FAMILY[sample.family_hint]
    if sample.numeric:
        return "Gaussian"
    return "Coin" if np.unique(sample.values[:10_000]).shape[0] == 2 else "Die"


# The MLE lesson ---------------------------------------------------------------------------------


def mle_data(family: str, source: str, sample: SharedSample | None) -> MLEData:
    """Draw the data controls for ``family`` and return the sample (raises ValueError with a
    message for people when a chosen sample cannot be fitted by the family)."""
    if source == "Your sample" and sample is not None:
        return shared_data(family, sample)
    n = url_int_slider("Sample size n", key="n", min_value=10, max_value=5000, value=300)
    seed = seed_control()
    return generated_data(family, n=n, seed=seed, truth=_truth_controls(family))


def _truth_controls(family: str) -> dict[str, float | str]:
    """The controls of the true distribution of ``family``; see ``generated_data``."""
    if family == "Coin":
        p = url_slider(
            "True coin p = P(1)", key="p", min_value=0.01, max_value=0.99, value=0.7, step=0.01
        )
        return {"p": p}
    if family == "Die":
        return {"die": url_choice("True die", list(DIE_PRESETS), key="die", default="Loaded die")}
    if family == "Gaussian":
        mu = url_slider("True mean μ", key="mu", min_value=-3.0, max_value=3.0, value=1.0, step=0.1)
        sigma = url_slider(
            "True standard deviation σ",
            key="sigma",
            min_value=0.2,
            max_value=3.0,
            value=0.8,
            step=0.1,
        )
        return {"mu": mu, "sigma": sigma}
    separation = url_slider(
        "Distance between the two modes",
        key="sep",
        min_value=1.0,
        max_value=8.0,
        value=4.0,
        step=0.5,
    )
    weight = url_slider(
        "Weight of the left mode", key="w", min_value=0.1, max_value=0.9, value=0.5, step=0.05
    )
    return {"separation": separation, "weight": weight}


def step_size_control(family: str) -> float:
    """The gradient step size; each family keeps its own in the URL (its own good default)."""
    return url_slider(
        "Step size η",
        key=STEP_KEYS[family],
        min_value=0.01,
        max_value=3.0,
        value=DEFAULT_STEP[family],
        step=0.01,
        help="How far each gradient step goes. Too large and the path overshoots or diverges.",
    )


def mle_start(family: str) -> tuple[float | str | tuple[float, float], str]:
    """Draw the start control of ``family``; return the start and its description."""
    if family == "Coin":
        q0 = url_slider("Start q₀", key="q0", min_value=0.01, max_value=0.99, value=0.05, step=0.01)
        return q0, f"q₀ = {q0:.2f}"
    if family == "Die":
        name = url_choice("Start Q₀", list(DIE_PRESETS), key="start", default="Peaked")
        return name, f"Q₀ {name.lower()}"
    z0 = url_slider(
        "Start mean μ₀, in standard deviations from the sample mean",
        key="z0",
        min_value=-6.0,
        max_value=6.0,
        value=-3.0,
        step=0.5,
    )
    r0 = url_slider(
        "Start width σ₀, in the sample's standard deviations",
        key="r0",
        min_value=0.5,
        max_value=5.0,
        value=2.5,
        step=0.1,
    )
    return (z0, r0), f"μ₀ = x̄ {z0:+g}·s, σ₀ = {r0:g}·s"


# Forward against reverse KL ---------------------------------------------------------------------

#: The start of both fits: its mean and its width, as the sliders offer them.
START_MEAN = {"min_value": -6.0, "max_value": 6.0, "step": 0.1}
START_WIDTH = {"min_value": 0.2, "max_value": 4.0, "step": 0.05}


def start_controls() -> tuple[float, float]:
    """The sliders of the start (μ₀, σ₀) of both fits."""
    mu0 = url_slider("Start mean μ₀", key="mu0", value=1.0, **START_MEAN)
    sigma0 = url_slider("Start width σ₀", key="sigma0", value=0.5, **START_WIDTH)
    return mu0, sigma0


def _on_slider(value: float, scale: dict) -> float:
    """``value`` on the nearest step of a slider with ``scale``'s range and step."""
    low, high, step = scale["min_value"], scale["max_value"], scale["step"]
    return float(np.clip(round(round(value / step) * step, 10), low, high))


def start_at(mu: float, sigma: float) -> None:
    """Move the start sliders to (μ, σ), as near as their steps allow (a button's callback)."""
    set_widget_value("mu0", _on_slider(mu, START_MEAN))
    set_widget_value("sigma0", _on_slider(sigma, START_WIDTH))


def mixture_controls() -> GaussianMixture:
    """Sliders for P = w·N(m₁, s₁²) + (1 − w)·N(m₂, s₂²)."""
    left, right = st.columns(2)
    with left:
        m1 = url_slider(
            "Left mode m₁", key="m1", min_value=-5.0, max_value=5.0, value=-2.0, step=0.1
        )
        s1 = url_slider(
            "Left width s₁", key="s1", min_value=0.2, max_value=2.0, value=0.6, step=0.05
        )
    with right:
        m2 = url_slider(
            "Right mode m₂", key="m2", min_value=-5.0, max_value=5.0, value=2.0, step=0.1
        )
        s2 = url_slider(
            "Right width s₂", key="s2", min_value=0.2, max_value=2.0, value=0.6, step=0.05
        )
    w = url_slider(
        "Weight of the left mode w", key="w", min_value=0.05, max_value=0.95, value=0.5, step=0.05
    )
    return GaussianMixture([w, 1.0 - w], [m1, m2], [s1, s2])
