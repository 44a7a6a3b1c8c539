"""Codes and the coder: round trips, measured sizes against the information content, Kraft and
the [H, H + 1) bounds, and the honest refusal of outcomes a model gives probability 0."""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import cross_entropy, entropy, kl_divergence
from core.coding import (
    compare_coders,
    compress,
    convert_bits,
    decompress,
    expected_length,
    huffman_code,
    kraft_sum,
    shannon_lengths,
    symbol_codes,
    write_bit_stream,
)
from tests.core.strategies import pmf_pairs, pmfs

#: The ANS coder's overhead in bits around the information content -sum log2 q(x_i): its 64-bit
#: state lets the first outcomes ride free (a few bits below) and ends partly filled (up to
#: about 32 bits above).
OVERHEAD_BELOW, OVERHEAD_ABOVE = 16, 32


def _information_bits(outcomes: np.ndarray, q: np.ndarray) -> float:
    return float(-np.log2(q[outcomes]).sum())


def _draw(p: np.ndarray, n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).choice(p.shape[0], size=n, p=p)


def _optimal_expected_length(q: np.ndarray) -> float:
    """Huffman's expected length by the textbook merge: the sum of all merged weights."""
    heap = [float(w) for w in q if w > 0]
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


def _is_prefix_free(codewords: list[str]) -> bool:
    return not any(a != b and b.startswith(a) for a in codewords for b in codewords)


# Round trips --------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.5, 0.3, 0.01, 0.999])
@pytest.mark.parametrize("q", [0.5, 0.8, 1e-6, 0.999999])
def test_coin_messages_round_trip(p, q):
    outcomes = _draw(np.array([p, 1 - p]), 5000, seed=7)
    message = compress(outcomes, [q, 1 - q])
    assert message.encodable
    assert np.array_equal(decompress(message), outcomes)


@pytest.mark.parametrize("outcome", [0, 1])
def test_a_single_outcome_round_trips(outcome):
    message = compress([outcome], [0.3, 0.7])
    assert message.count == 1
    assert decompress(message).tolist() == [outcome]


@pytest.mark.parametrize("k", [2, 3, 6, 11, 20])
def test_dice_with_tiny_probabilities_round_trip(k):
    q = np.full(k, 1e-12)
    q[0] = 1 - (k - 1) * 1e-12
    # Every face appears, the near-impossible ones included.
    outcomes = np.concatenate([np.arange(k), _draw(q, 3000, seed=k), np.arange(k)[::-1]])
    message = compress(outcomes, q)
    assert np.array_equal(decompress(message), outcomes)


@settings(max_examples=60, deadline=None)
@given(pmfs(min_size=2, max_size=20), st.integers(1, 400), st.integers(0, 2**32 - 1))
def test_any_model_round_trips_any_message_it_allows(q, n, seed):
    allowed = np.flatnonzero(q > 0)
    outcomes = np.random.default_rng(seed).choice(allowed, size=n)
    assert np.array_equal(decompress(compress(outcomes, q)), outcomes)


def test_a_certain_model_needs_no_bits():
    message = compress([1, 1, 1], [0.0, 1.0, 0.0])
    assert message.bits == 0
    assert decompress(message).tolist() == [1, 1, 1]


# Measured sizes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_measured_size_is_the_information_content_within_the_coders_overhead(seed):
    rng = np.random.default_rng(1000 + seed)
    k = int(rng.integers(2, 21))
    p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
    q = (q + 1e-3) / (1 + k * 1e-3)  # far above the coder's 24-bit precision
    outcomes = _draw(p, int(rng.choice([1, 10, 1000, 20000])), seed=seed)
    message = compress(outcomes, q)
    ideal = _information_bits(outcomes, q)
    assert -OVERHEAD_BELOW <= message.bits - ideal <= OVERHEAD_ABOVE


