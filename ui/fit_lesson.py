"""The controls and the plumbing of the two fitting lessons (/mle and /forward_reverse).

Widgets are URL-bound (``bind="query-params"``) so that a lecturer can prepare one link per slide;
a link value the page cannot use is answered with a note (``ui.widgets.link_note``) and the
default. The functions here read widgets and call ``core``; the pages stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import empirical_distribution, fit_gaussian
from core.animation import (
    FitAnimation,
    ForwardReverseAnimation,
    bernoulli_animation,
    categorical_animation,
    forward_reverse_animation,
    gaussian_animation,
)
from core.categorical import MAX_OUTCOMES, PRESETS, preset_distribution
from core.continuous import GaussianMixture
from core.fitting import FitPath, fit_path_bernoulli, fit_path_categorical, fit_path_gaussian
from core.forward_reverse import GaussianKLPath, fit_forward_kl, fit_reverse_kl
from core.sampling import (
    BIMODAL_WIDTH,
    DIE_FACES,
    bimodal_mixture,
    draw_bernoulli,
    draw_categorical,
    draw_mixture,
)
from ui.figures.animated import CURVE_POINTS, DENSITY_POINTS
from ui.frame import show_chart
from ui.shared_sample import SharedSample
from ui.widgets import link_note, url_int_slider, url_slider

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
#: The die presets by the name a person reads (the URL value) and core's key.
DIE_PRESETS = {label: key for key, label in PRESETS.items()}

#: Gradient step sizes that make a good lecture animation over 60 steps: visible motion for most
#: of the frames, landing on the MLE at the end (Newton takes full steps and lands in a few).
DEFAULT_STEP = {"Coin": 0.7, "Die": 1.0, "Gaussian": 0.3, "Bimodal": 0.3}
STEP_KEYS = {
    "Coin": "step_coin",
    "Die": "step_die",
    "Gaussian": "step_gauss",
    "Bimodal": "step_gauss",
}

NO_SAMPLE = (
    "No sample chosen on /samples yet — generate one here or go to Your samples "
    "(the navigation on the left) and choose one."
)


FAMILY_HELP = "\n\n".join(f"**{name}**: {what}" for name, what in FAMILIES.items())


def url_choice(label: str, options, *, key: str, default: str, horizontal=True, **kwargs) -> str:
    """A radio bound to the URL parameter ``key``; an unknown link value gets a note."""
    options = list(options)
    raw = st.query_params.get(key)
    if raw is not None and raw not in options:
        link_note(
            f"The link's `{key}={raw[:40]}` is not one of {', '.join(options)}; using {default}."
        )
    return st.radio(
        label,
        options,
        index=options.index(default),
        key=key,
        bind="query-params",
        horizontal=horizontal,
        **kwargs,
    )


def url_seed(key: str = "seed", default: int = 1) -> int:
    """A random seed in the URL (0 to 999 999), so a link redraws the very same sample."""
    raw = st.query_params.get(key)
    if raw is not None and not (raw.isdigit() and int(raw) <= 999_999):
        link_note(f"The link's `{key}={raw[:40]}` is not a seed from 0 to 999999; using {default}.")
    return int(
        st.number_input(
            "Random seed",
            min_value=0,
            max_value=999_999,
            value=default,
            step=1,
            key=key,
            bind="query-params",
            help="The same seed draws the same sample: a link reproduces the lesson exactly.",
        )
    )


def narrow_screen() -> bool:
    """Whether the browser says it is a phone (its user agent names a mobile device)."""
    agent = (st.context.headers or {}).get("User-Agent", "") or ""
    return "Mobi" in agent or "Android" in agent


def _number(value: float, digits: int = 2) -> str:
    """A parameter for people: never ``-0.00``."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# The MLE lesson ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MLEData:
    """The sample of the lesson and what is known about where it came from."""

    values: np.ndarray
    description: str
    true_p: GaussianMixture | None = None
    labels: tuple[str, str] = ("0", "1")


@dataclass(frozen=True)
class MLEFit:
    """A fit ready to draw: the path, its animation, and the sample it was fitted to."""

    family: str
    method: str
    step_size: float | None
    data: MLEData
    path: FitPath
    animation: FitAnimation

    @property
    def misspecified(self) -> bool:
        return self.data.true_p is not None and self.family == "Bimodal"


