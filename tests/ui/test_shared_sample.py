"""The contract between /samples and the MLE lesson: a frozen, read-only sample."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ui.shared_sample import SharedSample, chosen_sample
from ui.url_state import CHOSEN_SAMPLE


def test_values_are_read_only_and_the_callers_array_is_left_alone():
    original = np.array([1.0, 2.0, 3.0])
    sample = SharedSample("pasted text", original, numeric=True)
    assert not sample.values.flags.writeable
    with pytest.raises(ValueError):
        sample.values[0] = 9.0
    original[0] = 5.0  # the caller's array stays writeable and is not shared
    assert sample.values[0] == 1.0
    assert sample.n == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.name = "other"


def test_kinds_must_match_numeric():
    SharedSample("x", np.array(["H", "T"]), numeric=False, family_hint="bernoulli")
    with pytest.raises(ValueError, match="float64"):
        SharedSample("x", np.array(["H"]), numeric=True)
    with pytest.raises(ValueError, match="str labels"):
        SharedSample("x", np.array([1.0]), numeric=False)
    with pytest.raises(ValueError, match="family_hint"):
        SharedSample("x", np.array([1.0]), numeric=True, family_hint="poisson")
    with pytest.raises(ValueError, match="non-empty"):
        SharedSample("x", np.array([], dtype=float), numeric=True)


def test_chosen_sample_reads_session_state():
    sample = SharedSample("x", np.array([0.5]), numeric=True)
    assert chosen_sample({CHOSEN_SAMPLE: sample}) is sample
    assert chosen_sample({}) is None
    assert chosen_sample({CHOSEN_SAMPLE: "something else"}) is None
