"""The browser scripts of KL Lab's components, and how each component loads them.

The scripts are files in ``static/kl/``, served by Streamlit's static file serving
(``.streamlit/config.toml``). A component's own script is a small constant loader: it fetches
the component's files once per browser tab, joins them in order into one module (they share
their top-level functions, as the lookup in ``live_rows.js``, and ``APP_ROOT``, the app's
address the loader found its files at) and runs its default export with each new data.
Streamlit sends a component's script with every element it draws: inline, the live chart's
40 kB went to the browser again with every slider step and every chart. Each file's address
carries a digest of the files' contents, so a browser never runs a copy cached before a new
version of the app.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import streamlit as st

#: Where the scripts are, and the address Streamlit serves that folder at.
FOLDER = Path(__file__).resolve().parents[1] / "static" / "kl"
ADDRESS = "app/static/kl/"

# The loader: constant code; only the file names and their digest are put into it, as JSON.
_LOADER = """
const FILES = %s;
const VERSION = %s;

function root() {
  // Next to Streamlit's own bundle, which is served from the app's root whatever its base path
  // (a proxy's prefix, Community Cloud's) and whatever page is open.
  const bundle = document.querySelector('script[src*="/static/js/"]');
  if (bundle && bundle.src.includes("/static/js/")) {
    return bundle.src.slice(0, bundle.src.lastIndexOf("/static/js/") + 1);
  }
  return new URL(".", document.baseURI).href;
}

function load() {
  const scripts = (window.__klScripts = window.__klScripts || {});
  const key = FILES.join(" ") + " " + VERSION;
  if (!scripts[key]) {
    const fetched = FILES.map((name) =>
      fetch(root() + %s + name + "?v=" + VERSION).then((answer) => {
        if (!answer.ok) throw new Error(name + ": " + answer.status);
        return answer.text();
      }),
    );
    scripts[key] = Promise.all(fetched)
      .then((texts) => {
        // APP_ROOT: the app's address, for the files that fetch more (live_chart.js, plotly.js).
        const head = "const APP_ROOT = " + JSON.stringify(root()) + ";\\n";
        const url = URL.createObjectURL(new Blob([head, ...texts], { type: "text/javascript" }));
        return import(url);
      })
      .catch((error) => {
        delete scripts[key]; // the next drawing tries again
        throw error;
      });
  }
  return scripts[key];
}

export default function (args) {
  const note = args.parentElement.querySelector(":scope > .kl-script-problem");
  return load().then(
    (module) => {
      if (note) note.remove();
      return module.default(args);
    },
    () => {
      if (note) return;
      const problem = document.createElement("p");
      problem.className = "kl-script-problem";
      problem.setAttribute("role", "alert");
      problem.textContent =
        "This part of the page could not load its script. Check the connection and reload " +
        "the page.";
      args.parentElement.appendChild(problem);
    },
  );
}
"""


def script_text(files: tuple[str, ...]) -> str:
    """The component's script as the browser runs it: ``files`` of ``static/kl/`` joined."""
    return "".join((FOLDER / name).read_text() for name in files)


def loader(files: tuple[str, ...]) -> str:
    """The constant script that loads ``files`` of ``static/kl/`` (the last one exports the
    component's function)."""
    digest = hashlib.blake2b(script_text(files).encode(), digest_size=8).hexdigest()
    return _LOADER % (json.dumps(list(files)), json.dumps(digest), json.dumps(ADDRESS))


def component(name: str, files: tuple[str, ...], *, css: str | None = None):
    """A ``st.components.v2`` component named ``name`` whose script is ``files`` of
    ``static/kl/`` joined, in the page (no iframe, no style isolation)."""
    return st.components.v2.component(name, js=loader(files), css=css, isolate_styles=False)