def mle_data(family: str, source: str, sample: SharedSample | None) -> MLEData:
    """Draw the data controls for ``family`` and return the sample (raises ValueError with a
    message for people when a chosen sample cannot be fitted by the family)."""
    if source == "Your sample" and sample is not None:
        return _shared_data(family, sample)
    n = url_int_slider("Sample size n", key="n", min_value=10, max_value=5000, value=300)
    seed = url_seed()
    if family == "Coin":
        p = url_slider(
            "True coin p = P(1)", key="p", min_value=0.01, max_value=0.99, value=0.7, step=0.01
        )
        values = draw_bernoulli(p, n, seed)
        return MLEData(values, f"{n} tosses of a coin with p = {p:.2f} (seed {seed})")
    if family == "Die":
        name = url_choice("True die", list(DIE_PRESETS), key="die", default="Loaded die")
        p = preset_distribution(DIE_PRESETS[name], DIE_FACES)
        values = draw_categorical(p, n, seed)
        return MLEData(values, f"{n} rolls of a {name.lower()} (seed {seed})")
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
        truth = GaussianMixture([1.0], [mu], [sigma])
        values = draw_mixture(truth, n, seed)
        return MLEData(values, f"{n} draws from N({mu:g}, {sigma:g}²) (seed {seed})")
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
    truth = bimodal_mixture(separation, weight)
    values = draw_mixture(truth, n, seed)
    description = (
        f"{n} draws from {weight:g}·N({-separation / 2:g}, {BIMODAL_WIDTH}²) + "
        f"{1 - weight:g}·N({separation / 2:g}, {BIMODAL_WIDTH}²) (seed {seed})"
    )
    return MLEData(values, description, true_p=truth)


def _shared_data(family: str, sample: SharedSample) -> MLEData:
    described = f"your sample “{sample.name}” (n = {sample.n})"
    if family in ("Gaussian", "Bimodal"):
        if not sample.numeric:
            raise ValueError(
                "A Gaussian model needs numbers, and your sample holds text labels. "
                "Choose the coin or the die."
            )
        if np.ptp(sample.values) == 0:
            raise ValueError("All values of your sample are equal: a Gaussian would have σ = 0.")
        return MLEData(sample.values, described)
    distribution = empirical_distribution(sample.values)
    k = distribution.outcomes.shape[0]
    if family == "Coin":
        if k != 2:
            raise ValueError(
                f"A coin has two sides, but your sample has {k:,} different values. "
                "Choose the die (up to 20 values) or a Gaussian model, or another sample."
            )
        labels = tuple(str(o) if not sample.numeric else f"{o:g}" for o in distribution.outcomes)
        values = (sample.values == distribution.outcomes[1]).astype(float)
        return MLEData(values, described + f", counting “{labels[1]}” as 1", labels=labels)
    if family == "Die":
        if k > MAX_OUTCOMES:
            raise ValueError(
                f"Your sample has {k:,} different values; the categorical lesson takes at most "
                f"{MAX_OUTCOMES}. For measurements choose a Gaussian model."
            )
        if k < 2:
            raise ValueError("Your sample has only one value: there is nothing to fit.")
    return MLEData(sample.values, described)


#: The family that fits a sample generated on /samples (by its ``family_hint``).
HINTED_FAMILY = {
    "bernoulli": "Coin",
    "categorical": "Die",
    "gaussian": "Gaussian",
    "bimodal": "Bimodal",
}


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


def mle_fit(
    family: str,
    data: MLEData,
    start,
    method: str,
    step_size: float | None,
    steps: int,
    base: float | None,
) -> MLEFit:
    """Fit ``family`` to the data along ``steps`` steps and lay out the animation."""
    x = data.values
    n = x.shape[0]
    if family == "Coin":
        path = fit_path_bernoulli(
            x, start, method=method, step_size=step_size, steps=steps, base=base
        )
        animation = bernoulli_animation(
            path, n, labels=data.labels, base=base, curve_points=CURVE_POINTS
        )
    elif family == "Die":
        distribution = empirical_distribution(x)
        q0 = preset_distribution(DIE_PRESETS[start], distribution.outcomes.shape[0])
        path = fit_path_categorical(
            distribution, q0, method=method, step_size=step_size, steps=steps, base=base
        )
        animation = categorical_animation(path, n, base=base, curve_points=CURVE_POINTS)
    else:
        fit = fit_gaussian(x)
        z0, r0 = start
        truth = data.true_p if family == "Bimodal" else None
        path = fit_path_gaussian(
            x,
            fit.mu + z0 * fit.sigma,
            r0 * fit.sigma,
            method=method,
            step_size=step_size,
            steps=steps,
            base=base,
            true_p=truth,
        )
        animation = gaussian_animation(
            path,
            x,
            base=base,
            true_p=truth,
            curve_points=CURVE_POINTS,
            density_points=DENSITY_POINTS,
        )
    return MLEFit(family, method, step_size, data, path, animation)


