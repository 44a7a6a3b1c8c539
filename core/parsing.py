"""Reading a sample from uploaded or pasted text: strict, bounded, with messages for people.

Accepted input is UTF-8 text in one of two shapes:

- **a list**: observations separated by whitespace, usually one per line (``H`` ``T`` ``H`` or
  ``1.5`` ``2.25``), optionally under a one-word column name such as ``x``;
- **a table**: fields separated by commas, semicolons or tabs, usually with a header row of
  column names. The columns are listed (:attr:`ParsedSample.columns`) and one is read.

A column is either all numbers (read as float64) or all text labels (read as ``str``). Anything
else is refused with a ``ValueError`` whose message says what is wrong, where, and what to do:
empty input, binary or non-UTF-8 bytes, archives and documents renamed ``.csv``, a header with no
data, NaN or infinity, numbers mixed with text, missing values, ragged rows, too many distinct
labels, and input over the bounds below (bytes, lines, line length, observations, columns).

The bounds keep the work per call small: the server's sessions share one Python process, so no
upload may keep it busy for long or fill its memory. Every check before splitting the text is a
vectorised pass over the bytes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import numpy as np

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_DISTINCT_LABELS",
    "MAX_LABEL_CHARACTERS",
    "MAX_LABEL_LENGTH",
    "MAX_LINE_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_OBSERVATIONS",
    "ParsedSample",
    "parse_samples",
]

#: The largest input read, in bytes (the app's ``server.maxUploadSize`` is the same 20 MB).
MAX_BYTES = 20 * 1024 * 1024
#: The most observations read from one input.
MAX_OBSERVATIONS = 1_000_000
#: The most lines (room for a header and blank lines on top of the observations).
MAX_LINES = MAX_OBSERVATIONS + 1_000
#: The longest line, in characters.
MAX_LINE_LENGTH = 100_000
#: The most columns in a table.
MAX_COLUMNS = 100
#: The most distinct text labels: a categorical model needs several observations per label.
MAX_DISTINCT_LABELS = 1_000
#: The longest text label, in characters.
MAX_LABEL_LENGTH = 40
#: The most characters of labels held: the count times the longest label (a ``str`` array
#: stores every label at the length of the longest, 4 bytes a character).
MAX_LABEL_CHARACTERS = 10_000_000
#: The largest size of a number: squares and sums of squares must stay finite.
MAX_MAGNITUDE = 1e100

#: Magic bytes at the start of common non-text files, and what a person calls them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx or OpenDocument .ods workbook is one too)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 (.xls) or other Office document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
#: Lookup tables over byte values. Whitespace as ``bytes.split`` sees it: tab, newline, vertical
#: tab, form feed, carriage return, space.
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[9, 10, 11, 12, 13, 32]] = True
#: Binary: control bytes other than that whitespace, and DEL.
_BINARY = np.zeros(256, dtype=bool)
_BINARY[:32] = True
_BINARY[[9, 10, 11, 12, 13]] = False
_BINARY[127] = True
#: How people write a missing value; named in the message when one turns up among numbers.
_MISSING_MARKERS = {"na", "n/a", "nan", "null", "none", "missing", "-", "?", "."}
#: Delimiters of a table, in the order that wins a tie.
_DELIMITERS = ("\t", ";", ",")
_DELIMITER_NAMES = {"\t": "tabs", ";": "semicolons", ",": "commas"}


@dataclass(frozen=True)
class ParsedSample:
    """A sample read from text, ready for :func:`core.empirical_distribution`.

    Attributes
    ----------
    values : ndarray
        One-dimensional and read-only: float64 for numbers, ``str`` labels otherwise.
    numeric : bool
        True for numbers, False for text labels.
    columns : tuple of str
        Every column found (one for a list); ``"column 2"`` where a table has no header.
    column : int
        The index in ``columns`` of the column read.
    header : bool
        Whether the first line was read as column names rather than data.
    delimiter : str or None
        The table's delimiter, None for a list.
    warnings : tuple of str
        Things the reader should know, e.g. that there is a single observation.
    """

    values: np.ndarray
    numeric: bool
    columns: tuple[str, ...]
    column: int
    header: bool
    delimiter: str | None
    warnings: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """The number of observations."""
        return int(self.values.shape[0])

    @property
    def column_name(self) -> str:
        """The name of the column read."""
        return self.columns[self.column]


# Bytes ------------------------------------------------------------------------------------------


def _thousands(value: int) -> str:
    return f"{value:,}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_bytes(data: bytes) -> bytes:
    """Refuse what is not bounded UTF-8 text; return it with a BOM removed and LF line ends."""
    if len(data) == 0:
        raise ValueError("The input is empty (0 bytes): there is nothing to read.")
    if len(data) > MAX_BYTES:
        raise ValueError(
            f"The input is {_megabytes(len(data))}; KL Lab reads at most "
            f"{_megabytes(MAX_BYTES)}. Use a smaller sample of the data."
        )
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ValueError(
                f"This is {kind}, not a text file, even if its name ends in .csv or .txt. "
                "Export or save the data as CSV (UTF-8) or plain text and upload that."
            )
    if data.startswith(_UTF16_BOMS):
        raise ValueError(
            "This is UTF-16 text; KL Lab reads UTF-8. Save it again as “CSV UTF-8” "
            "(or plain text with UTF-8 encoding)."
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    buffer = np.frombuffer(data, dtype=np.uint8)
    control = _BINARY[buffer]
    if control.any():
        position = int(np.argmax(control))
        raise ValueError(
            f"The input contains binary data (byte 0x{buffer[position]:02X} at position "
            f"{_thousands(position + 1)}), not text. Upload a CSV or plain text file."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"The input is not UTF-8 text: byte 0x{data[error.start]:02X} on line "
            f"{_thousands(line)} cannot be read. Save the file as “CSV UTF-8” or as plain text "
            "with UTF-8 encoding."
        ) from None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data.strip():
        raise ValueError("The input holds only blank lines or spaces: there is nothing to read.")
    return data


def _check_lines(data: bytes) -> None:
    """Refuse too many lines or a line that is too long (vectorised over the bytes)."""
    newlines = data.count(b"\n")
    lines = newlines + (not data.endswith(b"\n"))
    if lines > MAX_LINES:
        raise ValueError(
            f"The input has {_thousands(lines)} lines; KL Lab reads at most "
            f"{_thousands(MAX_OBSERVATIONS)} observations. Use a sample of the data."
        )
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10)
    bounds = np.concatenate(([-1], ends, [len(data)]))
    lengths = np.diff(bounds) - 1
    longest = int(np.argmax(lengths))
    if lengths[longest] > MAX_LINE_LENGTH:
        start, stop = int(bounds[longest]) + 1, int(bounds[longest + 1])
        characters = len(data[start:stop].decode("utf-8"))
        if characters > MAX_LINE_LENGTH:
            raise ValueError(
                f"Line {_thousands(longest + 1)} is {_thousands(characters)} characters long; "
                f"KL Lab reads lines of at most {_thousands(MAX_LINE_LENGTH)} characters. "
                "Put one observation (or one row of a table) per line."
            )


def _count_tokens(data: bytes) -> int:
    """How many whitespace-separated tokens ``data.split()`` would give, without splitting."""
    space = _WHITESPACE[np.frombuffer(data, dtype=np.uint8)]
    starts = ~space
    starts[1:] &= space[:-1]
    return int(np.count_nonzero(starts))


# Tokens to values ---------------------------------------------------------------------------------


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _quoted(token: str, limit: int = 30) -> str:
    shown = token if len(token) <= limit else token[: limit - 1] + "…"
    return f"“{shown}”"


class _Locator:
    """Turns the index of a value into its line number (only ever called to write a message)."""

    def __init__(self, text: str, *, per_line: bool, skip: int) -> None:
        self.text, self.per_line, self.skip = text, per_line, skip

    def line(self, index: int) -> int:
        target = index + self.skip
        seen = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            found = (1 if line.strip() else 0) if self.per_line else len(line.split())
            if seen + found > target:
                return number
            seen += found
        return number


#: Tokens converted to numbers per call. One conversion of a million strings holds Python's
#: interpreter lock for about a quarter of a second, and every other session of the server waits
#: for it; between chunks of this size (about 10 ms each) the others get their turn.
_CHUNK = 32_768


def _try_numbers(tokens: list[str]) -> np.ndarray | None:
    """The tokens as float64 if every one is a number (NaN and inf included), else None."""
    numbers = np.empty(len(tokens), dtype=np.float64)
    try:
        for start in range(0, len(tokens), _CHUNK):
            numbers[start : start + _CHUNK] = np.array(
                tokens[start : start + _CHUNK], dtype=np.float64
            )
    except ValueError:
        return None
    return numbers


def _values(tokens: list[str], locate: _Locator, where: str) -> tuple[np.ndarray, bool]:
    """Read a column of tokens as float64 numbers or as str labels, or say why not."""
    numbers = _try_numbers(tokens)
    if numbers is not None:
        return _numbers(tokens, numbers, locate, where), True
    return _labels(tokens, locate, where), False


def _numbers(tokens: list[str], numbers: np.ndarray, locate: _Locator, where: str) -> np.ndarray:
    """Refuse NaN, infinity and numbers too large to square; return the array read-only."""
    finite = np.isfinite(numbers)
    if not finite.all():
        bad = int(np.argmin(finite))
        count = int(np.count_nonzero(~finite))
        raise ValueError(
            f"{where} contains {_thousands(count)} value{'s' * (count > 1)} that "
            f"{'are' if count > 1 else 'is'} NaN or infinite (the first, "
            f"{_quoted(tokens[bad])}, on line {_thousands(locate.line(bad))}). A model "
            "cannot give a probability to a missing or infinite value: remove those lines."
        )
    large = np.abs(numbers) > MAX_MAGNITUDE
    if large.any():
        bad = int(np.argmax(large))
        raise ValueError(
            f"{where} contains a number too large to work with, {_quoted(tokens[bad])} on "
            f"line {_thousands(locate.line(bad))}; KL Lab reads numbers up to "
            "1e100 in size."
        )
    numbers.flags.writeable = False
    return numbers


def _labels(tokens: list[str], locate: _Locator, where: str) -> np.ndarray:
    """Read tokens that are not all numbers as labels, or say why they are not a sample."""
    distinct = set(tokens)
    if "" in distinct:
        bad = tokens.index("")
        raise ValueError(
            f"{where} has an empty value on line {_thousands(locate.line(bad))}. Fill it in or "
            "remove the line: a missing value is not an observation."
        )
    number_like = {token for token in distinct if _is_number(token)}
    if number_like:
        text_count = sum(1 for token in tokens if token not in number_like)
        first = next(i for i, token in enumerate(tokens) if token not in number_like)
        message = (
            f"{where} mixes numbers and text: {_thousands(len(tokens) - text_count)} numbers "
            f"and {_thousands(text_count)} text value{'s' * (text_count > 1)} (the first, "
            f"{_quoted(tokens[first])}, on line {_thousands(locate.line(first))}). "
            "Use a column of numbers or a column of labels."
        )
        text_values = distinct - number_like
        if any(token.lower() in _MISSING_MARKERS for token in text_values):
            message += " Missing values such as “NA” are not observations: remove those lines."
        elif any(_is_number(token.replace(",", ".")) for token in text_values):
            message += " Numbers with a decimal comma (1,5) are read as text: write 1.5."
        raise ValueError(message)

    if all(_is_number(token.replace(",", ".")) for token in distinct):
        raise ValueError(
            f"{where} holds numbers written with a decimal comma (the first, "
            f"{_quoted(tokens[0])}, on line {_thousands(locate.line(0))}), which KL Lab would "
            "read as text labels. Write them with a decimal point (1.5), or separate the "
            "columns with semicolons and the decimals with points."
        )
    if len(distinct) > MAX_DISTINCT_LABELS:
        raise ValueError(
            f"{where} has {_thousands(len(distinct))} distinct labels; KL Lab reads at most "
            f"{_thousands(MAX_DISTINCT_LABELS)}, since a categorical model needs several "
            "observations of each label. Is this a column of names or identifiers?"
        )
    longest = max(distinct, key=len)
    if len(longest) > MAX_LABEL_LENGTH:
        raise ValueError(
            f"{where} has a label of {_thousands(len(longest))} characters "
            f"({_quoted(longest)}); labels may have at most {MAX_LABEL_LENGTH}. "
            "Is this free text rather than a column of categories?"
        )
    if len(tokens) * len(longest) > MAX_LABEL_CHARACTERS:
        raise ValueError(
            f"{where} has {_thousands(len(tokens))} labels of up to {len(longest)} characters; "
            f"KL Lab holds at most {_thousands(MAX_LABEL_CHARACTERS)} characters of labels "
            "(the number of labels times the longest). Use fewer observations or shorter labels."
        )
    labels = np.array(tokens, dtype=str)
    labels.flags.writeable = False
    return labels


# The two shapes of input --------------------------------------------------------------------------


def _first_line(text: str) -> str:
    """The first line that is not blank (without splitting the whole text)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            return line
        start = end + 1
    return ""


