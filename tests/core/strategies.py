"""Hypothesis strategies shared by the core tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st


@st.composite
def pmfs(
    draw, *, min_size: int = 2, max_size: int = 12, size: int | None = None, zeros: bool = True
):
    """Probability vectors that sum to 1 within round-off, free of subnormal floats."""
    k = size if size is not None else draw(st.integers(min_size, max_size))
    low = 0.0 if zeros else 1e-3
    weights = draw(
        st.lists(
            st.one_of(st.just(low), st.floats(1e-3, 1.0)) if zeros else st.floats(1e-3, 1.0),
            min_size=k,
            max_size=k,
        ).filter(lambda w: sum(w) > 0)
    )
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def pmf_pairs(**kwargs):
    """Two probability vectors with the same number of outcomes."""
    return st.integers(kwargs.pop("min_size", 2), kwargs.pop("max_size", 12)).flatmap(
        lambda k: st.tuples(pmfs(size=k, **kwargs), pmfs(size=k, **kwargs))
    )
