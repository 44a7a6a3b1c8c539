"""How the two fitting lessons show their animation and their reports: the panel arrangement that
fits the screen, and the tables and notes under the figure."""

from __future__ import annotations

import streamlit as st

from ui.figures.describe import ChartTable
from ui.fit_controls import start_at
from ui.fit_lesson import ForwardReverse
from ui.fit_reports import FitReport, ForwardReverseReport, plain_number
from ui.frame import MAIN_CHART, show_chart
from ui.styles import FIT_NARROW_KEY, FIT_WIDE_KEY, RESPONSIVE_FIT_CSS
from ui.user_text import as_text


def chart_height(layout: str) -> int:
    """Height of the MLE figure for the layout ("row": what fits a 1280×720 projector)."""
    return {"grid": 640, "row": 460, "stacked": 1100}[layout]


def forward_reverse_height(frame, layout: str) -> int:
    """Height of the forward/reverse figure (presentation mode: what fits 1280×720)."""
    if layout == "stacked":
        return 860
    return 460 if frame.present else 520


def show_animation(
    frame,
    build,
    *,
    filename: str,
    description: str | None = None,
    table: ChartTable | None = None,
) -> None:
    """Show an animated figure in the panel arrangement that fits the screen.

    ``build(layout)`` returns the figure for ``"row"`` (presentation mode: four panels across a
    1280×720 projector), ``"grid"`` (screens) or ``"stacked"`` (one column, phones). A browser
    that says it is a phone (``frame.phone``) gets the stacked figure alone, in presentation mode
    too; any other gets both, and CSS (``ui.styles.RESPONSIVE_FIT_CSS``) shows the wide one (row
    or grid) on wide windows and the stacked one below ``ui.styles.NARROW_PX``. The main chart
    has the key ``ui.frame.MAIN_CHART``; ``description`` is what a screen reader says for it and
    ``table`` its numbers (``ui.frame.show_chart``).
    """
    named = {"filename": filename, "description": description, "table": table}
    if frame.phone:
        show_chart(build("stacked"), key=MAIN_CHART, **named)
        return
    st.html(RESPONSIVE_FIT_CSS)
    with st.container(key=FIT_WIDE_KEY):
        show_chart(build("row" if frame.present else "grid"), key=MAIN_CHART, **named)
    with st.container(key=FIT_NARROW_KEY):
        show_chart(build("stacked"), key=f"{MAIN_CHART}_narrow", **named)


def show_fit_report(report: FitReport, frame) -> None:
    """The last step of the path next to the closed-form MLE, and the notes."""
    # Words, not θ_T: the table holds the data's labels, so no math markup may share its body.
    table = [
        "| parameter | at the last step, t = T | closed-form MLE θ̂ | unit |",
        "|---|---|---|---|",
    ]
    table += [
        f"| {as_text(name)} | {last} | {best} | {unit} |" for name, last, best, unit in report.rows
    ]
    left, right = st.columns([3, 2])
    left.markdown("\n".join(table))
    right.metric(report.kl_label, report.final_kl, help=report.kl_help)
    if report.explanation:
        (st.info if report.highlight_explanation else st.caption)(report.explanation)


def _start_buttons(fits: ForwardReverse, found: int | None) -> None:
    """A button per local minimum the reverse fit did not end in (``found``): start there."""
    with st.container(horizontal=True):
        for index, (mu_k, sigma_k) in enumerate(fits.reverse_minima.parameters):
            if index == found:
                continue
            name = "the global minimum" if index == 0 else f"local minimum {index + 1}"
            st.button(
                f"Start at {name}",
                key=f"start_at_minimum_{index + 1}",
                on_click=start_at,
                args=(float(mu_k), float(sigma_k)),
                icon=":material/my_location:",
                help=f"Move the start to μ₀ ≈ {plain_number(mu_k)}, σ₀ ≈ {plain_number(sigma_k)} "
                "(the nearest slider steps) and fit again.",
            )


def show_forward_reverse_report(report: ForwardReverseReport, fits: ForwardReverse, frame) -> None:
    """Both fits, each measured both ways, and the forward fit against a large sample's MLE."""
    f, r = fits.forward, fits.reverse
    rows = [
        "| fit | μ | σ | KL(P‖Q) | KL(Q‖P) |",
        "|---|---|---|---|---|",
        f"| forward: min KL(P‖Q) (mode-covering) | {plain_number(report.forward[0], 3)} | "
        f"{report.forward[1]:.3f} | **{frame.format(float(f.forward_kl_divergence[-1]))}** | "
        f"{frame.format(float(f.reverse_kl_divergence[-1]))} |",
        f"| reverse: min KL(Q‖P) (mode-seeking) | {plain_number(report.reverse[0], 3)} | "
        f"{report.reverse[1]:.3f} | {frame.format(float(r.forward_kl_divergence[-1]))} | "
        f"**{frame.format(float(r.reverse_kl_divergence[-1]))}** |",
    ]
    st.markdown("\n".join(rows))
    st.caption("μ and σ in the units of x. Each fit is poor by the other's measure.")
    st.header("Reverse KL has local minima")
    minima = ["| minimum of KL(Q‖P) | μ | σ | KL(Q‖P) |", "|---|---|---|---|"]
    minima += [f"| {name} | {mu} | {sigma} | {kl} |" for name, mu, sigma, kl in report.minima_rows]
    st.markdown("\n".join(minima))
    _start_buttons(fits, report.found_minimum)
    st.caption(
        "The reverse fit is a local search: each minimum is found by a descent started at "
        "one of P's components. " + report.minima_note
    )
    mu_star, sigma_star = report.moment_matched
    mu_hat, sigma_hat = fits.large_sample_fit
    st.header("The forward fit is maximum likelihood")
    moment, sample = st.columns(2)
    moment.metric(
        r"Moment matching: $\mu^* = \mathbb{E}_P[X]$, $\sigma^* = \mathrm{sd}_P[X]$",
        f"{plain_number(mu_star, 3)}, {sigma_star:.3f}",
    )
    sample.metric(
        f"MLE of {fits.large_n:,} draws from P: μ̂, σ̂",
        f"{plain_number(mu_hat, 3)}, {sigma_hat:.3f}",
        help="The Gaussian maximum-likelihood fit (sample mean, standard deviation divided by n) "
        "of a fresh sample from P; the seed is in the settings.",
    )
    st.markdown(
        "Maximising the likelihood of a sample minimises the average −log q(xᵢ), which is an "
        "estimate of H(P,Q) = h(P) + KL(P‖Q). h(P) does not depend on Q, so as the sample grows "
        "the MLE approaches the minimiser of KL(P‖Q): the forward fit, which for a Gaussian Q "
        "matches P's mean and variance. The two agree to about "
        f"1/√n ≈ {1 / fits.large_n**0.5:.3f} of σ. The reverse fit has no sample version: it "
        "needs P's density, which is why variational inference, not likelihood, uses it."
    )
