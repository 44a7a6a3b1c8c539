"""Parse uploads and pastes with ``core.parse_samples``, a large one in a child Python process.

Parsing holds the interpreter lock that every session of the server shares, so a large parse in
the server would hold up every other session's reruns; in a child process it does not, and this
thread waits on a pipe meanwhile. Input and result travel through pipes (nothing touches the
disk), and the child imports only NumPy and ``core``. No Streamlit here: the caching lives with
the page's controls (``ui.sample_sources``).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

from core import ParsedSample, parse_samples

#: Inputs of at least this many bytes are parsed by a child process (a million numbers take
#: about half a second to parse).
PARSE_IN_CHILD_BYTES = 1_000_000
#: At most this many such children at once, whoever uploads; more wait for a turn. A bound on
#: processes that holds no data: sessions never see each other's input or results.
_PARSE_CHILDREN = threading.BoundedSemaphore(2)
#: A child may take this long (s) before the parse is done here instead.
CHILD_TIMEOUT = 120
_ROOT = Path(__file__).resolve().parents[1]
_CHILD_CODE = """
import pickle, sys
from core.parsing import parse_samples
data, header, column = pickle.load(sys.stdin.buffer)
try:
    result = parse_samples(data, header=header, column=column)
except ValueError as error:
    result = error
pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
"""


def parse_in_child(data: bytes | str, header: bool | None, column: int | None) -> ParsedSample:
    """``parse_samples`` in a child process, its ValueError re-raised here with its message.
    Where no child can be run, the parse happens here."""
    with _PARSE_CHILDREN:
        try:
            child = subprocess.run(
                [sys.executable, "-c", _CHILD_CODE],
                input=pickle.dumps((data, header, column), protocol=pickle.HIGHEST_PROTOCOL),
                capture_output=True,
                cwd=_ROOT,
                timeout=CHILD_TIMEOUT,
                check=True,
            )
            result = pickle.loads(child.stdout)  # our own child's output, nobody else's
        except (OSError, subprocess.SubprocessError, pickle.UnpicklingError, EOFError):
            return parse_samples(data, header=header, column=column)
    if isinstance(result, ValueError):
        raise result
    result.values.flags.writeable = False  # pickling does not keep the read-only flag
    return result


def parse_upload(data: bytes | str, header: bool | None, column: int | None) -> ParsedSample:
    """``parse_samples`` of ``data``: here when it is small, in a child process from
    ``PARSE_IN_CHILD_BYTES`` on. Raises ValueError with the parser's message."""
    if len(data) >= PARSE_IN_CHILD_BYTES:
        return parse_in_child(data, header, column)
    return parse_samples(data, header=header, column=column)
