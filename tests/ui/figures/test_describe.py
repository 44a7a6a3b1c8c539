"""The charts' words and tables carry the live numbers, checked against scipy for known states."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from core import (
    Model,
    classifier_loss,
    coin_decompose,
    compare_coders,
    decompose,
    draw_clusters,
    draw_outcomes,
    model_probabilities,
    sample_identity,
    summarise_sample,
    symbol_codes,
    train_classifier,
)
from core.animation import bernoulli_animation, forward_reverse_animation
from core.continuous import GaussianMixture
from core.derivation import coin_example, derivation_numbers
from core.fitting import fit_path_bernoulli
from core.forward_reverse import fit_forward_kl, fit_reverse_kl
from core.sampling import draw_bernoulli
from ui.figures import describe
from ui.figures import samples as fs
from ui.figures.animated import CURVE_POINTS, DENSITY_POINTS
from ui.figures.categorical import contributions, path_curves
from ui.figures.classifier import logit_curve
from ui.figures.coding import checkpoints
from ui.figures.coin import coin_curves, coin_curves_figure, identity_bar_figure


def coin_numbers(p: float, q: float) -> tuple[float, float, float]:
    """H(P), KL(P‖Q), H(P,Q) of two coins in bits, from scipy."""
    h = scipy_entropy([p, 1 - p], base=2)
    kl = scipy_entropy([p, 1 - p], [q, 1 - q], base=2)
    return h, kl, h + kl


def test_identity_description_reads_the_bar_with_the_numbers_of_the_issue():
    d = coin_decompose(0.3, 0.8, base=2)
    assert describe.identity_description(d) == (
        "Bar: H(P) 0.881 bits plus KL 0.841 bits equals H(P,Q) 1.722 bits"
    )
    h, kl, ce = coin_numbers(0.3, 0.8)
    assert (
        describe.identity_announcement(d)
        == f"H(P) {h:.3f} bits, KL {kl:.3f} bits, H(P,Q) {ce:.3f} bits"
    )


def test_identity_table_has_the_three_numbers_with_their_unit():
    d = decompose([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])
    h = scipy_entropy([0.5, 0.25, 0.25])
    kl = scipy_entropy([0.5, 0.25, 0.25], [0.25, 0.25, 0.5])
    table = describe.identity_table(d)
    assert table.as_json() == {
        "columns": ["Quantity", "Value"],
        "rows": [
            ["H(P) · entropy", f"{h:.3f} nats"],
            ["KL(P‖Q) · divergence", f"{kl:.3f} nats"],
            ["H(P,Q) · cross-entropy", f"{h + kl:.3f} nats"],
        ],
    }


def test_a_table_goes_to_the_browser_as_the_texts_themselves():
    # Not escaped here: the browser sets each as text (static/kl/chart_numbers.js; tests/e2e/
    # test_hostile_text.py shows a label with markup in a table as typed).
    table = describe.ChartTable(
        columns=("Quantity", "Value"), rows=(("H(P) <b>", "0.881 bits"), ("a & b", '"q"'))
    )
    assert table.as_json()["rows"] == [["H(P) <b>", "0.881 bits"], ["a & b", '"q"']]


def test_coin_curves_description_names_the_minimum_and_the_current_model():
    d = coin_decompose(0.3, 0.8, base=2)
    curves = coin_curves(0.3, base=2)
    assert describe.coin_curves_description(curves, 0.8, d) == (
        "Curves over q from 0 to 1; H(P,q) is least, 0.881 bits, at q = 0.30; "
        "at q = 0.80 it is 1.722 bits, KL 0.841 bits above H(P)"
    )


def test_coin_curves_table_reads_the_curves_at_round_q():
    p, q = 0.3, 0.8
    d = coin_decompose(p, q, base=2)
    table = describe.coin_curves_table(coin_curves(p, base=2), q, d)
    assert table.columns == ("q", "H(P,q)", "KL(P‖q)")
    assert [row[0] for row in table.rows][:9] == [f"{v:.2f}" for v in describe.COIN_TABLE_Q]
    for row, value in zip(table.rows, describe.COIN_TABLE_Q, strict=False):
        _, kl, ce = coin_numbers(p, value)
        assert row[1:] == (f"{ce:.3f} bits", f"{kl:.3f} bits")
    assert table.rows[-1] == ("0.80 (your model)", "1.722 bits", "0.841 bits")


def test_die_descriptions_list_every_outcome_and_the_total():
    p = np.array([0.1, 0.2, 0.3, 0.4])
    q = np.array([0.4, 0.3, 0.2, 0.1])
    kl = scipy_entropy(p, q, base=2)
    text = describe.distributions_description(p, q)
    assert text.startswith("Bars of P and Q for outcomes 1 to 4: 1: P 0.100, Q 0.400;")
    terms = contributions(p, q, base=2)
    words = describe.contributions_description(terms)
    first = 0.1 * np.log2(0.1 / 0.4)
    assert f"1: \u2212{abs(first):.3f} bits" in words
    assert words.endswith(f"they add up to KL {kl:.3f} bits")
    table = describe.contributions_table(terms)
    assert table.rows[-1] == ("sum = KL", f"{kl:.3f} bits")


def test_path_description_runs_from_q_to_p():
    p = np.array([0.125] * 5 + [0.375])
    q = np.full(6, 1 / 6)
    h = scipy_entropy(p, base=2)
    kl = scipy_entropy(p, q, base=2)
    curves = path_curves(p, q, base=2)
    assert describe.path_description(curves) == (
        f"Curves along the path from Q (t = 0) to P (t = 1): KL falls from {kl:.3f} bits to 0 "
        f"and H(P,Q_t) from {h + kl:.3f} bits to H(P), {h:.3f} bits"
    )
    table = describe.path_table(curves)
    assert table.rows[0] == ("0.00", f"{h + kl:.3f} bits", f"{kl:.3f} bits")
    assert table.rows[-1] == ("1.00", f"{h:.3f} bits", "0.000 bits")


@pytest.mark.parametrize("built", [False, True])
def test_title_description_is_the_titles_text(built):
    d = coin_decompose(0.3, 0.8, base=2)
    figure = coin_curves_figure(coin_curves(0.3, base=2), 0.8, d, y_max=3.0)
    if built:
        figure.layout  # noqa: B018 (builds the plotly objects of a PlainFigure)
    assert describe.title_description(figure) == (
        "At q = 0.80: H(P,q) = 1.722 bits; least, H(P) = 0.881 bits, at q = p = 0.30"
    )
    bar = identity_bar_figure(d, y_max=3.0)
    assert describe.title_description(bar) == "H(P) + KL = H(P,Q); 0.881 + 0.841 = 1.722 bits"


def test_fit_animation_description_runs_from_the_first_frame_to_the_last():
    x = draw_bernoulli(0.7, 200, seed=1)
    path = fit_path_bernoulli(x, 0.05, steps=60, base=2)
    a = bernoulli_animation(path, 200, base=2, curve_points=CURVE_POINTS)
    p_hat = float(np.mean(x))
    h = scipy_entropy([p_hat, 1 - p_hat], base=2)
    kl_start = scipy_entropy([p_hat, 1 - p_hat], [0.05, 0.95], base=2)
    text = describe.fit_animation_description(a)
    assert text.startswith("Animation of 61 frames: as the model moves from q = 0.050 to q = ")
    assert f"the cross-entropy goes from {h + kl_start:.3f} bits to " in text
    assert f"KL from {kl_start:.3f} bits to " in text
    assert text.endswith(f"the entropy stays {h:.3f} bits")


def test_forward_reverse_description_gives_both_ends_and_their_divergences():
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    forward = fit_forward_kl(p, 1.0, 0.5, steps=30, base=2)
    reverse = fit_reverse_kl(p, 1.0, 0.5, steps=30, base=2)
    a = forward_reverse_animation(p, forward, reverse, density_points=DENSITY_POINTS)
    mu, sigma = forward.parameters[-1]
    text = describe.forward_reverse_description(a)
    assert text.startswith("Animation of 31 frames of two Gaussians fitted to P: forward, ")
    assert f"minimising KL(P‖Q), ends at N({mu:.2f}, {sigma:.2f}²) with KL(P‖Q) " in text
    assert f"{forward.forward_kl_divergence[-1]:.3f} bits; reverse, minimising KL(Q‖P)" in text


def test_derivation_chart_words_follow_the_line_shown():
    example = coin_example(0.3, 0.8)
    numbers = derivation_numbers(example, base=2, n=10, seed=7)
    assert describe.derivation_description(numbers, 1) == (
        "Bar: H(P) 0.881 bits plus KL 0.841 bits equals H(P,Q) 1.722 bits"
    )
    models = describe.derivation_description(numbers, 5)
    assert models.startswith(
        "Bars for four models, each H(P) plus its KL: your Q: H(P,Q) 1.722 bits"
    )
    assert models.endswith("P itself: H(P,Q) 0.881 bits, KL 0.000 bits")
    sample = describe.derivation_table(numbers, 7)
    nll = -np.mean(np.log2(np.where(numbers.sample == 0, 0.8, 0.2)))
    assert sample.rows[1] == ("average −log Q(x) = H(P̂,Q)", f"{nll:.3f} bits")
    assert f"is {nll:.3f} bits = H(P̂,Q)" in describe.derivation_description(numbers, 7)


def test_coding_descriptions_carry_the_measured_and_computed_bits():
    p, q = np.array([0.3, 0.7]), np.array([0.8, 0.2])
    outcomes = draw_outcomes(p, 1000, seed=1, coin=True)
    comparison = compare_coders(outcomes, p, q, checkpoints=checkpoints(1000))
    counts = np.bincount(outcomes, minlength=2) / 1000
    h = scipy_entropy(counts, base=2)
    kl = scipy_entropy(counts, q, base=2)
    q_bits = comparison.with_q.bits / 1000
    text = describe.coding_description(comparison)
    assert text == (
        f"Measured bits per outcome for n = 1,000: Q's coder {q_bits:.3f} bits per outcome, "
        f"towards H(P̂,Q) {h + kl:.3f} bits; P's coder "
        f"{comparison.with_p.bits / 1000:.3f} bits per outcome, towards H(P̂) {h:.3f} bits"
    )
    assert f"plus KL {kl:.3f} bits" in describe.coding_identity_description(comparison)
    truth = decompose(p, q, base=2)
    lengths = symbol_codes(p, q).expected
    words = describe.code_lengths_description(lengths, truth)
    assert f"Huffman for Q {lengths.huffman_q:.3f} bits" in words
    assert words.endswith("H(P,Q) 1.722 bits, H(P) 0.881 bits")


def test_class_terms_description_gives_each_classs_share_of_the_loss():
    loss = classifier_loss([2.0, 1.0, 0.0], 0, base=2)
    q = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()
    minus_log_q = -np.log2(q[0])
    words = describe.class_terms_description(loss, ["y", "1", "2"])
    assert words == (
        f"Loss per class, −p·log q: y {minus_log_q:.3f} bits "
        f"(H(P) 0.000 bits plus KL {minus_log_q:.3f} bits)"
    )


def _coin_fit():
    x = draw_bernoulli(0.7, 200, seed=1)
    path = fit_path_bernoulli(x, 0.05, steps=60, base=2)
    return x, bernoulli_animation(path, 200, base=2, curve_points=CURVE_POINTS)


def test_the_fits_announcement_and_table_give_its_ends():
    x, a = _coin_fit()
    p_hat = float(np.mean(x))
    h = scipy_entropy([p_hat, 1 - p_hat], base=2)
    kl_start = scipy_entropy([p_hat, 1 - p_hat], [0.05, 0.95], base=2)
    said = describe.fit_announcement(a)
    assert said.startswith("The fit ends after 60 steps at q = ")
    assert f"cross-entropy {a.cross_entropy[-1]:.3f} bits" in said
    table = describe.fit_animation_table(a)
    assert table.columns == ("step t", "q", "cross-entropy", "KL")
    assert table.rows[0] == ("0", "0.050", f"{h + kl_start:.3f} bits", f"{kl_start:.3f} bits")
    assert table.rows[-1][0] == "60" and len(table.rows) == 6


def test_forward_reverse_table_and_announcement_follow_both_fits():
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    forward = fit_forward_kl(p, 1.0, 0.5, steps=30, base=2)
    reverse = fit_reverse_kl(p, 1.0, 0.5, steps=30, base=2)
    a = forward_reverse_animation(p, forward, reverse, density_points=DENSITY_POINTS)
    table = describe.forward_reverse_table(a)
    assert table.columns == ("step t", "forward Q", "KL(P‖Q)", "reverse Q", "KL(Q‖P)")
    assert table.rows[0][1] == table.rows[0][3] == "N(1.00, 0.50²)"
    mu, sigma = forward.parameters[-1]
    assert table.rows[-1][:3] == (
        "30",
        f"N({mu:.2f}, {sigma:.2f}²)",
        f"{forward.forward_kl_divergence[-1]:.3f} bits",
    )
    said = describe.forward_reverse_announcement(a)
    assert said.startswith("After 30 steps: forward, minimising KL(P‖Q), ends at N(")


def test_a_classifiers_classes_and_curve_are_told_with_core_s_numbers():
    loss = classifier_loss([2.0, 1.0, 0.0], 0, base=2)
    q = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()
    names = ["0 = y", "1", "2"]
    words = describe.distributions_description(loss.target, loss.probabilities, outcomes=names)
    assert words == (
        f"Bars of P and Q for 3 classes: 0 = y: P 1.000, Q {q[0]:.3f}; 1: P 0.000, "
        f"Q {q[1]:.3f}; 2: P 0.000, Q {q[2]:.3f}"
    )
    table = describe.distributions_table(loss.target, loss.probabilities, outcomes=names)
    assert table.rows[0] == ("0 = y", "1.000", f"{q[0]:.3f}")
    terms = describe.class_terms_table(loss, names)
    assert terms.rows[0] == ("0 = y", f"{-np.log2(q[0]):.3f} bits", "0.000 bits", terms.rows[0][3])
    curve = logit_curve([2.0, 1.0, 0.0], 0, temperature=1.0, smoothing=0.0, base=2)
    words = describe.logit_curve_description(curve)
    assert f"at z0 = 2.00 it is {-np.log2(q[0]):.3f} bits, KL {-np.log2(q[0]):.3f} bits" in words
    assert words.endswith("above the floor H(P) 0.000 bits")
    assert describe.logit_curve_table(curve).rows[-1][0] == "2.00 (now)"


def test_coding_tables_give_the_measured_and_computed_bits():
    p, q = np.array([0.3, 0.7]), np.array([0.8, 0.2])
    outcomes = draw_outcomes(p, 1000, seed=1, coin=True)
    comparison = compare_coders(outcomes, p, q, checkpoints=checkpoints(1000))
    counts = np.bincount(outcomes, minlength=2) / 1000
    h, kl = scipy_entropy(counts, base=2), scipy_entropy(counts, q, base=2)
    table = describe.coding_table(comparison)
    assert table.rows[-2] == (
        "1,000",
        f"{comparison.with_q.bits / 1000:.3f} bits",
        f"{comparison.with_p.bits / 1000:.3f} bits",
    )
    assert table.rows[-1] == ("computed", f"H(P̂,Q) {h + kl:.3f} bits", f"H(P̂) {h:.3f} bits")
    identity = dict(describe.coding_identity_table(comparison).rows)
    assert identity["computed H(P̂)"] == f"{h:.3f} bits"
    assert identity["computed KL(P̂‖Q)"] == f"{kl:.3f} bits"
    assert identity["measured, Q's coder"] == f"{comparison.with_q.bits / 1000:.3f} bits"
    lengths = symbol_codes(p, q).expected
    rows = dict(describe.code_lengths_table(lengths, decompose(p, q, base=2)).rows)
    assert rows["Huffman for Q"] == f"{lengths.huffman_q:.3f} bits"
    assert rows["H(P,Q)"] == "1.722 bits" and rows["H(P)"] == "0.881 bits"


def test_training_words_and_table_give_the_losses_from_core():
    data = draw_clusters(120, classes=3, spread="overlapping", seed=1)
    path = train_classifier(data, steps=20, smoothing=0.0, base=2)
    table = describe.training_table(path)
    assert table.rows[-1][:3] == (
        "20",
        f"{path.train.cross_entropy[20]:.3f} bits",
        f"{path.train.kl_divergence[20]:.3f} bits",
    )
    words = describe.training_description(path)
    assert f"from {path.train.cross_entropy[0]:.3f} bits to" in words
    assert describe.training_announcement(path).startswith("Training ends after 20 steps: loss ")


def test_a_samples_bars_and_identity_are_told_with_scipys_numbers():
    values = np.array(list("HHHHHHHTTT"))
    s = summarise_sample(values, base=2)
    model = Model("bernoulli", q=0.4)
    q = model_probabilities(s, model)
    bars = fs.empirical_bars(s, q)
    table = describe.empirical_bars_table(bars)
    assert table.columns == ("Outcome", "P̂", "Q")
    assert dict((row[0], row[1:]) for row in table.rows) == {
        "H": ("0.700", f"{q[list(s.support).index('H')]:.3f}"),
        "T": ("0.300", f"{q[list(s.support).index('T')]:.3f}"),
    }
    words = describe.empirical_bars_description(bars, s)
    assert words.startswith(
        f"Bars of P̂ for n = 10, H(P̂) {scipy_entropy([0.7, 0.3], base=2):.3f} bits"
    )
    identity = sample_identity(values, s, model, base=2)
    p_hat = s.p_hat
    h, kl = scipy_entropy(p_hat, base=2), scipy_entropy(p_hat, q, base=2)
    assert describe.sample_identity_announcement(identity) == (
        f"Average −log Q {h + kl:.3f} bits: H(P̂) {h:.3f} bits, KL {kl:.3f} bits, "
        f"H(P̂,Q) {h + kl:.3f} bits"
    )


def test_a_numeric_samples_histogram_and_growth_are_tabled():
    truth_values = np.random.default_rng(0).normal(size=500)
    s = summarise_sample(truth_values, base=2)
    view = fs.density_view(s, Model("gaussian", mu=0.0, sigma=1.0))
    table = describe.density_table(view)
    assert table.columns == ("bin", "count", "density", "model density")
    assert sum(int(row[1].replace(",", "")) for row in table.rows) == 500
    assert "Histogram of n = 500 values" in describe.density_description(view, s)
