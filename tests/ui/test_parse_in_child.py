"""Large uploads are parsed by a child process (off the interpreter lock every session shares),
with the same result and the same messages as a parse in the server."""

from __future__ import annotations

import numpy as np
import pytest

from core import parse_samples
from ui import parse_in_child as module
from ui.parse_in_child import PARSE_IN_CHILD_BYTES, parse_in_child, parse_upload


def numbers(n: int, seed: int) -> bytes:
    values = np.random.default_rng(seed).normal(size=n)
    return ("value\n" + "\n".join(f"{v:.6f}" for v in values)).encode()


def test_the_child_reads_what_the_server_would_and_hands_it_back_read_only():
    data = numbers(200_000, seed=1)
    assert len(data) >= PARSE_IN_CHILD_BYTES
    child, here = parse_in_child(data, None, None), parse_samples(data)
    assert np.array_equal(child.values, here.values)
    assert (child.numeric, child.columns, child.column, child.header, child.warnings) == (
        here.numeric,
        here.columns,
        here.column,
        here.header,
        here.warnings,
    )
    assert not child.values.flags.writeable


def test_a_refusal_comes_back_with_the_parse_message():
    data = b"1.5\n2.5\nseven\n" * 100_000
    with pytest.raises(ValueError) as here:
        parse_samples(data)
    with pytest.raises(ValueError) as child:
        parse_in_child(data, None, None)
    assert str(child.value) == str(here.value)
    assert "mixes numbers and text" in str(child.value)


def test_where_no_child_can_start_the_server_parses_it_itself(monkeypatch):
    monkeypatch.setattr(module.sys, "executable", "/nonexistent/python")
    parsed = parse_in_child(b"1\n2\n3\n", None, None)
    assert parsed.values.tolist() == [1.0, 2.0, 3.0]


def test_only_large_inputs_go_to_a_child(monkeypatch):
    sent = []
    monkeypatch.setattr(
        module, "parse_in_child", lambda data, *args: sent.append(len(data)) or None
    )
    small = b"0.25\n0.75\n" * 10
    large = numbers(200_000, seed=2)
    parse_upload(small, None, None)
    parse_upload(large, None, None)
    assert sent == [len(large)]