def _delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def _single(values: np.ndarray, numeric: bool, warnings: list[str], extra: str = "") -> None:
    if values.shape[0] == 1:
        kind = "number" if numeric else "label"
        warnings.append(
            f"There is a single observation (the {kind} {_quoted(str(values[0]))}): P̂ puts all "
            f"its mass on it, so H(P̂) = 0 and no spread can be estimated. Add more data.{extra}"
        )


def _read_list(data: bytes, text: str, header: bool | None) -> ParsedSample:
    """Observations without delimiters: numbers separated by any whitespace; labels one per
    line (a label may contain spaces), or separated by spaces when there is a single line. The
    first line may be a column name."""
    count = _count_tokens(data)
    if count > MAX_OBSERVATIONS + 1:
        raise ValueError(
            f"The input has {_thousands(count)} values; KL Lab reads at most "
            f"{_thousands(MAX_OBSERVATIONS)} observations. Use a sample of the data."
        )
    words = text.split()
    if not words:  # only Unicode spaces such as U+0085 or U+2028
        raise ValueError("The input holds only blank lines or spaces: there is nothing to read.")
    first = _first_line(text).strip()
    first_words = first.split()
    warnings: list[str] = []

    # Numbers, with or without a name above them.
    if not header:
        numbers = _try_numbers(words)
        if numbers is not None:
            locate = _Locator(text, per_line=False, skip=0)
            return _numeric_list(words, numbers, locate, "values", False)
    rest = words[len(first_words) :]
    if rest and (header or (header is None and len(first_words) == 1)):
        numbers = None if _is_number(first) and header is None else _try_numbers(rest)
        if numbers is not None:
            locate = _Locator(text, per_line=False, skip=len(first_words))
            return _numeric_list(rest, numbers, locate, first, True)

    # Labels (or a mix, which is refused with its line).
    if " " in text or "\t" in text:
        lines = [line.strip() for line in text.split("\n")]
        lines = [line for line in lines if line]
    else:
        lines = words  # no spaces inside a line: every non-blank line is one word
    units = lines if len(lines) > 1 else words
    if header is None:
        header = len(lines) > 1 and _list_has_header(first, lines[1:])
    if header:
        if len(lines) == 1:
            raise ValueError(
                f"The input has a header line ({_quoted(first, 60)}) and nothing else: "
                "there are no observations to read."
            )
        units, name = lines[1:], first
    else:
        name = "values"
    if len(units) > MAX_OBSERVATIONS:
        raise ValueError(
            f"The input has {_thousands(len(units))} values; KL Lab reads at most "
            f"{_thousands(MAX_OBSERVATIONS)} observations. Use a sample of the data."
        )
    locate = _Locator(text, per_line=len(lines) > 1, skip=1 if header else 0)
    numbers = _try_numbers(units)
    if numbers is not None:  # numbers under a name of several words
        return _numeric_list(units, numbers, locate, name, header)
    spaced = []
    if " " in text or "\t" in text:
        spaced = [i for i, unit in enumerate(units) if " " in unit or "\t" in unit][:1000]
    for i in spaced:
        if all(_is_number(word) for word in units[i].split()):
            hint = "If this is a table, separate its columns with commas or tabs."
            skip = len(first_words) if header else 0
            if _try_numbers(words[skip:]) is None:  # words of text among the numbers
                word_locate = _Locator(text, per_line=False, skip=skip)
                try:
                    _labels(words[skip:], word_locate, "The data")
                except ValueError as error:
                    raise ValueError(f"{error} {hint}") from None
            raise ValueError(
                f"Line {_thousands(locate.line(i))} holds several numbers separated by spaces "
                f"({_quoted(units[i])}) under the line {_quoted(first)}. {hint}"
            )
    values = _labels(units, locate, "The data")
    if spaced and len(lines) > 1 and all(len(w) <= 2 for w in units[spaced[0]].split()):
        warnings.append(
            f"Each line is read as one observation, so {_quoted(units[spaced[0]])} is one "
            "label. If every letter or word is an observation, put one per line."
        )
    extra = ""
    if not header and len(units) == 1:
        extra = f" (If {_quoted(units[0])} is a column name, the data is missing.)"
    _single(values, False, warnings, extra)
    return ParsedSample(values, False, (name,), 0, header, None, tuple(warnings))


