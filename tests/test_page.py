"""An HTML page read as a browser reads it: what it does not show is never text, every
character of what it shows keeps its place, and malformed pages read in one pass.

(How long reading takes is measured in benchmarks/malformed.py, never here.)
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kursk_cli import archive, page, report


def shown(html: str) -> str:
    return archive.visible(html)[0]


CASES = [
    # what a browser does not show
    ("an unclosed comment hides the rest", "<p>seen</p><!-- <p>hidden</p>", "seen\n"),
    ("a comment", "a<!-- hidden -->b", "ab"),
    ("comments a browser ends early", "a<!-->b<!--->c<!---->d<!-- x --!>e", "abcde"),
    ("a script", "a<script>if (x<y) {hidden()}</script>b", "ab"),
    ("an unclosed script", "a<script>hidden", "a"),
    ("a style", "a<style>p{}</style>b", "ab"),
    ("a template", "<template><p>hidden</p></template>b", "b"),
    ("noscript", "a<noscript>hidden</noscript>b", "ab"),
    ("the head and its title", "<head><title>hidden</title><meta x></head><body>b", "b"),
    ("text ends the head", "<head><title>t</title>seen<p>b", "seen\nb"),
    ("the hidden attribute", "<div hidden>h<div>h</div>h</div>b", "b"),
    ("a hidden p ends at the next p", "<p hidden>h<p>b", "b"),
    ("a hidden element ends with its parent", "<section><div hidden>h</section>b", "b"),
    ("display: none", '<span style="color: red; display:none">h</span>b', "b"),
    ("a dialog not open", "<dialog>h</dialog><dialog open>b</dialog>", "b"),
    ("a doctype, CDATA, a processing instruction", "<!DOCTYPE html>a<![CDATA[h]]>b<?h?>c",
     "abc"),
    ("an SVG closed at once", "<svg/>a", "a"),
    # malformed: a browser's reading, in one pass
    ("'<!' repeated", "a" + "<!" * 1000, "a"),
    ("'<!--' repeated", "a" + "<!--" * 1000, "a"),
    ("'</' repeated", "a" + "</" * 1000, "a"),
    ("an unclosed attribute", "a<a b='c>d" + "<p>" * 100, "a"),
    ("a tag the page ends in", "a<p class=x", "a"),
    ("a '<' that starts no tag", "a < b <3 c<", "a < b <3 c<"),
    ("'</>' is nothing", "a</>b", "ab"),
    # text
    ("a '>' inside an attribute", '<a title="x>y">b</a>', "b"),
    ("blocks stay apart", "<p>a</p><p>b<br>c</p>", "a\nb\nc\n"),
    ("plain text runs to the end", "a<plaintext><p>b", "a<p>b"),
    ("a textarea's text", "<textarea>&lt;b&gt;</textarea>", "<b>"),
    ("references", "&amp; &amp &notit; &#65;&#x42 &#0; &#99999999999; &#128; &bogus; &",
     "& & ¬it; AB \ufffd \ufffd € &bogus; &"),
]


def test_a_page_shows_what_a_browser_shows() -> None:
    assert [(what, shown(html)) for what, html, _text in CASES] == [
        (what, text) for what, _html, text in CASES]


def test_a_reports_title_and_paragraphs_come_from_what_a_browser_shows() -> None:
    title, paragraphs = report._html(
        "<html><head><title>The &amp; title</title></head><body>\n"
        "<p>He said <b>we will</b> stay &amp; hold.</p><!-- <p>hidden\n"
        "</p>")
    assert title == "The & title"
    assert [p.text for p in paragraphs] == ["He said we will stay & hold."]


HTML = st.text(alphabet=st.sampled_from(list("<!-/>?=\"' &#;x0ampbdivscripthiden\n")),
               max_size=200)


@settings(max_examples=500)
@given(HTML)
def test_every_character_shown_keeps_its_place(html: str) -> None:
    text, origin = archive.visible(html)
    assert len(origin) == len(text)
    assert list(origin) == sorted(origin)
    for piece in page.visible(html):
        if piece.kind == page.TEXT:
            assert html[piece.at:piece.at + len(piece.text)] == piece.text
        elif piece.kind == page.CHAR:
            assert html[piece.at] == "&"