def parameter_names(path: FitPath) -> list[str]:
    """Names of the path's parameters as people read them (μ, σ; q(1) … for a die)."""
    if path.parameter_names == ("mu", "sigma"):
        return ["μ", "σ"]
    if path.parameter_names == ("q",):
        return ["q"]
    return [f"q({name})" for name in path.parameter_names]


# Forward against reverse KL -------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardReverse:
    """Both fits of one Gaussian to the mixture P, and the MLE of a large sample from P."""

    p: GaussianMixture
    forward: GaussianKLPath
    reverse: GaussianKLPath
    animation: ForwardReverseAnimation
    large_sample_fit: tuple[float, float]
    large_n: int


#: The sample whose MLE stands next to the moment-matched fit.
LARGE_N = 100_000


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


def forward_reverse_fit(
    p: GaussianMixture,
    mu0: float,
    sigma0: float,
    *,
    step_size: float,
    steps: int,
    seed: int,
    base: float | None,
) -> ForwardReverse:
    """Both descents from (μ₀, σ₀), and the Gaussian MLE of ``LARGE_N`` draws from P."""
    forward = fit_forward_kl(p, mu0, sigma0, step_size=step_size, steps=steps, base=base)
    reverse = fit_reverse_kl(p, mu0, sigma0, step_size=step_size, steps=steps, base=base)
    mle = fit_gaussian(draw_mixture(p, LARGE_N, seed))
    return ForwardReverse(
        p=p,
        forward=forward,
        reverse=reverse,
        animation=forward_reverse_animation(p, forward, reverse, density_points=DENSITY_POINTS),
        large_sample_fit=(mle.mu, mle.sigma),
        large_n=LARGE_N,
    )


# What the MLE page reports next to its figure ---------------------------------------------------


@dataclass(frozen=True)
class FitReport:
    """The words and numbers shown with an MLE animation."""

    title: str
    subtitle: str
    rows: list[tuple[str, str, str, str]]
    converged: bool
    method_note: str
    final_kl: str
    explanation: str | None


#: How close the last step must be to the closed form to count as landed (largest parameter
#: difference; for a Gaussian in units of σ̂).
LANDED = 5e-4


