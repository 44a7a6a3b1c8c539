"""Reading samples from text: what is accepted, every kind of bad input with its message, the
bounds, and the identity average NLL = H(P̂,Q) = H(P̂) + KL(P̂‖Q) on parsed data."""

from __future__ import annotations

import bz2
import gzip
import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import (
    average_negative_log_likelihood,
    cross_entropy,
    empirical_distribution,
    entropy,
    kl_divergence,
    parse_samples,
    parsing,
)
from core.parsing import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_DISTINCT_LABELS,
    MAX_LABEL_CHARACTERS,
    MAX_LABEL_LENGTH,
    MAX_LINE_LENGTH,
    MAX_LINES,
    MAX_OBSERVATIONS,
)

DATA = Path(__file__).resolve().parents[1] / "data"


# What is accepted ---------------------------------------------------------------------------------


def test_labels_under_a_column_name():
    sample = parse_samples((DATA / "coins.csv").read_bytes())
    assert sample.columns == ("toss",) and sample.header
    assert not sample.numeric
    assert sample.values.tolist() == list("HTHHTHHTHH")
    assert sample.values.dtype.kind == "U"
    assert sample.warnings == ()


def test_numbers_one_per_line_without_header():
    sample = parse_samples((DATA / "measurements.txt").read_bytes())
    assert sample.numeric and not sample.header
    assert sample.values.dtype == np.float64
    assert sample.values[:3].tolist() == [2.31, 1.07, -0.42]
    assert sample.n == 12


def test_table_lists_its_columns_and_reads_the_chosen_one():
    data = (DATA / "people.csv").read_bytes()
    first = parse_samples(data)
    assert first.columns == ("height_cm", "group", "age")
    assert first.column == 0 and first.column_name == "height_cm"
    assert first.values[:2].tolist() == [172.5, 165.0]
    group = parse_samples(data, column=1)
    assert not group.numeric and group.values.tolist() == list("abababab")
    age = parse_samples(data, column=2)
    assert age.values.sum() == 31 + 45 + 28 + 52 + 39 + 33 + 41 + 26


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H T H H T", ["H", "T", "H", "H", "T"]),
        ("1, 2, 3", [1.0, 2.0, 3.0]),
        ("1\t2\t3", [1.0, 2.0, 3.0]),
        ("H,T,H", ["H", "T", "H"]),
        ("\ufeffx\r\n1\r\n2\r\n", [1.0, 2.0]),  # BOM and Windows line ends
        ("1\r2\r3\r", [1.0, 2.0, 3.0]),  # old Mac line ends
        ("\n\n 4.5 \n\n 5 \n", [4.5, 5.0]),  # blank lines and spaces
        ("1e3\n-2.5E-1\n+7\n", [1000.0, -0.25, 7.0]),
    ],
)
def test_accepted_shapes(text, expected):
    assert parse_samples(text).values.tolist() == expected


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("a,b\n1,2\n\n  \n3,4\n\n", 1, [2.0, 4.0]),  # blank lines are not rows
        ("\n\na,b\n1,2\n3,4", 0, [1.0, 3.0]),
        ("a\tb\n1\t\n2\t\n", 0, [1.0, 2.0]),  # an empty last field keeps its column
        ("a ; b\n 1 ; x \n2;y\n", 1, ["x", "y"]),  # spaces around fields
        ("é,ü\nå,1\nø,2\n", 0, ["å", "ø"]),  # UTF-8 names and labels
    ],
)
def test_table_shapes(text, column, expected):
    assert parse_samples(text, column=column).values.tolist() == expected


def test_quoted_fields_keep_their_commas():
    text = 'name,"city, state"\n1,"Austin, TX"\n2,"Reno, NV"\n3,"Austin, TX"\n'
    sample = parse_samples(text, column=1)
    assert sample.columns == ("name", "city, state")
    assert sample.values.tolist() == ["Austin, TX", "Reno, NV", "Austin, TX"]


