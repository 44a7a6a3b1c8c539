"""What the two fitting lessons say next to their figures, as words and numbers; no Streamlit
(``ui.fit_display`` shows them). ``frame`` is the page's ``ui.frame.Frame``: it formats a value
with the page's unit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ui.fit_lesson import GAUSSIAN_FAMILIES, ForwardReverse, MLEFit, parameter_names

#: How close the last step must be to the closed form to count as landed (largest parameter
#: difference; for a Gaussian in units of σ̂).
LANDED = 5e-4


def plain_number(value: float, digits: int = 2) -> str:
    """A parameter for people: never ``-0.00``."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# The MLE lesson ---------------------------------------------------------------------------------

#: The divergence the "KL at the last step" metric shows, by what the animation's identity is
#: about (``FitAnimation.identity_of``), as a Markdown label with LaTeX, and what it measures.
KL_LABELS = {
    "sample": r"$\mathrm{KL}(\hat P\|Q_T)$ at the last step",
    "best_gaussian": r"$\mathrm{KL}(\hat N\|Q_T)$ at the last step",
    "truth": r"$\mathrm{KL}(P\|Q_T)$ at the last step",
}
KL_HELP = {
    "sample": "KL(P̂‖Q) from the sample's own distribution P̂ (its frequencies) to the model Q "
    "the path ends at. It is 0 at the MLE, Q = P̂.",
    "best_gaussian": "KL(N̂‖Q) from N̂, the Gaussian with the sample's mean and standard "
    "deviation, to the model Q the path ends at. It is 0 at the MLE, Q = N̂. (KL(P̂‖Q) itself "
    "is infinite for every density Q: P̂ has no density.)",
    "truth": "KL(P‖Q) from the true bimodal P the data were drawn from to the model Q the path "
    "ends at. No Gaussian is bimodal, so it stays above 0 even at the MLE.",
}


@dataclass(frozen=True)
class FitReport:
    """The words and numbers shown with an MLE animation.

    ``highlight_explanation`` is True when the explanation is the lesson's point (why KL stops
    above 0 on misspecified data), shown as a note; otherwise it is a side remark.
    """

    title: str
    subtitle: str
    rows: list[tuple[str, str, str, str]]
    converged: bool
    method_note: str
    final_kl: str
    explanation: str | None
    highlight_explanation: bool = False
    kl_label: str = "KL at the last step"
    kl_help: str | None = None


def fit_report(fit: MLEFit, frame) -> FitReport:
    """Title, the last step against the closed-form MLE, and what to say about the path."""
    path = fit.path
    scale = path.mle[1] if fit.family in GAUSSIAN_FAMILIES else 1.0
    errors = abs(path.parameters - path.mle).max(axis=1) / scale
    converged = bool(errors[-1] < LANDED)
    method = "Gradient ascent" if fit.method == "gradient" else "Newton's method"
    rows, numbers = _rows_and_numbers(fit, frame)
    final_kl = frame.format(float(fit.animation.kl_divergence[-1]))
    if fit.misspecified:
        numbers += f" · KL(P‖Q) stays {final_kl}"
    landed_at = int(np.argmax(errors < LANDED)) if converged else None
    return FitReport(
        title=f"{method}, {path.steps} steps",
        subtitle=numbers,
        rows=rows,
        converged=converged,
        method_note=_method_note(fit, landed_at),
        final_kl=final_kl,
        explanation=_explanation(fit, final_kl),
        highlight_explanation=fit.misspecified,
        kl_label=KL_LABELS[fit.animation.identity_of],
        kl_help=KL_HELP[fit.animation.identity_of],
    )


def _rows_and_numbers(fit: MLEFit, frame) -> tuple[list[tuple[str, str, str, str]], str]:
    """The table rows (parameter, last step, closed-form MLE, unit) and the one-line summary."""
    path = fit.path
    last, mle = path.parameters[-1], path.mle
    if fit.family == "Coin":
        n = fit.data.values.shape[0]
        k = round(float(mle[0]) * n)
        rows = [("q", f"{last[0]:.3f}", f"{mle[0]:.3f} = {k}/{n}", "probability")]
        return rows, f"q = {last[0]:.3f} · MLE q̂ = {k}/{n} = {mle[0]:.3f}"
    if fit.family == "Die":
        rows = [
            (name, f"{value:.3f}", f"{best:.3f}", "probability")
            for name, value, best in zip(parameter_names(path), last, mle, strict=True)
        ]
        return rows, f"KL = {frame.format(float(path.kl_divergence[-1]))} · MLE q̂ = P̂"
    rows = [
        ("μ", plain_number(last[0], 3), f"{plain_number(mle[0], 3)} = x̄", "data units"),
        ("σ", f"{last[1]:.3f}", f"{mle[1]:.3f} = s (divided by n)", "data units"),
    ]
    numbers = (
        f"μ = {plain_number(last[0], 3)}, σ = {last[1]:.3f} · "
        f"MLE μ̂ = {plain_number(mle[0], 3)}, σ̂ = {mle[1]:.3f}"
    )
    return rows, numbers


def _method_note(fit: MLEFit, landed_at: int | None) -> str:
    """How the method moved, and whether (and where) it landed on the closed form."""
    path = fit.path
    if fit.method == "newton":
        if landed_at is None:
            return "Newton's method has not landed yet: take more steps."
        return (
            "Newton's method uses the curvature as well as the slope: it lands in "
            f"{landed_at} steps and the remaining frames stand still."
        )
    if landed_at is not None:
        return (
            "Gradient ascent takes fixed steps along the slope; near the top the slope flattens, "
            f"so the steps shrink. It lands on the closed form at step {landed_at}."
        )
    rises = np.flatnonzero(np.diff(path.cross_entropy) > 1e-12)
    return f"After {path.steps} steps the path has not reached the closed-form MLE yet: " + (
        f"the steps overshoot (the cross-entropy rose at step {rises[0] + 1}), so take "
        "a smaller step size."
        if rises.size
        else "take more steps or a larger step size."
    )