def _numeric_list(
    tokens: list[str], numbers: np.ndarray, locate: _Locator, name: str, header: bool
) -> ParsedSample:
    values = _numbers(tokens, numbers, locate, "The data")
    warnings: list[str] = []
    _single(values, True, warnings)
    return ParsedSample(values, True, (name,), 0, header, None, tuple(warnings))


def _list_has_header(first: str, rest: list[str]) -> bool:
    """A first line is a name when it is text over (mostly) numbers, or a label seen only once
    over labels that repeat (on average at least twice each)."""
    if not rest or _is_number(first):
        return False
    sample = rest[:1000]
    numbers = sum(1 for token in sample if _is_number(token))
    if numbers:
        return 2 * numbers >= len(sample)  # a name over (mostly) numbers
    distinct = set(rest)
    return first not in distinct and 2 * len(distinct) <= len(rest)


def _split_rows(lines: list[str], delimiter: str, quoted: bool) -> list[list[str]]:
    if quoted:
        return [[field.strip() for field in row] for row in csv.reader(lines, delimiter=delimiter)]
    return [[field.strip() for field in line.split(delimiter)] for line in lines]


#: A blank line (spaces at most), including a last one without a line break.
_BLANK_LINE = re.compile(r"^[ \t\f\v]*(?:\n|\Z)", re.MULTILINE)
#: A line of spaces between two lines (the rare blank line that ``"\n\n"`` does not find).
_SPACES_LINE = re.compile(r"\n[ \t\f\v]+\n")