def test_semicolon_table_with_header_detected_over_labels():
    sample = parse_samples("coin;die\nH;one\nT;two\nH;one\n", column=1)
    assert sample.header and sample.delimiter == ";"
    assert sample.values.tolist() == ["one", "two", "one"]


def test_header_choice_overrides_detection():
    assert parse_samples("H,T\n", header=False).values.tolist() == ["H", "T"]
    kept = parse_samples("coin\nH\nT\nH\nT\n", header=False)
    assert kept.values.tolist() == ["coin", "H", "T", "H", "T"]
    assert parse_samples("7\n1\n2\n", header=True).values.tolist() == [1.0, 2.0]
    table = parse_samples("a,b\nc,d\n", header=False, column=1)
    assert table.columns == ("column 1", "column 2")
    assert table.values.tolist() == ["b", "d"]


def test_values_are_read_only():
    for text in ("1\n2\n", "H\nT\n"):
        values = parse_samples(text).values
        with pytest.raises(ValueError):
            values[0] = values[1]


def test_a_single_observation_is_read_with_a_warning():
    number = parse_samples("3.5\n")
    assert number.values.tolist() == [3.5]
    assert "single observation" in number.warnings[0]
    label = parse_samples("x\n")
    assert label.values.tolist() == ["x"]
    assert "column name" in label.warnings[0]


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1))
def test_numbers_round_trip_through_text(values):
    values = [v for v in values if abs(v) <= 1e100] or [0.0]
    text = "\n".join(repr(v) for v in values)
    assert parse_samples(text).values.tolist() == values


@given(st.lists(st.sampled_from(["H", "T", "rain", "sun", "Ω", "été"]), min_size=1))
def test_labels_round_trip_through_text(labels):
    text = "\n".join(labels)
    assert parse_samples(text, header=False).values.tolist() == labels


# Bad input, each with its message ----------------------------------------------------------------


def _zip(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", content)
    return buffer.getvalue()


BAD = {
    "empty file": (b"", "empty"),
    "blank lines only": (b"\n  \n\t\n", "only blank lines"),
    "Unicode spaces only": ("\x85\u2028\u00a0".encode(), "only blank lines"),
    "header only": ((DATA / "header_only.csv").read_bytes(), "header with no data"),
    "zip renamed .csv": (_zip(b"1\n2\n"), "zip archive"),
    "gzip renamed .csv": (gzip.compress(b"1\n2\n"), "gzip archive"),
    "pdf renamed .csv": (b"%PDF-1.7\n...", "PDF document"),
    "NUL bytes": (b"1\n2\x00\x003\n", "binary data"),
    "control bytes": (b"1\n\x07\x08\n", "binary data"),
    "latin-1": ("x\ncafé\nthé\n".encode("latin-1"), "not UTF-8"),
    "UTF-16": ("x\n1\n".encode("utf-16"), "UTF-16"),
    "NaN": ((DATA / "with_nan.csv").read_bytes(), "NaN or infinite"),
    "infinity": (b"1\n-inf\n2\n", "NaN or infinite"),
    "numbers mixed with text": ((DATA / "mixed.csv").read_bytes(), "mixes numbers and text"),
    "missing marker": (b"1\n2\nNA\n3\n", "Missing values"),
    "decimal commas": (b"x;y\n1,5;2\n2,5;3\n", "decimal comma"),
    "empty cell": (b"a,b\n1,2\n,3\n", "empty value on line 3"),
    "ragged row": (b"a,b\n1,2\n3,4,5\n", "Line 3 has 3 fields but the header has 2"),
    "huge number": (b"1\n1e300\n", "too large"),
    "long label": (("a" * (MAX_LABEL_LENGTH + 1) + "\nb\n").encode(), "label of"),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_is_refused_with_a_message_for_people(kind):
    data, message = BAD[kind]
    with pytest.raises(ValueError, match=message):
        parse_samples(data)


def test_messages_name_the_line():
    with pytest.raises(ValueError, match=r"“NaN”, on line 4"):
        parse_samples((DATA / "with_nan.csv").read_bytes())
    with pytest.raises(ValueError, match=r"“abc”, on line 4") as error:
        parse_samples((DATA / "mixed.csv").read_bytes())
    assert "3 numbers and 1 text value" in str(error.value)
    with pytest.raises(ValueError, match=r"“zz”, on line 3"):
        parse_samples("1 2\n3 4\n5 zz 6\n")
    with pytest.raises(ValueError, match="byte 0xE9 on line 2"):
        parse_samples("x\ncafé\n".encode("latin-1"))


def test_a_space_separated_table_is_explained():
    with pytest.raises(ValueError, match="separate its columns with commas or tabs"):
        parse_samples("height age\n1.7 30\n1.8 40\n")


def test_a_bzip2_file_is_binary():
    with pytest.raises(ValueError, match=r"binary data|not UTF-8"):
        parse_samples(bz2.compress(b"1\n2\n" * 100))


@pytest.mark.parametrize(
    ("argument", "message"),
    [({"column": 3}, "no column 4"), ({"column": -1}, "no column 0")],
)
def test_a_missing_column_is_refused(argument, message):
    with pytest.raises(ValueError, match=message):
        parse_samples((DATA / "people.csv").read_bytes(), **argument)
    with pytest.raises(ValueError, match="one column"):
        parse_samples("1\n2\n", column=1)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ({"data": 5}, "bytes"),
        ({"data": b"1", "header": "yes"}, "header"),
        ({"data": b"1", "column": 1.5}, "column"),
    ],
)
def test_wrong_argument_types(argument, message):
    with pytest.raises(ValueError, match=message):
        parse_samples(**argument)