def fit_report(fit: MLEFit, frame) -> FitReport:
    """Title, the last step against the closed-form MLE, and what to say about the path."""
    path, a = fit.path, fit.animation
    names = parameter_names(path)
    last, mle = path.parameters[-1], path.mle
    scale = mle[1] if fit.family in ("Gaussian", "Bimodal") else 1.0
    errors = abs(path.parameters - mle).max(axis=1) / scale
    converged = bool(errors[-1] < LANDED)
    method = "Gradient ascent" if fit.method == "gradient" else "Newton's method"
    n = fit.data.values.shape[0]
    if fit.family == "Coin":
        k = round(float(mle[0]) * n)
        rows = [("q", f"{last[0]:.3f}", f"{mle[0]:.3f} = {k}/{n}", "probability")]
        numbers = f"q = {last[0]:.3f} · MLE q̂ = {k}/{n} = {mle[0]:.3f}"
    elif fit.family == "Die":
        rows = [
            (name, f"{value:.3f}", f"{best:.3f}", "probability")
            for name, value, best in zip(names, last, mle, strict=True)
        ]
        numbers = f"KL = {frame.format(float(path.kl_divergence[-1]))} · MLE q̂ = P̂"
    else:
        rows = [
            ("μ", _number(last[0], 3), f"{_number(mle[0], 3)} = x̄", "data units"),
            ("σ", f"{last[1]:.3f}", f"{mle[1]:.3f} = s (divided by n)", "data units"),
        ]
        numbers = (
            f"μ = {_number(last[0], 3)}, σ = {last[1]:.3f} · "
            f"MLE μ̂ = {_number(mle[0], 3)}, σ̂ = {mle[1]:.3f}"
        )
    final_kl = frame.format(float(a.kl_divergence[-1]))
    if fit.misspecified:
        numbers += f" · KL(P‖Q) stays {final_kl}"
    title = f"{method}, {path.steps} steps"
    landed_at = int(np.argmax(errors < LANDED)) if converged else None
    if fit.method == "newton":
        note = (
            "Newton's method uses the curvature as well as the slope: it lands in "
            f"{landed_at} steps and the remaining frames stand still."
            if converged
            else "Newton's method has not landed yet: take more steps."
        )
    elif converged:
        note = (
            "Gradient ascent takes fixed steps along the slope; near the top the slope flattens, "
            f"so the steps shrink. It lands on the closed form at step {landed_at}."
        )
    else:
        rises = np.flatnonzero(np.diff(path.cross_entropy) > 1e-12)
        note = f"After {path.steps} steps the path has not reached the closed-form MLE yet: " + (
            f"the steps overshoot (the cross-entropy rose at step {rises[0] + 1}), so take "
            "a smaller step size."
            if rises.size
            else "take more steps or a larger step size."
        )
    explanation = None
    if fit.misspecified:
        explanation = (
            f"**Why KL stops at {final_kl}:** no Gaussian can be bimodal. Maximum likelihood "
            "finds the best Gaussian, the moment-matched one with the sample's mean and "
            "standard deviation, and even that one misses the two modes: KL(P‖Q\\*) > 0 is the "
            "price of the Gaussian family, a floor no step can remove. The log-likelihood still "
            "climbs to its maximum; the maximum is just not the truth."
        )
    elif fit.family in ("Gaussian", "Bimodal"):
        explanation = (
            "A sample of numbers has no density, so H(P̂) is not a number here. N̂ is the "
            "Gaussian with the sample's mean and standard deviation: for every Gaussian Q the "
            "average negative log-likelihood is H(N̂,Q) = H(N̂) + KL(N̂‖Q), and its floor H(N̂) "
            "is reached at the MLE, Q = N̂."
        )
        if fit.family == "Bimodal":
            explanation += (
                " (Generate bimodal data here to see the misspecification floor: with your own "
                "sample the true P is unknown.)"
            )
    return FitReport(title, numbers, rows, converged, note, final_kl, explanation)


def show_fit_report(report: FitReport, frame) -> None:
    """The last step of the path next to the closed-form MLE, and the notes."""
    table = ["| parameter | last step θ_T | closed-form MLE θ̂ | unit |", "|---|---|---|---|"]
    table += [f"| {name} | {last} | {best} | {unit} |" for name, last, best, unit in report.rows]
    left, right = st.columns([3, 2])
    left.markdown("\n".join(table))
    right.metric(
        "KL at the last step",
        report.final_kl,
        help="KL between the data and the model the path ends at.",
    )
    if report.explanation:
        (st.info if "Why KL stops" in report.explanation else st.caption)(report.explanation)


def chart_height(frame, layout: str) -> int:
    """Height of the MLE figure for the layout (presentation mode: what fits 1280×720)."""
    if frame.present:
        return 460
    return {"grid": 640, "row": 460, "stacked": 1100}[layout]


#: Below this width (Streamlit's own breakpoint for stacking columns) the panels stack.
NARROW_PX = 640

# One figure for wide screens and one for narrow ones; the browser shows the one that fits its
# width. Streamlit draws a chart only once it is visible, so the hidden one costs its bytes but
# no drawing. Constant CSS, scoped to this page's two containers.
_RESPONSIVE_CSS = f"""
<style>
@media (max-width: {NARROW_PX}px) {{ .st-key-fit_wide {{ display: none; }} }}
@media (min-width: {NARROW_PX + 1}px) {{ .st-key-fit_narrow {{ display: none; }} }}
</style>
"""


def show_animation(frame, build, *, filename: str) -> None:
    """Show an animated figure in the panel arrangement that fits the screen.

    ``build(layout)`` returns the figure for ``"row"`` (presentation mode: four panels across a
    1280×720 projector), ``"grid"`` (screens) or ``"stacked"`` (one column, phones). A browser
    that says it is a phone gets the stacked figure alone; any other gets both, and CSS shows
    the grid on wide windows and the stacked one below ``NARROW_PX``. The main chart has the
    key ``main`` (``ui.frame.MAIN_CHART``).
    """
    if frame.present:
        show_chart(build("row"), key="main", filename=filename)
    elif narrow_screen():
        show_chart(build("stacked"), key="main", filename=filename)
    else:
        st.html(_RESPONSIVE_CSS)
        with st.container(key="fit_wide"):
            show_chart(build("grid"), key="main", filename=filename)
        with st.container(key="fit_narrow"):
            show_chart(build("stacked"), key="main_narrow", filename=filename)