def _read_table(text: str, delimiter: str, header: bool | None, column: int | None) -> ParsedSample:
    """A table: fields separated by ``delimiter``, one row per line, the first maybe a header.

    Without quotes (the usual export) blank lines go in one regular-expression pass (only if
    there are any), the fields of every row are counted at once from the delimiters' positions,
    and only the chosen column's fields are kept as strings.
    """
    compact = text
    if compact.startswith(("\n", " ", "\t")) or "\n\n" in compact or _SPACES_LINE.search(compact):
        compact = _BLANK_LINE.sub("", compact)
    compact = compact.rstrip("\n")
    first_line, _, rest = compact.partition("\n")
    quoted = '"' in compact
    first = _split_rows([first_line], delimiter, quoted)[0]
    width = len(first)
    if width > MAX_COLUMNS:
        raise ValueError(
            f"The first line has {_thousands(width)} fields separated by "
            f"{_DELIMITER_NAMES[delimiter]}; KL Lab reads tables of at most {MAX_COLUMNS} "
            "columns. Keep only the columns you need."
        )
    warnings: list[str] = []

    if not rest:
        # One line: a pasted list such as ``H, T, H`` -- or a header with nothing under it.
        looks_like_names = len(set(first)) == len(first) and all(
            f and not _is_number(f) for f in first
        )
        if header or (header is None and looks_like_names):
            shown = f"{delimiter} ".join(first) if delimiter != "\t" else " ⇥ ".join(first)
            raise ValueError(
                f"The input has one line, {_quoted(shown, 60)}, and nothing after it: it looks "
                "like a header with no data. If these are the observations themselves, choose "
                "“First line: data”."
            )
        locate = _Locator(text, per_line=True, skip=0)
        values, numeric = _values(first, _OneLine(locate), "The line")
        _single(values, numeric, warnings)
        return ParsedSample(values, numeric, ("values",), 0, False, delimiter, tuple(warnings))

    if header is None:
        sample = rest.split("\n", 1000)[:1000]
        header = _table_has_header(first, _split_rows(sample, delimiter, quoted))
    if header:
        names = [name or f"column {j + 1}" for j, name in enumerate(first)]
        body = rest
    else:
        names = [f"column {j + 1}" for j in range(width)]
        body = compact
    rows = body.count("\n") + 1
    if rows > MAX_OBSERVATIONS:
        raise ValueError(
            f"The table has {_thousands(rows)} rows; KL Lab reads at most "
            f"{_thousands(MAX_OBSERVATIONS)} observations. Use a sample of the data."
        )
    if column is None:
        column = 0
    if not 0 <= column < width:
        raise ValueError(f"There is no column {column + 1}: the table has {width} columns.")

    locate = _Locator(text, per_line=True, skip=1 if header else 0)
    if quoted:
        tokens = []
        for index, row in enumerate(csv.reader(body.split("\n"), delimiter=delimiter)):
            if len(row) != width:
                _ragged(locate, index, len(row), width, header)
            tokens.append(row[column].strip())
    else:
        counts = _fields_per_line(body, delimiter)
        ragged = np.flatnonzero(counts != width)
        if ragged.size:
            index = int(ragged[0])
            _ragged(locate, index, int(counts[index]), width, header)
        tokens = [line.split(delimiter, column + 1)[column].strip() for line in body.split("\n")]

    where = f"Column {_quoted(names[column])}"
    values, numeric = _values(tokens, locate, where)
    _single(values, numeric, warnings)
    return ParsedSample(
        values, numeric, tuple(names), column, bool(header), delimiter, tuple(warnings)
    )