@pytest.mark.parametrize("seed", range(10))
def test_comparison_counts_cross_entropy_entropy_and_kl_in_real_bits(seed):
    p, q = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.4, 0.3, 0.2, 0.1])
    n = 20000
    outcomes = _draw(p, n, seed=seed)
    result = compare_coders(outcomes, p, q)
    p_hat = np.bincount(outcomes, minlength=4) / n
    assert result.empirical == pytest.approx(p_hat, abs=0)
    assert result.ideal_bits_q == pytest.approx(_information_bits(outcomes, q), rel=1e-12)
    assert result.ideal_bits_p == pytest.approx(_information_bits(outcomes, p), rel=1e-12)
    assert result.computed.cross_entropy == pytest.approx(cross_entropy(p_hat, q, base=2))
    assert result.computed.unit == "bits"
    assert abs(result.with_q.bits - n * result.computed.cross_entropy) <= OVERHEAD_ABOVE
    # P's coder pays H(P̂, P) = H(P̂) + KL(P̂‖P); the last term shrinks like (K - 1) / 2n.
    measured_entropy = result.with_p.bits / n
    assert measured_entropy == pytest.approx(entropy(p_hat, base=2), abs=2e-3)
    wasted = n * kl_divergence(p_hat, q, base=2) - n * kl_divergence(p_hat, p, base=2)
    assert abs(result.wasted_bits - wasted) <= 2 * OVERHEAD_ABOVE
    assert result.lossless


def test_prefix_sizes_are_the_sizes_of_the_prefixes_compressed_alone():
    p = np.array([0.2, 0.5, 0.3])
    outcomes = _draw(p, 3000, seed=3)
    message = compress(outcomes, [0.6, 0.2, 0.2], checkpoints=[1, 10, 100, 1000])
    assert message.prefix_counts.tolist() == [1, 10, 100, 1000, 3000]
    for m, bits in zip(message.prefix_counts, message.prefix_bits, strict=True):
        assert bits == compress(outcomes[:m], [0.6, 0.2, 0.2]).bits
    assert message.prefix_bits[-1] == message.bits


def test_bits_per_outcome_approach_the_cross_entropy_as_the_sample_grows():
    p, q = np.array([0.3, 0.7]), np.array([0.8, 0.2])
    outcomes = _draw(p, 200_000, seed=11)
    message = compress(outcomes, q, checkpoints=[100, 200_000])
    per_outcome = message.prefix_bits / message.prefix_counts
    target = cross_entropy(p, q, base=2)
    assert abs(per_outcome[-1] - target) < 0.01
    assert abs(per_outcome[-1] - target) < abs(per_outcome[0] - target)


# Symbol codes -------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(pmfs(min_size=2, max_size=20))
def test_huffman_is_complete_prefix_free_and_optimal(q):
    code = huffman_code(q)
    words = [c for c in code.codewords if c is not None]
    assert len(words) == np.count_nonzero(q)
    assert _is_prefix_free(words)
    assert kraft_sum(code.lengths) == 1.0
    assert expected_length(q, code.lengths) == pytest.approx(_optimal_expected_length(q), rel=1e-9)
    h = entropy(q, base=2)
    assert h - 1e-9 <= expected_length(q, code.lengths) < h + 1


@settings(max_examples=100, deadline=None)
@given(pmf_pairs(min_size=2, max_size=20, zeros=False))
def test_shannon_lengths_cost_the_cross_entropy_plus_less_than_one_bit(pair):
    p, q = pair
    lengths = shannon_lengths(q)
    assert kraft_sum(lengths) <= 1 + 1e-9
    h_pq = cross_entropy(p, q, base=2)
    assert h_pq - 1e-9 <= expected_length(p, lengths) < h_pq + 1


def test_reference_codes():
    code = huffman_code([0.4, 0.3, 0.2, 0.1])
    assert code.lengths.tolist() == [1, 2, 3, 3]
    assert shannon_lengths([0.4, 0.3, 0.2, 0.1]).tolist() == [2, 2, 3, 4]
    assert shannon_lengths([0.5, 0.25, 0.125, 0.125]).tolist() == [1, 2, 3, 3]
    assert shannon_lengths([1 - 0.875, 0.875]).tolist() == [3, 1]


def test_the_bit_stream_parses_back_codeword_by_codeword():
    code = huffman_code([0.5, 0.2, 0.2, 0.1])
    outcomes = _draw(np.array([0.25] * 4), 50, seed=5)
    stream = write_bit_stream(code, outcomes, count=30)
    assert stream.stopped_at is None
    assert len(stream.codewords) == 30
    assert stream.boundaries[-1] == len(stream.bits)
    decode = {word: k for k, word in enumerate(code.codewords)}
    starts = np.concatenate([[0], stream.boundaries[:-1]])
    parsed = [decode[stream.bits[a:b]] for a, b in zip(starts, stream.boundaries, strict=True)]
    assert parsed == outcomes[:30].tolist()