# What the forward/reverse page reports ----------------------------------------------------------


@dataclass(frozen=True)
class ForwardReverseReport:
    """Title and the numbers of both fits."""

    title: str
    subtitle: str
    forward: tuple[float, float]
    reverse: tuple[float, float]
    moment_matched: tuple[float, float]


def forward_reverse_report(fits: ForwardReverse, frame) -> ForwardReverseReport:
    """The fits' end points and their divergences, in the page's unit."""
    forward = tuple(float(v) for v in fits.forward.parameters[-1])
    reverse = tuple(float(v) for v in fits.reverse.parameters[-1])
    kl_forward = frame.format(float(fits.forward.forward_kl_divergence[-1]))
    kl_reverse = frame.format(float(fits.reverse.reverse_kl_divergence[-1]))
    subtitle = (
        f"forward N({_number(forward[0])}, {_number(forward[1])}²): KL(P‖Q) = {kl_forward} · "
        f"reverse N({_number(reverse[0])}, {_number(reverse[1])}²): KL(Q‖P) = {kl_reverse}"
    )
    return ForwardReverseReport(
        title=f"Forward vs reverse KL, {fits.forward.steps} steps",
        subtitle=subtitle,
        forward=forward,
        reverse=reverse,
        moment_matched=(fits.p.mean, fits.p.standard_deviation),
    )


def show_forward_reverse_report(report: ForwardReverseReport, fits: ForwardReverse, frame) -> None:
    """Both fits, each measured both ways, and the forward fit against a large sample's MLE."""
    f, r = fits.forward, fits.reverse
    rows = [
        "| fit | μ | σ | KL(P‖Q) | KL(Q‖P) |",
        "|---|---|---|---|---|",
        f"| forward: min KL(P‖Q) (mode-covering) | {_number(report.forward[0], 3)} | "
        f"{report.forward[1]:.3f} | **{frame.format(float(f.forward_kl_divergence[-1]))}** | "
        f"{frame.format(float(f.reverse_kl_divergence[-1]))} |",
        f"| reverse: min KL(Q‖P) (mode-seeking) | {_number(report.reverse[0], 3)} | "
        f"{report.reverse[1]:.3f} | {frame.format(float(r.forward_kl_divergence[-1]))} | "
        f"**{frame.format(float(r.reverse_kl_divergence[-1]))}** |",
    ]
    st.markdown("\n".join(rows))
    st.caption("μ and σ in the units of x. Each fit is poor by the other's measure.")
    mu_star, sigma_star = report.moment_matched
    mu_hat, sigma_hat = fits.large_sample_fit
    st.subheader("The forward fit is maximum likelihood")
    moment, sample = st.columns(2)
    moment.metric(
        "Moment matching: μ* = E_P[X], σ* = sd_P[X]", f"{_number(mu_star, 3)}, {sigma_star:.3f}"
    )
    sample.metric(
        f"MLE of {fits.large_n:,} draws from P: μ̂, σ̂",
        f"{_number(mu_hat, 3)}, {sigma_hat:.3f}",
        help="The Gaussian maximum-likelihood fit (sample mean, standard deviation divided by n) "
        "of a fresh sample from P; the seed is in the settings.",
    )
    st.markdown(
        "Maximising the likelihood of a sample minimises the average −log q(xᵢ), which is an "
        "estimate of H(P,Q) = H(P) + KL(P‖Q). H(P) does not depend on Q, so as the sample grows "
        "the MLE approaches the minimiser of KL(P‖Q): the forward fit, which for a Gaussian Q "
        "matches P's mean and variance. The two agree to about "
        f"1/√n ≈ {1 / fits.large_n**0.5:.3f} of σ. The reverse fit has no sample version: it "
        "needs P's density, which is why variational inference, not likelihood, uses it."
    )


def forward_reverse_height(frame, layout: str) -> int:
    """Height of the forward/reverse figure (presentation mode: what fits 1280×720)."""
    if frame.present:
        return 460
    return 860 if layout == "stacked" else 520