def _fields_per_line(body: str, delimiter: str) -> np.ndarray:
    """The number of fields on each line (delimiters + 1), from the positions of the delimiters
    and line breaks in the bytes, with no loop over the lines."""
    buffer = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    breaks = np.flatnonzero(buffer == 10)
    delimiters = np.flatnonzero(buffer == ord(delimiter))
    starts = np.concatenate(([0], breaks + 1))
    stops = np.concatenate((breaks, [buffer.shape[0]]))
    return np.searchsorted(delimiters, stops) - np.searchsorted(delimiters, starts) + 1


class _OneLine:
    """Locator for a single line read as a list: every value is on that line."""

    def __init__(self, locate: _Locator) -> None:
        self.locate = locate

    def line(self, index: int) -> int:
        return self.locate.line(0)


def _ragged(locate: _Locator, index: int, found: int, width: int, header: bool) -> None:
    first = "the header" if header else "the first line"
    raise ValueError(
        f"Line {_thousands(locate.line(index))} has {found} field{'s' * (found != 1)} but "
        f"{first} has {width}: every row of a table needs the same number of fields."
    )


def _table_has_header(first: list[str], rows: list[list[str]]) -> bool:
    """The first row is a header when its fields are distinct names (not numbers, not empty)
    and either a number appears in the next row, or none of its names reappears in its column
    in the next ``rows`` (up to 1,000)."""
    if len(set(first)) != len(first) or not all(f and not _is_number(f) for f in first):
        return False
    if rows and any(_is_number(field) for field in rows[0]):
        return True
    return not any(a == b for row in rows for a, b in zip(first, row, strict=False))


