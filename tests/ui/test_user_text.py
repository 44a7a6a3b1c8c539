"""as_text and as_code: user text in markdown shows character for character (CommonMark, as
Streamlit renders it, by markdown-it), whatever markup it holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.pages.test_hostile_text import AUTOLINK, EXTENSIONS, prose, rendered
from ui.user_text import as_code, as_message, as_text

HOSTILE = [
    "**bold** _em_",
    "[link](https://evil.example/)",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "`code` ``more``",
    "$x^2$ :red[red] :material/warning:",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "a | b",
    "back\\slash \\*",
    "&amp; &lt;b&gt;",
    "line\nbreak\r\n\n# heading",
    "https://a.example/x www.a.example me@a.example HTTP://B.EXAMPLE",
]


def flattened(text: str) -> str:
    """What both helpers promise to show: the text, with each run of line breaks one space."""
    return re.sub(r"[\r\n]+", " ", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_as_text_shows_the_characters(text):
    page_html, shown, unescaped = rendered(f"Before “{as_text(text)}” after.")
    assert shown == f"Before “{flattened(text)}” after.", page_html
    assert not EXTENSIONS.search(unescaped)  # no $math$ or :directive[...] left to Streamlit
    assert not AUTOLINK.search(prose(f"Before “{as_text(text)}” after."))


@pytest.mark.parametrize("text", HOSTILE)
def test_as_code_is_one_code_span(text):
    page_html, shown, _ = rendered(f"The link's {as_code(text)} is ignored.")
    assert page_html.count("<code>") == 1
    assert shown == f"The link's {flattened(text)} is ignored.", page_html


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
def test_any_printable_text_survives_both(text):
    assert rendered(f"x {as_text(text)} y")[1] == f"x {text} y"
    assert not AUTOLINK.search(prose(f"x {as_text(text)} y"))
    if text.strip():
        page_html, shown, _ = rendered(f"x {as_code(text)} y")
        assert page_html.count("<code>") == 1
        assert shown == f"x {text} y" or (text[0] == text[-1] == " " and "`" not in text)


@given(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=20))
def test_text_at_the_start_of_a_line_starts_no_block(text):
    # "# x" a heading, "- x" a list, "1. x" an ordered list, "> x" a quote, had it not been escaped
    for body in (as_text(text + " y"), as_text(text + ". y"), as_text(text) + " y"):
        assert rendered(body)[0].startswith("<p>")
    assert rendered(as_text(text) + " y")[1] == f"{text} y"


def test_a_message_keeps_its_own_code_spans_and_escapes_the_rest():
    page_html, shown, _ = rendered(as_message("`p` entry 1 (**x** `y z`) is not a number"))
    assert page_html.count("<code>") == 1 and "<code>p</code>" in page_html
    assert shown == "p entry 1 (**x** `y z`) is not a number"
