"""The components' browser scripts (ui.scripts): files the app serves, loaded by a constant
loader whose addresses change with the files' contents."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ui import scripts
from ui.scripts import FOLDER, loader, script_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_scripts_are_in_the_folder_streamlit_serves():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    assert FOLDER == ROOT / "static" / "kl"
    assert scripts.ADDRESS == "app/static/kl/"


def test_the_loader_names_the_files_in_order_and_a_digest_of_their_contents():
    files = ("live_rows.js", "drag.js")
    text = loader(files)
    assert 'const FILES = ["live_rows.js", "drag.js"];' in text
    (digest,) = re.findall(r'const VERSION = "([0-9a-f]{16})";', text)
    assert loader(files) == text  # the same files, the same loader (Streamlit compares it)
    # Other contents (here: the files in another order) give another digest, so an address a
    # browser cached for other contents is never used again.
    assert digest not in loader(("drag.js", "live_rows.js"))
    assert script_text(files) == "".join((FOLDER / name).read_text() for name in files)


def test_the_loader_is_a_module_whose_default_runs_the_joined_scripts():
    text = loader(("live_rows.js", "drag.js"))
    assert len(re.findall(r"^export default function", text, flags=re.M)) == 1
    assert "module.default(args)" in text and "new Blob([head, ...texts]" in text
    # The joined files are told the app's address (live_chart.js loads plotly.js from there).
    assert 'const head = "const APP_ROOT = " + JSON.stringify(root()) + ";\\n";' in text