# The public entry point -----------------------------------------------------------------------


def parse_samples(
    data: bytes | str, *, header: bool | None = None, column: int | None = None
) -> ParsedSample:
    """Read a sample of numbers or labels from uploaded bytes or pasted text.

    Parameters
    ----------
    data : bytes or str
        The file's bytes, or pasted text. At most ``MAX_BYTES`` (20 MB) of UTF-8.
    header : bool, optional
        Whether the first line holds column names. None (the default) decides from the data:
        a one-word line of text above numbers is a name; so is a table's first row of distinct
        text fields when numbers appear below it or its names do not reappear in their columns.
    column : int, optional
        Which column of a table to read (0-based); the first by default.

    Returns
    -------
    ParsedSample
        The values (read-only), whether they are numbers, the columns found and which was read.

    Raises
    ------
    ValueError
        With a message for a person naming what is wrong and where, for empty, binary,
        non-UTF-8, oversized or malformed input (see the module docstring).

    Examples
    --------
    >>> parse_samples("H\\nT\\nH\\n").values.tolist()
    ['H', 'T', 'H']
    >>> s = parse_samples(b"height,group\\n1.5,a\\n2.0,b\\n", column=0)
    >>> s.columns, s.column_name, s.values.tolist()
    (('height', 'group'), 'height', [1.5, 2.0])
    >>> parse_samples("1\\n2\\nnan\\n")
    Traceback (most recent call last):
    ...
    ValueError: The data contains 1 value that is NaN or infinite (the first, “nan”, on line 3). \
A model cannot give a probability to a missing or infinite value: remove those lines.
    """
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise ValueError(
                f"The text has {_thousands(len(data))} characters; KL Lab reads at most "
                f"{_megabytes(MAX_BYTES)}. Use a smaller sample of the data."
            )
        data = data.encode("utf-8")
    elif isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif not isinstance(data, bytes):
        raise ValueError("`data` must be bytes (an uploaded file) or str (pasted text)")
    if header is not None and not isinstance(header, bool):
        raise ValueError("`header` must be True, False or None (decide from the data)")
    if column is not None and (isinstance(column, bool) or not isinstance(column, int)):
        raise ValueError("`column` must be a whole number (0 for the first column)")
    data = _check_bytes(data)
    _check_lines(data)
    text = data.decode("utf-8")
    delimiter = _delimiter(_first_line(text))
    if delimiter is None:
        if column not in (None, 0):
            raise ValueError(f"There is no column {column + 1}: the data has one column.")
        return _read_list(data, text, header)
    return _read_table(text, delimiter, header, column)