# The bounds -------------------------------------------------------------------------------------


def test_over_the_byte_limit():
    with pytest.raises(ValueError, match=r"20\.0 MB"):
        parse_samples(b"1\n" * (MAX_BYTES // 2 + 1))
    with pytest.raises(ValueError, match="characters"):
        parse_samples("1" * (MAX_BYTES + 1))


def test_one_enormous_line():
    with pytest.raises(ValueError, match=r"Line 2 is 1,000,000 characters long"):
        parse_samples(b"x\n" + b"7" * 1_000_000 + b"\n")


def test_a_long_multibyte_line_is_measured_in_characters():
    line = "é" * (MAX_LINE_LENGTH // 2 + 10)  # over the limit in bytes, within it in characters
    with pytest.raises(ValueError, match="label of 50,010 characters"):  # not "Line 1 is ..."
        parse_samples((line + "\n" + line + "\n").encode())


def test_too_many_lines():
    with pytest.raises(ValueError, match=f"at most {MAX_OBSERVATIONS:,} observations"):
        parse_samples(b"1\n" * (MAX_LINES + 1))


def test_too_many_values_on_few_lines():
    line = b"1 " * 45_000 + b"\n"
    with pytest.raises(ValueError, match="1,125,000 values"):
        parse_samples(line * 25)


def test_too_many_rows_in_a_table():
    with pytest.raises(ValueError, match="rows"):
        parse_samples(b"a,b\n" + b"1,2\n" * (MAX_OBSERVATIONS + 1))


def test_too_many_columns():
    header = ",".join(f"c{j}" for j in range(MAX_COLUMNS + 1))
    with pytest.raises(ValueError, match=f"at most {MAX_COLUMNS} columns"):
        parse_samples(header + "\n" + header.replace("c", "1") + "\n")


def test_too_many_distinct_labels():
    labels = "\n".join(f"id{k}" for k in range(MAX_DISTINCT_LABELS + 1))
    with pytest.raises(ValueError, match=f"{MAX_DISTINCT_LABELS + 1:,} distinct labels"):
        parse_samples(labels)
    at_limit = "\n".join(f"id{k}" for k in range(MAX_DISTINCT_LABELS))
    assert parse_samples(at_limit, header=False).n == MAX_DISTINCT_LABELS


def test_label_memory_is_bounded():
    words = ["strongly agree", "agree", "disagree", "strongly disagree"]
    text = "\n".join(words[k % 4] for k in range(MAX_LABEL_CHARACTERS // 17 + 1))
    with pytest.raises(ValueError, match="labels of up to 17 characters"):
        parse_samples(text)
    coins = "\n".join(["heads", "tails"] * (MAX_OBSERVATIONS // 2))
    assert parse_samples(coins).n == MAX_OBSERVATIONS  # a million short labels are fine


def test_a_million_numbers_are_read():
    whole = np.random.default_rng(1).integers(-(10**6), 10**6, size=MAX_OBSERVATIONS)
    text = "\n".join(map(str, whole.tolist()))  # whole numbers: cheap to write
    assert np.array_equal(parse_samples(text).values, whole.astype(float))


# The identity on parsed data ------------------------------------------------------------------


def test_average_nll_is_the_cross_entropy_of_the_empirical_distribution():
    sample = parse_samples((DATA / "coins.csv").read_bytes())
    p_hat = empirical_distribution(sample.values)
    assert p_hat.outcomes.tolist() == ["H", "T"]
    assert p_hat.probabilities.tolist() == [0.7, 0.3]
    q = [0.4, 0.6]
    nll = average_negative_log_likelihood(sample.values, ["H", "T"], q, base=2)
    # by hand: -(7 log2 0.4 + 3 log2 0.6) / 10
    by_hand = -(7 * math.log2(0.4) + 3 * math.log2(0.6)) / 10
    assert nll == pytest.approx(by_hand, rel=1e-14)
    assert nll == pytest.approx(cross_entropy(p_hat.probabilities, q, base=2), rel=1e-14)
    h = entropy(p_hat.probabilities, base=2)
    kl = kl_divergence(p_hat.probabilities, q, base=2)
    assert nll == pytest.approx(h + kl, rel=1e-14)


def test_the_bounds_are_consistent():
    assert MAX_LINES > MAX_OBSERVATIONS
    assert math.isfinite(parsing.MAX_MAGNITUDE**2)
    assert MAX_LINE_LENGTH >= 1000 and MAX_LABEL_LENGTH < MAX_LINE_LENGTH


# Anything at all: a result or a ValueError, never another exception ---------------------------

_PIECES = st.sampled_from(
    [
        "1",
        "-2.5",
        "1e3",
        "nan",
        "inf",
        "H",
        "T",
        "x",
        "a b",
        "",
        " ",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        '"',
        "é",
        "\x00",
        "\xff",
        "1,5",
        "NA",
        "1e400",
        "0x10",
    ]
)


def _parses_or_refuses(data, **options) -> None:
    try:
        sample = parse_samples(data, **options)
    except ValueError as error:
        assert str(error)
        return
    assert sample.n >= 1 and not sample.values.flags.writeable
    assert sample.values.dtype == (np.float64 if sample.numeric else sample.values.dtype)
    if sample.numeric:
        assert np.all(np.isfinite(sample.values))
    else:
        assert sample.values.dtype.kind == "U"
    assert 0 <= sample.column < len(sample.columns)


@given(st.binary(max_size=400))
def test_any_bytes_parse_or_are_refused(data):
    _parses_or_refuses(data)


@given(st.text(max_size=400))
def test_any_text_parses_or_is_refused(text):
    _parses_or_refuses(text)


@given(
    st.lists(_PIECES, max_size=60).map("".join),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, 0, 1, 2]),
)
def test_near_valid_text_parses_or_is_refused(text, header, column):
    _parses_or_refuses(text, header=header, column=column)