# Probability 0 ------------------------------------------------------------------------------------


def test_a_model_without_the_outcome_has_no_codeword_and_no_code_for_it():
    code = huffman_code([0.0, 0.5, 0.5])
    assert code.codewords[0] is None
    assert code.lengths[0] == math.inf
    assert shannon_lengths([0.0, 0.5, 0.5])[0] == math.inf
    assert expected_length([0.1, 0.45, 0.45], code.lengths) == math.inf
    assert kraft_sum(code.lengths) == 1.0


def test_the_coder_stops_at_the_first_outcome_its_model_rules_out():
    outcomes = [1, 2, 1, 0, 2, 0]
    message = compress(outcomes, [0.0, 0.5, 0.5], checkpoints=[1, 2, 3, 4, 5])
    assert not message.encodable
    assert message.unencodable_at == 3
    assert message.bits is None and message.words is None and message.bits_per_outcome is None
    assert message.prefix_counts.tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="probability 0 to the outcome at position 3"):
        decompress(message)
    stream = write_bit_stream(huffman_code([0.0, 0.5, 0.5]), outcomes, count=6)
    assert stream.stopped_at == 3 and stream.stopped_outcome == 0 and len(stream.codewords) == 3


def test_comparison_with_a_model_that_rules_out_an_observed_outcome():
    p, q = np.array([0.5, 0.5]), np.array([1.0, 0.0])
    result = compare_coders([0, 0, 1, 0], p, q)
    assert not result.with_q.encodable and result.with_q.unencodable_at == 2
    assert result.with_p.encodable and result.lossless
    assert result.wasted_bits is None
    assert result.computed.cross_entropy == math.inf
    assert result.ideal_bits_q == math.inf


def test_a_ruled_out_outcome_that_never_occurs_does_not_stop_the_coder():
    result = compare_coders([0, 0, 0], [0.9, 0.1], [1.0, 0.0])
    assert result.with_q.encodable and result.with_q.bits == 0
    assert kl_divergence([0.9, 0.1], [1.0, 0.0]) == math.inf


# Refusals and units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        ([], "empty"),
        ([0, 2], "between 0 and 1"),
        ([-1], "between 0 and 1"),
        ([0.5], "whole numbers"),
        (["H"], "whole numbers"),
        ([[0, 1]], "one-dimensional"),
    ],
)
def test_bad_messages_are_refused_by_name(outcomes, message):
    with pytest.raises(ValueError, match=message):
        compress(outcomes, [0.5, 0.5])


def test_bad_models_and_options_are_refused_by_name():
    with pytest.raises(ValueError, match="`model` sums to"):
        compress([0], [0.5, 0.6])
    for checkpoints in ([3], [0], [1.5], ["a"]):
        with pytest.raises(ValueError, match="`checkpoints`"):
            compress([0, 1], [0.5, 0.5], checkpoints=checkpoints)
    with pytest.raises(ValueError, match="`p` has 2 outcomes but `q` has 3"):
        compare_coders([0], [0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="`count`"):
        write_bit_stream(huffman_code([0.5, 0.5]), [0], count=0)
    with pytest.raises(ValueError, match="one probability vector"):
        huffman_code([[0.5, 0.5]])


def test_bits_convert_to_nats_and_back():
    assert convert_bits(1.0) == pytest.approx(math.log(2), rel=1e-15)
    assert convert_bits(np.array([2.0, 4.0]), base=2).tolist() == [2.0, 4.0]
    assert convert_bits(1.0, base=4) == pytest.approx(0.5, rel=1e-15)
    with pytest.raises(ValueError, match="`base`"):
        convert_bits(1.0, base=1)


def test_symbol_codes_price_each_code_under_p():
    p, q = [0.3, 0.7], [0.8, 0.2]
    codes = symbol_codes(p, q)
    assert codes.huffman_q.codewords == huffman_code(q).codewords
    assert codes.shannon_p.tolist() == shannon_lengths(p).tolist()
    assert codes.expected.huffman_q == 1.0 and codes.expected.huffman_p == 1.0
    assert codes.expected.shannon_q == pytest.approx(0.3 * 1 + 0.7 * 3)
    assert codes.expected.shannon_p == pytest.approx(0.3 * 2 + 0.7 * 1)
    assert symbol_codes(p, [1.0, 0.0]).expected.huffman_q == math.inf
