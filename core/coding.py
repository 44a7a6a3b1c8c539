r"""Codes you can count: prefix codes and a real entropy coder, each built for a model.

Outcomes drawn from P and written with a code built for a model Q cost :math:`H(P, Q)` bits each
on average; the code built for P itself costs :math:`H(P)`, and the bits wasted by the wrong model
are :math:`\mathrm{KL}(P \| Q) = H(P, Q) - H(P)`. This module makes that literal:

- :func:`huffman_code` and :func:`shannon_lengths` are symbol codes (one codeword per outcome);
  their expected lengths sit in :math:`[H, H + 1)` bits.
- :func:`compress` runs the whole sample through an entropy coder driven by a model, and
  :func:`decompress` gets it back; the compressed size approaches :math:`n \cdot H(\hat P, Q)`.

The Huffman code books and the stream coder (asymmetric numeral systems, ANS, with 24-bit model
precision) come from the `constriction` library; this module prepares the models, runs the coder
and counts what comes out. Outcomes are indices ``0 .. K-1`` into the probability vectors.

A model that gives probability 0 to an outcome has no codeword for it. constriction would quietly
give such an outcome the smallest representable probability; here the coder is built only over
the outcomes the model allows, so an outcome outside them cannot be encoded, and the result says
where the message stopped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import constriction
import numpy as np
from numpy.typing import ArrayLike

from core._validation import as_distribution, check_shapes, log_base
from core.divergence import Decomposition, cross_entropy, decompose
from core.samples import empirical_distribution

__all__ = [
    "BitStream",
    "CodingComparison",
    "CompressedMessage",
    "ExpectedLengths",
    "PrefixCode",
    "SymbolCodes",
    "compare_coders",
    "compress",
    "convert_bits",
    "decompress",
    "expected_length",
    "huffman_code",
    "kraft_sum",
    "shannon_lengths",
    "symbol_codes",
    "write_bit_stream",
]

#: Slack for ``ceil(-log2 q)`` so that a power of two a rounding error away (0.125000000001)
#: still gets its exact length.
_CEIL_SLACK = 1e-9


# Checks -------------------------------------------------------------------------------------------


def _as_outcomes(outcomes: ArrayLike, k: int) -> np.ndarray:
    """Check a message: a non-empty 1-D array of whole numbers from 0 to K - 1, as int32."""
    try:
        array = np.asarray(outcomes)
    except (TypeError, ValueError):
        raise ValueError("`outcomes` must be whole numbers, the indices of outcomes") from None
    if array.ndim != 1:
        raise ValueError("`outcomes` must be a one-dimensional sequence of outcome indices")
    if array.shape[0] == 0:
        raise ValueError("`outcomes` is empty: a message needs at least one outcome")
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ValueError("`outcomes` must be whole numbers, the indices of outcomes")
    elif array.dtype.kind not in "iu":
        raise ValueError("`outcomes` must be whole numbers, the indices of outcomes")
    if np.any(array < 0) or np.any(array >= k):
        raise ValueError(f"`outcomes` must lie between 0 and {k - 1} (the model has {k} outcomes)")
    return array.astype(np.int32)


def _as_model(probabilities: ArrayLike, name: str) -> np.ndarray:
    """Check one probability vector (1-D, sums to 1)."""
    model = as_distribution(probabilities, name)
    if model.ndim != 1:
        raise ValueError(f"`{name}` must be one probability vector, not a stack of them")
    return model


def _as_checkpoints(checkpoints: Sequence[int] | np.ndarray, n: int) -> np.ndarray:
    """Check prefix lengths: whole numbers from 1 to n; returned sorted, unique, ending at n."""
    try:
        array = np.asarray(checkpoints, dtype=float).ravel()
    except (TypeError, ValueError):
        array = np.array([math.nan])
    if np.any(array != np.round(array)) or np.any((array < 1) | (array > n)):
        raise ValueError(f"`checkpoints` must be whole numbers from 1 to the message length {n}")
    return np.union1d(array.astype(np.int64), [n])


# Symbol codes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrefixCode:
    """A prefix code built for a model: one codeword per outcome the model allows.

    Attributes
    ----------
    probabilities : ndarray
        The model the code was built for, shape (K,).
    codewords : tuple of (str or None)
        The codeword of each outcome as a string of ``0`` and ``1``; ``None`` where the model
        gives probability 0, so the code has no codeword. A model certain of one outcome gives it
        the empty codeword: a certain outcome carries no information.
    lengths : ndarray
        Codeword lengths in bits, ``inf`` where there is no codeword.
    """

    probabilities: np.ndarray
    codewords: tuple[str | None, ...]
    lengths: np.ndarray


def huffman_code(q: ArrayLike) -> PrefixCode:
    r"""The Huffman code for the model Q: the prefix code with the smallest expected length under Q.

    Parameters
    ----------
    q : array_like
        The model's probabilities, shape (K,), summing to 1. Outcomes with probability 0 get no
        codeword.

    Returns
    -------
    PrefixCode
        Codewords from constriction's Huffman tree over the outcomes that Q allows.

    Notes
    -----
    Huffman lengths satisfy Kraft's inequality with equality, :math:`\sum_k 2^{-\ell_k} = 1`,
    and their expected length under Q lies in :math:`[H(Q), H(Q) + 1)` bits. Under another
    distribution P the expected length is at least :math:`H(P)`, but it may fall below
    :math:`H(P, Q)`: only the Shannon lengths are bound to :math:`[H(P,Q), H(P,Q) + 1)`.

    Examples
    --------
    >>> huffman_code([0.5, 0.25, 0.25]).codewords
    ('0', '10', '11')
    >>> huffman_code([0.0, 1.0]).codewords
    (None, '')
    """
    q = _as_model(q, "q")
    support = np.flatnonzero(q > 0)
    codewords: list[str | None] = [None] * q.shape[0]
    if support.shape[0] == 1:
        codewords[support[0]] = ""
    else:
        tree = constriction.symbol.huffman.EncoderHuffmanTree(q[support])
        for index, outcome in enumerate(support):
            codewords[outcome] = _codeword(tree, index)
    lengths = np.array([math.inf if c is None else len(c) for c in codewords], dtype=float)
    return PrefixCode(probabilities=q, codewords=tuple(codewords), lengths=lengths)


def _codeword(tree: constriction.symbol.huffman.EncoderHuffmanTree, symbol: int) -> str:
    """Read one codeword off constriction's tree by encoding the symbol alone."""
    encoder = constriction.symbol.QueueEncoder()
    encoder.encode_symbol(symbol, tree)
    words, length = encoder.get_compressed()
    # The queue encoder fills each 32-bit word from its least significant bit up.
    return "".join(str((int(words[i // 32]) >> (i % 32)) & 1) for i in range(length))


def shannon_lengths(q: ArrayLike) -> np.ndarray:
    r"""Shannon code lengths :math:`\ell_k = \lceil -\log_2 q_k \rceil` bits (``inf`` where q = 0).

    Notes
    -----
    They satisfy Kraft's inequality, so a prefix code with these lengths exists, and for any P,
    :math:`H(P, Q) \le \mathbb{E}_P[\ell] < H(P, Q) + 1`: rounding each ideal length
    :math:`-\log_2 q_k` up costs less than one bit.

    Examples
    --------
    >>> shannon_lengths([0.5, 0.3, 0.2]).tolist()
    [1.0, 2.0, 3.0]
    >>> shannon_lengths([1.0, 0.0]).tolist()
    [0.0, inf]
    """
    q = _as_model(q, "q")
    with np.errstate(divide="ignore"):
        ideal = -np.log2(q)
    return np.ceil(np.maximum(ideal - _CEIL_SLACK, 0.0))


def expected_length(p: ArrayLike, lengths: ArrayLike) -> float:
    r"""Expected codeword length :math:`\mathbb{E}_P[\ell] = \sum_k p_k \ell_k` in bits.

    ``inf`` when P gives positive probability to an outcome with no codeword.

    Examples
    --------
    >>> expected_length([0.5, 0.5, 0.0], [1, 2, 2])
    1.5
    >>> expected_length([0.5, 0.5], [1, math.inf])
    inf
    """
    p = _as_model(p, "p")
    lengths = np.asarray(lengths, dtype=float)
    check_shapes(p, lengths)
    used = p > 0
    return float(np.sum(p[used] * lengths[used]))


def kraft_sum(lengths: ArrayLike) -> float:
    r"""Kraft's sum :math:`\sum_k 2^{-\ell_k}`: at most 1 for a prefix code, 1 for a complete one.

    Outcomes without codeword (length ``inf``) add nothing.

    Examples
    --------
    >>> kraft_sum([1, 2, 2])
    1.0
    """
    return float(np.sum(np.exp2(-np.asarray(lengths, dtype=float))))


@dataclass(frozen=True)
class ExpectedLengths:
    """Expected codeword lengths under P, in bits per outcome, of the four symbol codes."""

    huffman_q: float
    shannon_q: float
    huffman_p: float
    shannon_p: float


@dataclass(frozen=True)
class SymbolCodes:
    r"""The Huffman codes and Shannon lengths built for Q and for P, and their cost under P.

    Attributes
    ----------
    huffman_q, huffman_p : PrefixCode
        Huffman's code for Q and for P.
    shannon_q, shannon_p : ndarray
        Shannon's lengths :math:`\lceil -\log_2 q_k \rceil` and :math:`\lceil -\log_2 p_k \rceil`.
    expected : ExpectedLengths
        What each code costs per outcome drawn from P: Shannon's for Q lies in
        :math:`[H(P,Q), H(P,Q) + 1)`, both of P's in :math:`[H(P), H(P) + 1)`.
    """

    huffman_q: PrefixCode
    huffman_p: PrefixCode
    shannon_q: np.ndarray
    shannon_p: np.ndarray
    expected: ExpectedLengths


def symbol_codes(p: ArrayLike, q: ArrayLike) -> SymbolCodes:
    """Build the Huffman codes and Shannon lengths for Q and for P and price them under P.

    Examples
    --------
    >>> codes = symbol_codes([0.5, 0.5], [0.75, 0.25])
    >>> codes.shannon_q.tolist(), codes.expected.shannon_q
    ([1.0, 2.0], 1.5)
    """
    p = _as_model(p, "p")
    q = _as_model(q, "q")
    check_shapes(p, q)
    huffman_q, huffman_p = huffman_code(q), huffman_code(p)
    shannon_q, shannon_p = shannon_lengths(q), shannon_lengths(p)
    expected = ExpectedLengths(
        huffman_q=expected_length(p, huffman_q.lengths),
        shannon_q=expected_length(p, shannon_q),
        huffman_p=expected_length(p, huffman_p.lengths),
        shannon_p=expected_length(p, shannon_p),
    )
    return SymbolCodes(
        huffman_q=huffman_q,
        huffman_p=huffman_p,
        shannon_q=shannon_q,
        shannon_p=shannon_p,
        expected=expected,
    )


@dataclass(frozen=True)
class BitStream:
    """The first outcomes of a message written with a prefix code, codeword after codeword.

    Attributes
    ----------
    outcomes : ndarray
        The outcomes written.
    codewords : tuple of str
        One codeword per outcome written; joined they are the bit stream.
    stopped_at : int or None
        The position of an outcome that has no codeword, where writing had to stop; None when
        every requested outcome was written.
    stopped_outcome : int or None
        That outcome.
    """

    outcomes: np.ndarray
    codewords: tuple[str, ...]
    stopped_at: int | None
    stopped_outcome: int | None

    @property
    def bits(self) -> str:
        """The bit stream: the codewords one after another."""
        return "".join(self.codewords)

    @property
    def boundaries(self) -> np.ndarray:
        """Where each codeword ends in :attr:`bits` (cumulative lengths)."""
        return np.cumsum([len(c) for c in self.codewords], dtype=np.int64)


def write_bit_stream(code: PrefixCode, outcomes: ArrayLike, *, count: int) -> BitStream:
    """Write the first ``count`` outcomes of a message with a prefix code.

    Writing stops before an outcome that has no codeword (its model probability is 0).

    Examples
    --------
    >>> stream = write_bit_stream(huffman_code([0.5, 0.25, 0.25]), [2, 0, 1], count=3)
    >>> stream.bits, stream.boundaries.tolist()
    ('11010', [2, 3, 5])
    >>> write_bit_stream(huffman_code([1.0, 0.0]), [0, 1, 0], count=3).stopped_at
    1
    """
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
        raise ValueError("`count` must be a positive whole number")
    # Only the outcomes written are checked: a page shows the first few of a long sample.
    outcomes = _as_outcomes(np.asarray(outcomes)[:count], len(code.codewords))
    codewords = [code.codewords[k] for k in outcomes]
    stopped_at = next((i for i, c in enumerate(codewords) if c is None), None)
    written = codewords if stopped_at is None else codewords[:stopped_at]
    return BitStream(
        outcomes=outcomes[: len(written)],
        codewords=tuple(written),
        stopped_at=stopped_at,
        stopped_outcome=None if stopped_at is None else int(outcomes[stopped_at]),
    )


# The stream coder ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompressedMessage:
    r"""A message compressed by an entropy coder driven by one model.

    Attributes
    ----------
    model : ndarray
        The probabilities that drive the coder, shape (K,).
    count : int
        How many outcomes the message holds (the decoder needs it).
    words : ndarray of uint32 or None
        The compressed data; None when the message could not be encoded.
    bits : int or None
        The exact compressed size in bits; None when the message could not be encoded.
    prefix_counts, prefix_bits : ndarray of int64
        The compressed size in bits of the message's first ``m`` outcomes, for each ``m`` in
        ``prefix_counts`` (measured while encoding; only prefixes the coder could encode).
    unencodable_at : int or None
        The position of the first outcome the model gives probability 0, which the coder has no
        code for; None when the whole message was encoded.
    """

    model: np.ndarray
    count: int
    words: np.ndarray | None
    bits: int | None
    prefix_counts: np.ndarray
    prefix_bits: np.ndarray
    unencodable_at: int | None

    @property
    def encodable(self) -> bool:
        """True when every outcome of the message had a code and the message was compressed."""
        return self.unencodable_at is None

    @property
    def bits_per_outcome(self) -> float | None:
        """The compressed size divided by the number of outcomes; None if not encodable."""
        return None if self.bits is None else self.bits / self.count


def _coder_model(model: np.ndarray) -> tuple[np.ndarray, object | None]:
    """The outcomes the model allows and constriction's model over them (None if only one)."""
    support = np.flatnonzero(model > 0)
    if support.shape[0] == 1:
        return support, None
    return support, constriction.stream.model.Categorical(model[support], perfect=False)


def compress(
    outcomes: ArrayLike, model: ArrayLike, *, checkpoints: Sequence[int] | np.ndarray = ()
) -> CompressedMessage:
    r"""Compress a message with an entropy coder (ANS) driven by ``model``.

    Parameters
    ----------
    outcomes : array_like of int
        The message: outcome indices ``0 .. K-1``, at least one.
    model : array_like
        The coder's probabilities, shape (K,), summing to 1.
    checkpoints : sequence of int, optional
        Prefix lengths ``m`` (1 to n) at which to record the compressed size of the first ``m``
        outcomes; the full length n is always recorded.

    Returns
    -------
    CompressedMessage
        The compressed words and exact size, or, if an outcome has model probability 0, where
        the message stopped.

    Notes
    -----
    Outcome :math:`x_i` costs :math:`-\log_2 q(x_i)` bits, so the message costs about
    :math:`\sum_i -\log_2 q(x_i) = n \, H(\hat P, Q)` bits, :math:`\hat P` its empirical
    distribution. On top come the coder's overhead (its 64-bit state: from a few bits below to
    about 32 bits above) and the model's 24-bit precision. The outcomes are pushed in order onto
    the ANS stack, so the size after the first ``m`` is exactly the size of a message holding
    those ``m``. A model certain of one outcome needs no bits at all.

    Examples
    --------
    One bit per outcome for 1,000 fair coin tosses, plus the coder's overhead:

    >>> compress([0, 1, 1, 0] * 250, [0.5, 0.5]).bits
    1021
    >>> compress([0, 1], [1.0, 0.0]).unencodable_at
    1
    """
    model = _as_model(model, "model")
    outcomes = _as_outcomes(outcomes, model.shape[0])
    n = outcomes.shape[0]
    stops = _as_checkpoints(checkpoints, n)
    support, coder_model = _coder_model(model)
    position = np.full(model.shape[0], -1, dtype=np.int32)
    position[support] = np.arange(support.shape[0], dtype=np.int32)
    symbols = position[outcomes]
    missing = np.flatnonzero(symbols < 0)
    unencodable_at = int(missing[0]) if missing.shape[0] else None
    end = n if unencodable_at is None else unencodable_at
    stops = stops[stops <= end]
    coder = constriction.stream.stack.AnsCoder()
    sizes, start = [], 0
    for stop in stops:
        if coder_model is not None:
            # Reversed so that the stack receives the outcomes in order.
            coder.encode_reverse(np.ascontiguousarray(symbols[start:stop][::-1]), coder_model)
        sizes.append(coder.num_valid_bits())
        start = stop
    encoded = unencodable_at is None
    return CompressedMessage(
        model=model,
        count=n,
        words=coder.get_compressed() if encoded else None,
        bits=int(sizes[-1]) if encoded else None,
        prefix_counts=stops,
        prefix_bits=np.asarray(sizes, dtype=np.int64),
        unencodable_at=unencodable_at,
    )


def decompress(message: CompressedMessage) -> np.ndarray:
    """Decode a compressed message back into its outcomes (indices ``0 .. K-1``, int32).

    Examples
    --------
    >>> decompress(compress([2, 0, 1, 1], [0.2, 0.3, 0.5])).tolist()
    [2, 0, 1, 1]
    """
    if message.words is None:
        raise ValueError(
            "the message was not encoded: its model gives probability 0 to the outcome at "
            f"position {message.unencodable_at}, which has no code"
        )
    support, coder_model = _coder_model(message.model)
    if coder_model is None:
        return np.full(message.count, support[0], dtype=np.int32)
    coder = constriction.stream.stack.AnsCoder(message.words)
    # The stack gives back the last outcome first.
    symbols = coder.decode(coder_model, message.count)[::-1]
    return support[symbols].astype(np.int32)


# The lesson's comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class CodingComparison:
    r"""One sample compressed by the coder built for Q and by the one built for P, in bits.

    Attributes
    ----------
    empirical : ndarray
        The sample's empirical distribution :math:`\hat P` over the K outcomes.
    with_q, with_p : CompressedMessage
        The sample compressed by the coder driven by Q and by the one driven by P.
    computed : Decomposition
        :math:`H(\hat P)`, :math:`H(\hat P, Q)` and :math:`\mathrm{KL}(\hat P \| Q)` in bits: what
        the measured bits per outcome approach.
    ideal_bits_q, ideal_bits_p : float
        The sample's information content under each model, :math:`n \, H(\hat P, Q)` and
        :math:`n \, H(\hat P, P)` bits: what an ideal coder would write (``inf`` where the model
        gives an observed outcome probability 0).
    lossless : bool
        Every message that was encoded decodes to the sample exactly.
    """

    empirical: np.ndarray
    with_q: CompressedMessage
    with_p: CompressedMessage
    computed: Decomposition
    ideal_bits_q: float
    ideal_bits_p: float
    lossless: bool

    @property
    def wasted_bits(self) -> int | None:
        r"""Measured bits of Q's coder minus P's: about :math:`n \, \mathrm{KL}(\hat P \| Q)`."""
        if self.with_q.bits is None or self.with_p.bits is None:
            return None
        return self.with_q.bits - self.with_p.bits


def compare_coders(
    outcomes: ArrayLike,
    p: ArrayLike,
    q: ArrayLike,
    *,
    checkpoints: Sequence[int] | np.ndarray = (),
) -> CodingComparison:
    r"""Compress one sample with Q's coder and with P's, decode both, and compute what to expect.

    Parameters
    ----------
    outcomes : array_like of int
        The sample, outcome indices ``0 .. K-1``.
    p, q : array_like
        The distribution the sample came from and the model, shape (K,) each.
    checkpoints : sequence of int, optional
        Prefix lengths at which both coders record their compressed size.

    Notes
    -----
    Per outcome, Q's coder approaches :math:`H(\hat P, Q)` and P's coder :math:`H(\hat P, P)`,
    which is :math:`H(\hat P)` up to sampling noise; their difference approaches
    :math:`\mathrm{KL}(\hat P \| Q)` per outcome. With :math:`\hat P = P` in the limit, this is
    :math:`H(P, Q) = H(P) + \mathrm{KL}(P \| Q)` counted in real bits.

    Examples
    --------
    >>> result = compare_coders([0, 0, 1, 0] * 250, [0.75, 0.25], [0.5, 0.5])
    >>> result.ideal_bits_q, result.with_q.bits, result.lossless
    (1000.0, 1020, True)
    """
    p = _as_model(p, "p")
    q = _as_model(q, "q")
    check_shapes(p, q)
    outcomes = _as_outcomes(outcomes, p.shape[0])
    empirical = empirical_distribution(outcomes).probabilities_over(np.arange(p.shape[0]))
    with_q = compress(outcomes, q, checkpoints=checkpoints)
    with_p = compress(outcomes, p, checkpoints=checkpoints)
    n = outcomes.shape[0]
    computed = decompose(empirical, q, base=2)
    lossless = all(
        np.array_equal(decompress(message), outcomes)
        for message in (with_q, with_p)
        if message.encodable
    )
    return CodingComparison(
        empirical=empirical,
        with_q=with_q,
        with_p=with_p,
        computed=computed,
        ideal_bits_q=n * computed.cross_entropy,
        ideal_bits_p=n * float(cross_entropy(empirical, p, base=2)),
        lossless=lossless,
    )


def convert_bits(bits: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Express an amount in bits in another unit: :math:`b \cdot \log 2 / \log(\text{base})`.

    ``base=None`` gives nats (1 bit = ln 2 ≈ 0.693 nats).

    Examples
    --------
    >>> round(convert_bits(1.0), 6)
    0.693147
    >>> convert_bits(3.0, base=2)
    3.0
    """
    value = np.asarray(bits, dtype=float) * (math.log(2) / log_base(base))
    return float(value) if value.ndim == 0 else value
