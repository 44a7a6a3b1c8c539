"""User text reaches the page as text, never as formatting: URL values quoted in notes, upload
file names, column headers and labels, each with markup that would show if it were rendered.

Streamlit renders the body of st.markdown, st.caption, st.info, st.warning and st.error as
CommonMark (raw HTML shown as text) plus $math$ and :color[...] directives. Each body that quotes
a payload is rendered here with markdown-it (CommonMark, raw HTML off, as Streamlit has it): the
payload must come out as characters, never as emphasis, a link, an image, a heading or a list,
with no `$` or `:red[` left to Streamlit's extensions outside a code span or a backslash escape.
Plotly renders <b>, <a href> and the like in its text, so a label must reach a chart escaped.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from tests.charts import figures

APP = str(Path(__file__).resolve().parents[2] / "app.py")

#: Markup that must not take effect, each short enough to survive the pages' truncation of
#: quoted values (40 characters) and each with a marker word to find where it went.
PAYLOADS = {
    "Zb1": "**Zb1** _em_",
    "Zl1": "[Zl1](https://evil.example/)",
    "Zs1": "<script>Zs1()</script><b>x</b>",
    "Zc1": "`Zc1` $x^2$ :red[r]",
    "Zt1": "Zt1 \\*a\\* | b",
}
#: Streamlit's extensions, which CommonMark does not know: math and colour directives.
EXTENSIONS = re.compile(r"\$|:[a-z]+\[")

RENDERER = MarkdownIt("commonmark", {"html": False}).enable("table").disable("text_join")


def _open(page: str | None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run() if page else at


def _bodies(at: AppTest) -> list[str]:
    """The markdown source of every element that renders markdown."""
    elements = [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]
    return [element.value for element in elements]


def _text(tokens) -> tuple[str, str]:
    """The text an inline token stream shows, and the part of it not escaped or in code."""
    shown, unescaped = [], []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            shown.append(token.content.replace("\u2060", ""))  # a word joiner is invisible
            if token.type == "text":
                unescaped.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            shown.append(" ")
        elif token.children:
            inner_shown, inner_unescaped = _text(token.children)
            shown.append(inner_shown)
            unescaped.append(inner_unescaped)
    return "".join(shown), "".join(unescaped)


def rendered(body: str) -> tuple[str, str, str]:
    """(HTML, the text shown, the text not escaped and not in code) of a markdown body."""
    tokens = RENDERER.parse(body)
    shown, unescaped = [], []
    for token in tokens:
        if token.type == "inline":
            text, raw = _text(token.children)
            shown.append(text)
            unescaped.append(raw)
    return RENDERER.render(body), " ".join(shown), " ".join(unescaped)


#: What GitHub-flavoured markdown (Streamlit's) turns into a link by itself, in text outside code
#: once escapes are resolved: a web address, or an e-mail address.
AUTOLINK = re.compile(r"https?://|www\.|[\w.+-]@[\w-]+\.", re.IGNORECASE)


def prose(body: str) -> str:
    """The text outside code spans as the autolink step sees it (escapes resolved)."""
    pieces = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.type in ("text", "text_special"):
                pieces.append(token.content)
            elif token.type == "code_inline":
                pieces.append("\x00")
            elif token.children:
                walk(token.children)
        pieces.append("\x00")

    walk(RENDERER.parse(body))
    return "".join(pieces)


#: Block and inline markup that user text must never produce (tables are the pages' own).
FORMATTING = re.compile(
    r"^(heading|blockquote|bullet_list|ordered_list|strong|em|link|s|image)_open$"
)


def formatting_around(body: str, marker: str) -> list[list[str]]:
    """For each piece of shown text holding ``marker``, the markup it sits inside."""
    found, blocks = [], []
    for token in RENDERER.parse(body):
        if token.nesting == 1:
            blocks.append(token.type)
        elif token.nesting == -1:
            blocks.pop()
        elif token.type == "inline":
            inline = []
            for child in token.children:
                if child.nesting == 1:
                    inline.append(child.type)
                elif child.nesting == -1:
                    inline.pop()
                elif marker in child.content or (child.type == "image" and marker in str(child)):
                    found.append([t for t in blocks + inline if FORMATTING.match(t)])
    return found


def check_quoted_as_text(at: AppTest, marker: str, payload: str | None = None) -> int:
    """Check every body that quotes the payload of ``marker``; return how many there are.

    A quoted payload may be cut short by the page, and a name in backticks may become code
    (literal text); it must never become a heading, a list, emphasis, a link or an image, and
    must leave no $ or :directive[ to Streamlit.
    """
    assert not at.exception, at.exception
    payload = PAYLOADS[marker] if payload is None else payload
    found = 0
    for body in _bodies(at):
        page_html, shown, unescaped = rendered(body)
        if marker not in shown:
            continue
        found += 1
        assert payload in shown, (payload, body, page_html)  # shown in full at least once
        assert not any(formatting_around(body, marker)), (body, page_html)
        assert 'href="https://evil.example' not in page_html, body
        assert not EXTENSIONS.search(unescaped), (body, unescaped)
        assert not AUTOLINK.search(prose(body)), (body, prose(body))
    return found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_charts_quote_as_text(at: AppTest, marker: str, payload: str) -> int:
    """Plotly renders <b>, <a href> and friends in its text: a label must reach it escaped."""
    found = 0
    for figure in figures(at):
        for text in _strings(figure):
            if marker in text:
                found += 1
                assert html.escape(payload, quote=False) in text, text
    return found


def test_the_checker_catches_markup():
    # the check itself: raw payloads fail it, escaped or code-quoted ones pass
    assert "<strong>" in rendered(PAYLOADS["Zb1"])[0]
    assert 'href="https://evil.example/"' in rendered(PAYLOADS["Zl1"])[0]
    assert EXTENSIONS.search(rendered("x $y$")[2])
    assert not EXTENSIONS.search(rendered("x \\$y\\$ `$z$`")[2])
    assert rendered("\\*\\*a\\*\\*")[1] == "**a**"
    assert formatting_around("x **Zb1** y", "Zb1") == [["strong_open"]]
    assert formatting_around("# [Zl1](https://a.example)", "Zl1") == [["heading_open", "link_open"]]
    assert formatting_around("x `Zc1` \\*\\*Zb1\\*\\*", "Zb1") == [[]]
    assert AUTOLINK.search(prose("see https\\://a.example or a@b.example"))
    assert not AUTOLINK.search(prose("`https://a.example` and `a@b.example`"))


# URL values quoted in the notes of every page ----------------------------------------------------

#: Every URL parameter a page reads, set at once: each page notes the ones it uses.
URL_KEYS = [
    "unit", "present", "p", "q", "k", "q0", "family", "steps", "seed", "n", "die", "mu", "sigma",
    "sep", "w", "method", "source", "step_coin", "step_die", "step_gauss", "z0", "gen", "data",
    "model", "shrink", "rate", "qmu", "qsigma", "example", "step", "m1", "m2", "s1", "s2", "mu0",
    "sigma0", "r0", "start", "logits", "label", "T", "smooth", "classes",
]  # fmt: skip
PAGES = [
    None,
    "pages/coin.py",
    "pages/categorical.py",
    "pages/derivation.py",
    "pages/samples.py",
    "pages/mle.py",
    "pages/forward_reverse.py",
    "pages/coding.py",
    "pages/classifier.py",
]


@pytest.mark.parametrize("marker", PAYLOADS)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
def test_url_values_in_link_notes_show_as_text(page, marker):
    at = _open(page, **dict.fromkeys(URL_KEYS, PAYLOADS[marker]))
    notes = [w.value for w in at.warning]
    assert notes, "no note about the link's values"
    assert check_quoted_as_text(at, marker) >= 1


# Upload file names, column headers and labels on /samples, and in /mle's description ----------


def _upload(name: str, content: bytes) -> AppTest:
    at = _open("pages/samples.py", data="Upload")
    return at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()


@pytest.mark.parametrize("marker", PAYLOADS)
def test_an_upload_file_name_shows_as_text(marker):
    at = _upload(PAYLOADS[marker] + ".csv", b"x\n1.5\n2.5\n2.0\n3.1\n")
    assert check_quoted_as_text(at, marker) >= 1
    mle = at.switch_page("pages/mle.py").run()
    assert check_quoted_as_text(mle, marker) >= 1  # "Data: your sample “upload: …”"


def test_a_file_name_in_the_size_refusal_shows_as_text(monkeypatch):
    # AppTest does not enforce the upload limit; the page's own check does, here at 4 bytes
    monkeypatch.setattr("ui.sample_sources.upload_limit_bytes", lambda: 4)
    for marker in PAYLOADS:
        at = _upload(PAYLOADS[marker] + ".csv", b"x\n1.5\n2.5\n")
        assert "the limit is" in at.error[0].value
        assert check_quoted_as_text(at, marker) == 1


@pytest.mark.parametrize("marker", PAYLOADS)
def test_a_column_header_shows_as_text(marker):
    header = PAYLOADS[marker].replace(",", ";")
    content = f'"{header}",other\n1.5,1\n2.5,2\n2.0,1\n3.1,2\n'.encode()
    at = _upload("data.csv", content)
    assert check_quoted_as_text(at, marker) >= 1
    mle = at.switch_page("pages/mle.py").run()
    assert check_quoted_as_text(mle, marker) >= 1  # "Data: your sample “upload: …”"


@pytest.mark.parametrize("marker", PAYLOADS)
def test_labels_in_the_data_show_as_text(marker):
    # "!" sorts before every payload, so the payload is the label a coin counts as 1
    label = PAYLOADS[marker].replace(" ", "").replace(",", ";")
    at = _open("pages/samples.py", data="Paste")
    at.text_area(key="paste").input(f"{label}\n!\n{label}\n!\n!\n").run()
    check_quoted_as_text(at, marker, label)
    assert check_charts_quote_as_text(at, marker, label) >= 1  # the bars of P̂ and Q
    coin = at.switch_page("pages/mle.py").run()
    assert check_quoted_as_text(coin, marker, label) >= 1  # "counting “…” as 1"
    assert check_charts_quote_as_text(coin, marker, label) >= 1
    die = coin.radio(key="family").set_value("Die").run()
    assert check_quoted_as_text(die, marker, label) >= 1  # the table's row q(…)
    assert check_charts_quote_as_text(die, marker, label) >= 1


@pytest.mark.parametrize("marker", PAYLOADS)
def test_repeated_url_values_in_their_note_show_as_text(marker):
    payload = PAYLOADS[marker]
    at = _open("pages/samples.py", gen=["Gaussian", payload], mu=[payload, "1"])
    assert any("times" in w.value for w in at.warning)
    assert check_quoted_as_text(at, marker) >= 1
