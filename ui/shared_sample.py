"""The sample a user chose on /samples, handed to the maximum-likelihood lesson in the same session.

The samples page stores one :class:`SharedSample` under ``st.session_state[CHOSEN_SAMPLE]``
(``ui.url_state``); the MLE page reads it with :func:`chosen_sample`. Session state is per
session, so two users never see each other's data. The values are read-only: a page that wants
to change them must copy first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ui.url_state import CHOSEN_SAMPLE

#: Values of ``family_hint``: the family the data was generated from, when it was generated.
FAMILY_HINTS = ("bernoulli", "categorical", "gaussian", "bimodal")


@dataclass(frozen=True)
class SharedSample:
    """A sample chosen on /samples.

    Attributes
    ----------
    name : str
        Where it came from, for people: ``"upload: coins.csv"``, ``"pasted text"`` or
        ``"generated: Gaussian μ=0 σ=1, n=1000, seed=7"``.
    values : ndarray
        One-dimensional and read-only: float64 for numbers, str labels otherwise.
    numeric : bool
        True for numbers, False for text labels.
    family_hint : str or None
        The family the data was generated from (one of ``FAMILY_HINTS``), None for user data.
    """

    name: str
    values: np.ndarray
    numeric: bool
    family_hint: str | None = None

    def __post_init__(self) -> None:
        if self.family_hint is not None and self.family_hint not in FAMILY_HINTS:
            raise ValueError(f"`family_hint` must be one of {FAMILY_HINTS} or None")
        values = np.asarray(self.values)
        if values.ndim != 1 or values.size == 0:
            raise ValueError("`values` must be a non-empty one-dimensional array")
        expected = np.float64 if self.numeric else np.str_
        if values.dtype.type is not expected:
            kind = "float64 numbers" if self.numeric else "str labels"
            raise ValueError(f"`values` must hold {kind}, got dtype {values.dtype}")
        if values.flags.writeable:
            values = values.copy()
            values.flags.writeable = False
        object.__setattr__(self, "values", values)

    @property
    def n(self) -> int:
        """The sample size."""
        return int(self.values.shape[0])


def chosen_sample(session_state) -> SharedSample | None:
    """The sample chosen on /samples in this session, or None (pass ``st.session_state``)."""
    sample = session_state.get(CHOSEN_SAMPLE)
    return sample if isinstance(sample, SharedSample) else None