def _explanation(fit: MLEFit, final_kl: str) -> str | None:
    """Why KL stops above 0 (misspecified data), or what h(N̂) means (a Gaussian model)."""
    if fit.misspecified:
        return (
            f"**Why KL stops at {final_kl}:** no Gaussian can be bimodal. Maximum likelihood "
            "finds the best Gaussian, the moment-matched one with the sample's mean and "
            "standard deviation, and even that one misses the two modes: KL(P‖Q\\*) > 0 is the "
            "price of the Gaussian family, a floor no step can remove. The log-likelihood still "
            "climbs to its maximum; the maximum is just not the truth."
        )
    if fit.family not in GAUSSIAN_FAMILIES:
        return None
    explanation = (
        "The empirical distribution P̂ of numbers has no density, so against a Gaussian Q "
        "KL(P̂‖Q) is infinite and H(P̂) (log n for n distinct values) is not the floor. N̂ is "
        "the Gaussian with the sample's mean and standard deviation: for every Gaussian Q the "
        "average negative log-likelihood is H(N̂,Q) = h(N̂) + KL(N̂‖Q), and its floor h(N̂), "
        "the differential entropy of N̂, is reached at the MLE, Q = N̂."
    )
    if fit.family == "Bimodal":
        explanation += (
            " (Generate bimodal data here to see the misspecification floor: with your own "
            "sample the true P is unknown.)"
        )
    return explanation


# Forward against reverse KL ---------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardReverseReport:
    """Title and the numbers of both fits."""

    title: str
    subtitle: str
    forward: tuple[float, float]
    reverse: tuple[float, float]
    moment_matched: tuple[float, float]
    minima_rows: tuple[tuple[str, str, str, str], ...] = ()
    minima_note: str = ""
    found_minimum: int | None = None


def forward_reverse_report(fits: ForwardReverse, frame) -> ForwardReverseReport:
    """The fits' end points and their divergences, in the page's unit."""
    forward = tuple(float(v) for v in fits.forward.parameters[-1])
    reverse = tuple(float(v) for v in fits.reverse.parameters[-1])
    kl_forward = frame.format(float(fits.forward.forward_kl_divergence[-1]))
    kl_reverse = frame.format(float(fits.reverse.reverse_kl_divergence[-1]))
    subtitle = (
        f"forward N({plain_number(forward[0])}, {plain_number(forward[1])}²): "
        f"KL(P‖Q) = {kl_forward} · "
        f"reverse N({plain_number(reverse[0])}, {plain_number(reverse[1])}²): "
        f"KL(Q‖P) = {kl_reverse}"
    )
    return ForwardReverseReport(
        title=f"Forward vs reverse KL, {fits.forward.steps} steps",
        subtitle=subtitle,
        forward=forward,
        reverse=reverse,
        moment_matched=(fits.p.mean, fits.p.standard_deviation),
        minima_rows=_minima_rows(fits, frame),
        minima_note=_minima_note(fits, frame),
        found_minimum=_found(fits),
    )


def _found(fits: ForwardReverse) -> int | None:
    """Which local minimum of the reverse KL the reverse fit ended in (None: none of them)."""
    mu, sigma = (float(v) for v in fits.reverse.parameters[-1])
    return fits.reverse_minima.which(mu, sigma)


def _minima_rows(fits: ForwardReverse, frame) -> tuple[tuple[str, str, str, str], ...]:
    """One row per local minimum of KL(Q‖P): which it is, μ, σ, KL, and whether found here."""
    minima, found = fits.reverse_minima, _found(fits)
    rows = []
    for index, ((mu, sigma), kl) in enumerate(
        zip(minima.parameters, minima.kl_divergence, strict=True)
    ):
        name = "global minimum" if index == 0 else f"local minimum {index + 1}"
        mark = " ← the reverse fit" if index == found else ""
        rows.append((name + mark, plain_number(mu, 3), f"{sigma:.3f}", frame.format(float(kl))))
    return tuple(rows)


def _minima_note(fits: ForwardReverse, frame) -> str:
    """Which local minimum the reverse fit found, and how to see the others."""
    minima, found = fits.reverse_minima, _found(fits)
    count = minima.kl_divergence.shape[0]
    (mu, sigma), best = minima.parameters[0], frame.format(float(minima.kl_divergence[0]))
    if found is None:
        return (
            "The reverse fit ended at none of the local minima: on the saddle between the modes "
            "(a wide Q centred between them), or still on its way: take more steps or move the "
            f"start. The global minimum is N({plain_number(mu)}, {plain_number(sigma)}²), "
            f"KL(Q‖P) = {best}."
        )
    if count == 1:
        return "Here the modes overlap: KL(Q‖P) has one local minimum, and the fit found it."
    if found == 0:
        return (
            f"Reverse KL has {count} local minima, one per mode; from this start the fit found "
            "the global one. Move the start μ₀ into the other mode to land in the other."
        )
    kl = frame.format(float(minima.kl_divergence[found]))
    return (
        f"Reverse KL has {count} local minima, one per mode, and a descent ends in the one its "
        f"start leads to: this one, KL(Q‖P) = {kl}, is not the global minimum, "
        f"N({plain_number(mu)}, {plain_number(sigma)}²) with KL(Q‖P) = {best}. Move the start "
        f"μ₀ near {plain_number(mu)} to find it."
    )
