"""A stand-in heavy user for ``benchmarks/load.py --heavy simulate``: 1,000,000 samples per run.

Each rerun with a new ``seed`` does what a huge upload costs the server once it has arrived: a new
9 MB text of 1,000,000 numbers (a copy of one made at start-up, plus the seed, so no cache can
help), parsed to floats and fitted (a Gaussian by mean and standard deviation, the empirical
distribution of the values rounded to one decimal). Parsing text holds the interpreter lock,
which is what hurts the other sessions. ``load.py`` puts this file in a throwaway copy of the app as
``pages/zz_heavy.py``; it is never part of the app itself.
"""

from __future__ import annotations

import io

import numpy as np
import streamlit as st

from core import empirical_distribution, fit_gaussian


@st.cache_resource
def upload_text() -> bytes:
    buffer = io.StringIO()
    np.savetxt(buffer, np.random.default_rng(0).normal(2.0, 1.5, size=1_000_000), fmt="%.6f")
    return buffer.getvalue().encode()


seed = st.slider("seed", 0, 1000, 0, key="seed")
raw = upload_text() + f"\n{seed}".encode()
parsed = np.array(raw.split(), dtype=float)
fit = fit_gaussian(parsed)
empirical = empirical_distribution(np.round(parsed, 1))
st.write(f"{len(raw) / 1e6:.1f} MB parsed; {fit}; {len(empirical.outcomes)} distinct values")
