"""Text from users (URL values, file names, column headers, labels) inside Streamlit markdown.

Streamlit renders the body of st.markdown, st.caption, st.info, st.warning and st.error as
markdown, with $math$ and :color[...] directives on top, so a label ``**x**`` would turn bold, a
file name ``[x](https://…)`` into a link and ``$x$`` into an equation. Everything a user typed
goes into such a body through one of these two functions, which show it character for character.
"""

from __future__ import annotations

import re

#: The characters that start markup anywhere in a line: emphasis, code, links and images,
#: raw HTML and entities, tables, strikethrough, Streamlit's $math$, and a colon before a letter
#: (Streamlit's :color[...] directives, :material/...: icons and :emoji: short codes).
_INLINE = re.compile(r"([\\`*_\[\]<>&$~|]|:(?=[A-Za-z/]))")
#: What starts a block at the start of a line: a heading, a list item, a quote, a rule.
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"[\r\n]+")
#: Where GitHub-flavoured markdown would make a link of plain text (``https://…``, ``www.…``,
#: ``name@host.…``) even with its punctuation escaped: an invisible word joiner there stops it.
_AUTOLINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
_WORD_JOINER = "\u2060"


def as_text(value: object) -> str:
    """``value`` as markdown that shows its characters: markup escaped, line breaks spaced.

    CommonMark shows a punctuation character escaped by a backslash as itself. Only what could
    start markup is escaped, so ``UTF-8, line 2.`` stays as it is; a web or e-mail address gets
    an invisible word joiner after its ``:``, ``www`` or ``@`` so that it is not made a link.

    Examples
    --------
    >>> as_text("**bold** [x](https://a.example) 3.5")
    '\\\\*\\\\*bold\\\\*\\\\* \\\\[x\\\\](https\\\\:\u2060//a.example) 3.5'
    """
    text = _INLINE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    text = _AUTOLINK_STARTS.sub(_WORD_JOINER, text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match) -> str:
    """``# x`` as ``\\# x``; ``1. x`` as ``1\\. x`` (the dot makes the list item)."""
    indent, marker = match[1], match[2]
    return indent + (marker + "\\" if marker.isdigit() else "\\" + marker)


def as_message(message: object) -> str:
    """A message of ours that quotes user text: its ```name``` code spans stay code, the rest
    is shown as text (:func:`as_text`).

    Examples
    --------
    >>> as_message("`p` entry 1 (**x**) is not a number")
    '`p` entry 1 (\\\\*\\\\*x\\\\*\\\\*) is not a number'
    """
    parts = re.split(r"(`[A-Za-z_][A-Za-z0-9_]*`)", str(message))
    return "".join(part if index % 2 else as_text(part) for index, part in enumerate(parts))


def as_code(value: object) -> str:
    """``value`` as an inline code span that no backtick inside it can close.

    Examples
    --------
    >>> as_code("p=0.3")
    '`p=0.3`'
    >>> as_code("a`b")
    '`` a`b ``'
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if "`" in text else ""
    return f"{fence}{padding}{text}{padding}{fence}"
