"""Short aligned equations as HTML in KaTeX's fonts, for derivations whose numbers change on
every slider step.

``st.latex`` typesets with KaTeX on every rerun, changed or not, and turns its output into
thousands of page elements, more work for the browser than a lesson's charts. The equations of a
lesson are short rows of ``lhs = rhs``, so they are set here as a two-column table in the fonts
KaTeX uses (loaded on every page for the identity line under the title): italic letters, upright
digits and functions, subscripts. The page shows the result with ``st.html``; the styles are in
``ui.frame.FRAME_CSS``. Only numbers and these constant pieces go in, escaped.
"""

from __future__ import annotations

import math
from html import escape

#: Minus sign, not a hyphen.
MINUS = "\u2212"


def variable(name: str) -> str:
    """A variable: italic, as KaTeX sets single letters."""
    return f"<i>{escape(name)}</i>"


def log(base: float | None) -> str:
    """``ln`` for nats, ``log`` with the base as a subscript otherwise."""
    return "ln" if base is None else f"log<sub>{base:g}</sub>"


def number(value: float, digits: int = 3) -> str:
    """A number with a true minus sign; ∞ for infinity."""
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    text = f"{value:.{digits}f}"
    return text.replace("-", MINUS)


def unit(name: str) -> str:
    """A unit after its number: upright text with a thin space."""
    return f"\u2009<span class='kl-math-unit'>{escape(name)}</span>"


def aligned(rows: list[tuple[str, str]], *, label: str) -> str:
    """Rows of ``lhs`` and ``rhs`` (HTML made with this module), each rhs starting with its own
    relation sign, aligned on it like LaTeX's ``aligned``; ``label`` is read out by screen
    readers in place of the table. The block scrolls sideways where a phone is too narrow for
    it, so it takes the keyboard's focus (``tabindex``), and arrows scroll it."""
    body = "".join(f"<tr><td>{lhs}</td><td>{rhs}</td></tr>" for lhs, rhs in rows)
    return (
        f"<div class='kl-math' role='math' tabindex='0' aria-label='{escape(label, quote=True)}'>"
        f"<table>{body}</table></div>"
    )


def equation_blocks(*blocks: str) -> str:
    """Blocks made by :func:`aligned` in a row that wraps: side by side where there is room,
    one under the other on a phone."""
    return "<div class='kl-math-blocks'>" + "".join(blocks) + "</div>"
