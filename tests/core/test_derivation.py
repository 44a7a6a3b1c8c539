"""The derivation's numbers against independent references (scipy, direct products)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from core.derivation import coin_example, derivation_numbers, die_example

# Reference: the coin p = 0.3 against q = 0.8, from scipy in bits.
P, Q = [0.3, 0.7], [0.8, 0.2]
H_P = scipy_entropy(P, base=2)  # 0.8813
KL_PQ = scipy_entropy(P, Q, base=2)  # 0.8406
H_PQ = H_P + KL_PQ  # 1.7219


def coin_numbers():
    """The coin p = 0.3 against q = 0.8 in bits, with 10 draws."""
    return derivation_numbers(coin_example(0.3, 0.8), base=2, n=10, seed=7)


def die_numbers():
    """A loaded die against the fair one in nats, with 30 draws."""
    p = [0.125] * 5 + [0.375]
    return derivation_numbers(die_example(p, [1 / 6] * 6), base=None, n=30, seed=3)


@pytest.fixture(scope="module")
def coin():
    return coin_numbers()


@pytest.fixture(scope="module")
def die():
    return die_numbers()


def test_coin_numbers_match_scipy(coin):
    assert coin.unit == "bits"
    assert coin.entropy == pytest.approx(H_P, abs=1e-12)
    assert coin.kl == pytest.approx(KL_PQ, abs=1e-12)
    assert coin.cross_entropy == pytest.approx(H_PQ, abs=1e-12)
    # The coin's own formulas give the same three numbers.
    assert coin.coin_entropy == pytest.approx(H_P, abs=1e-12)
    assert coin.coin_cross_entropy == pytest.approx(H_PQ, abs=1e-12)
    assert coin.coin_kl == pytest.approx(KL_PQ, abs=1e-12)


def test_each_line_of_the_chain_holds(coin, die):
    for nb in (coin, die):
        assert nb.kl_terms.sum() == pytest.approx(nb.kl, abs=1e-12)  # line 1
        assert nb.cross_entropy - nb.entropy == pytest.approx(nb.kl, abs=1e-12)  # line 2
        assert nb.cross_entropy_terms.sum() == pytest.approx(nb.cross_entropy, abs=1e-12)
        assert nb.entropy_terms.sum() == pytest.approx(nb.entropy, abs=1e-12)  # line 3
        # line 5: H(P,Q) - KL(P||Q) is H(P) for every model, and both are least at Q = P.
        floors = nb.model_cross_entropies - nb.model_kls
        assert floors == pytest.approx(np.full(4, nb.entropy), abs=1e-12)
        assert np.argmin(nb.model_kls) == np.argmin(nb.model_cross_entropies) == 3
        assert nb.models[3] == pytest.approx(nb.example.p)


def test_die_numbers_in_nats_match_scipy(die):
    p = die.example.p
    assert die.unit == "nats"
    assert die.entropy == pytest.approx(scipy_entropy(p), abs=1e-12)
    assert die.kl == pytest.approx(scipy_entropy(p, [1 / 6] * 6), abs=1e-12)
    assert math.isnan(die.coin_entropy)


def test_the_average_nll_of_the_sample_is_the_cross_entropy_of_its_empirical_distribution(
    coin, die
):
    for nb in (coin, die):
        q = nb.example.q
        direct = -np.mean(np.log(q[nb.sample])) / (1.0 if nb.base is None else math.log(nb.base))
        assert nb.average_nll == pytest.approx(direct, abs=1e-12)
        assert nb.sample_terms.mean() == pytest.approx(direct, abs=1e-12)
        assert nb.empirical_cross_entropy == pytest.approx(direct, abs=1e-12)
        assert nb.empirical_entropy + nb.empirical_kl == pytest.approx(direct, abs=1e-12)
        assert nb.counts.sum() == nb.n
        assert nb.empirical == pytest.approx(np.bincount(nb.sample, minlength=len(q)) / nb.n)


def test_likelihoods_equal_the_direct_products(coin):
    q = coin.example.q
    product = float(np.prod(q[coin.sample]))
    assert coin.power(coin.log_likelihood) == pytest.approx(product, rel=1e-9)
    best = float(np.prod(coin.empirical[coin.sample]))
    assert coin.power(coin.best_log_likelihood) == pytest.approx(best, rel=1e-9)
    # L(P_hat) / L(Q) = 2^(n KL(P_hat || Q)): the maximum-likelihood model wins by exactly that.
    assert best / product == pytest.approx(coin.power(coin.n * coin.empirical_kl), rel=1e-9)
    assert best >= product


def test_the_sample_is_reproducible_from_its_seed():
    example = coin_example(0.5, 0.5)
    first = derivation_numbers(example, n=40, seed=11).sample
    assert np.array_equal(first, derivation_numbers(example, n=40, seed=11).sample)
    assert not np.array_equal(first, derivation_numbers(example, n=40, seed=12).sample)


def test_a_coin_sample_follows_its_p():
    # The coin with p = 1 always shows heads (outcome 0); p = 0 always tails.
    assert set(derivation_numbers(coin_example(1.0, 0.5), n=20).sample) == {0}
    assert set(derivation_numbers(coin_example(0.0, 0.5), n=20).sample) == {1}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n": 4}, "`n`"), ({"n": 41}, "`n`"), ({"n": 10.0}, "`n`"), ({"n": True}, "`n`")],
)
def test_bad_sample_sizes_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        derivation_numbers(coin_example(0.5, 0.5), **kwargs)


def test_bad_examples_are_refused():
    with pytest.raises(ValueError, match="`p`"):
        coin_example(1.5, 0.5)
    with pytest.raises(ValueError, match="`q`"):
        coin_example(0.5, -0.1)
    with pytest.raises(ValueError):
        die_example([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="same"):
        die_example([0.5, 0.5], [0.2, 0.3, 0.5])
