"""The numbers of /coding, computed once per view and kept: the sample drawn from P, both coders'
messages and the symbol codes, cached on the example, the sample size and the seed.

At n = 1,000,000 drawing, compressing and decoding the sample costs the server a noticeable part
of a second. The cache makes a second visit, a unit switch (the numbers are in bits whatever the
unit) or another student opening the same link instant, so one big n does not cost the server
again and again. It keeps only what the page shows, bounded whatever n is: the coders' sizes at
``CURVE_POINTS`` prefixes, the compressed words (about n·H(P̂,Q) bits) and the first
``STREAM_OUTCOMES`` outcomes as bit streams, never the n outcomes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import (
    BitStream,
    CodingComparison,
    Example,
    SymbolCodes,
    compare_coders,
    draw_outcomes,
    symbol_codes,
    write_bit_stream,
)
from ui.figures.coding import STREAM_OUTCOMES, checkpoints

#: Views kept per server process: each holds at most a few MB (the compressed words of 10^6
#: outcomes at up to about 20 bits each), most far less.
CACHE_ENTRIES = 8


@dataclass(frozen=True)
class CodedSample:
    """What /coding shows of one sample: both coders' messages, the codes, the first outcomes
    written with Huffman's code for Q and for P."""

    comparison: CodingComparison
    codes: SymbolCodes
    stream_q: BitStream
    stream_p: BitStream


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Drawing and compressing the sample…")
def _coded(kind: str, p: tuple[float, ...], q: tuple[float, ...], n: int, seed: int) -> CodedSample:
    p_array, q_array = np.array(p), np.array(q)
    outcomes = draw_outcomes(p_array, n, seed=seed, coin=kind == "coin")
    codes = symbol_codes(p_array, q_array)
    return CodedSample(
        comparison=compare_coders(outcomes, p_array, q_array, checkpoints=checkpoints(n)),
        codes=codes,
        stream_q=write_bit_stream(codes.huffman_q, outcomes, count=STREAM_OUTCOMES),
        stream_p=write_bit_stream(codes.huffman_p, outcomes, count=STREAM_OUTCOMES),
    )


def coded_sample(example: Example, *, n: int, seed: int) -> CodedSample:
    """Draw ``n`` outcomes of the example's P with ``seed``, compress them with Q's coder and
    P's, and build the symbol codes; cached on exactly these inputs."""
    p, q = tuple(example.p.tolist()), tuple(example.q.tolist())
    return _coded(example.kind, p, q, n, seed)
