"""An HTML page's visible text, read in one pass as a browser's tokenizer reads it.

Pure, and linear in the page's size whatever it holds: each step consumes what it reads
and never reads it again (the standard library's ``html.parser`` took minutes on a few
megabytes of ``<!`` or ``<!--`` before Python 3.13.4, CVE-2025-6069; pages are hostile
input). The rules are those of the HTML standard's tokenizer (comments, ``<!...>`` and
``<?...>``, tags and their attributes, the raw text of ``script`` and ``style``, character
references), so that what a browser does not show is never text:

- comments, a doctype, ``<!...>`` and ``<?...>``; an unclosed ``<!--`` runs to the end of
  the page, as in a browser;
- ``script``, ``style``, ``noscript``, ``iframe``, ``noembed``, ``noframes``, ``template``,
  ``datalist``, ``rp`` and the ``head`` (which ends where the body's content starts);
- ``title`` (given apart, as the page's title);
- an element with the ``hidden`` attribute or an inline ``display: none``, and a
  ``dialog`` that is not ``open``, up to its end tag (or an end tag that closes an element
  around it, or a start tag that ends it, as ``<p>`` ends a ``<p>``).

Elements are tracked on a plain stack, not the standard's full tree construction: only
where an element ends is needed, and only for hiding.
"""

from __future__ import annotations

import re
from html import unescape
from html.entities import html5
from typing import NamedTuple

#: Text between tags: each character stands at its own offset from ``at``.
TEXT = "text"
#: A decoded character reference: all of it stands at ``at`` (its ``&``).
CHAR = "char"
#: A block-level element starts or ends here: words on either side stay apart.
BREAK = "break"
#: Text of the page's ``<title>``, which the page itself does not show.
TITLE = "title"


class Piece(NamedTuple):
    kind: str
    at: int
    text: str


#: Block-level elements: a break before and after.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr",
    "ul",
})

#: Elements without content: never open.
_VOID = frozenset({"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame",
                   "hr", "img", "input", "keygen", "link", "meta", "param", "source",
                   "track", "wbr"})
#: Elements whose content is raw text up to their end tag, shown or not.
_RAW_HIDDEN = frozenset({"script", "style", "noscript", "iframe", "noembed", "noframes"})
_RAW_SHOWN = frozenset({"xmp"})
#: Elements whose content is text with character references, up to their end tag.
_RCDATA = frozenset({"title", "textarea"})
#: Elements a browser does not show (its default style sheet says ``display: none``).
_HIDDEN = frozenset({"head", "template", "datalist", "rp"})
#: What a ``head`` holds; anything else starts the body.
_HEAD = frozenset({"base", "basefont", "bgsound", "link", "meta", "title", "noscript",
                   "noframes", "style", "script", "template", "head"})
#: Start tags that close a ``p`` left open (and so a hidden one).
_CLOSE_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
    "div", "dl", "dd", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "ul"})
#: Start tags that close an element of these names left open just before them.
_CLOSES = {
    "li": frozenset({"li", "p"}), "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}), "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}), "optgroup": frozenset({"option", "optgroup"}),
    "rt": frozenset({"rt", "rp"}), "rp": frozenset({"rt", "rp"}),
}
_FOREIGN = frozenset({"svg", "math"})
_NONE = re.compile(r"display\s*:\s*none", re.I)

#: Text up to the next tag or reference: a "<" or "&" that starts neither is text too.
_DATA = re.compile(r"(?:[^<&]+|<(?![A-Za-z!/?])|&(?!#[0-9]|#[xX][0-9a-fA-F]|[A-Za-z]))+")
_NAME = re.compile(r"[^\t\n\f\r />]*")
_SKIP = re.compile(r"[\t\n\f\r /]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_ATTRIBUTE = re.compile(r"=?[^\t\n\f\r />=]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
#: The longest name in the table of named references has 32 characters (with its ';').
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31};?)")
#: The names that stand without a ';' (``&amp``, ``&copy``: the old ones) are short.
_BARE = max(len(name) for name in html5 if not name.endswith(";"))
_ENDS: dict[str, re.Pattern[str]] = {}


def _end_of(name: str) -> re.Pattern[str]:
    found = _ENDS.get(name)
    if found is None:
        found = _ENDS[name] = re.compile(rf"</{re.escape(name)}[\t\n\f\r />]", re.I)
    return found


def reference(page: str, at: int) -> tuple[str, int] | None:
    """The character reference at ``page[at]`` (an ``&``): its text and where it ends;
    None when the ``&`` starts none (it is then text)."""
    numeric = _NUMERIC.match(page, at)
    if numeric is not None:
        digits, base = (numeric[1], 16) if numeric[1] is not None else (numeric[2], 10)
        digits = digits.lstrip("0") or "0"
        # Beyond the last code point whatever the digits (and never a huge int made).
        value = int(digits, base) if len(digits) <= 8 else 0x110000
        return unescape(f"&#{value};"), numeric.end()
    named = _NAMED.match(page, at)
    if named is None:
        return None
    name = named[1]
    found = html5.get(name) if name.endswith(";") else None
    if found is not None:
        return found, named.end()
    # Else the longest name without ';' the text starts with ("&notit;" is "¬it;").
    for size in range(min(len(name), _BARE), 1, -1):
        found = html5.get(name[:size])
        if found is not None:
            return found, at + 1 + size
    return None


class _Reader:
    """Reads one page; :meth:`pieces` yields what it shows, in order."""

    def __init__(self, page: str, blocks: frozenset[str], hidden: frozenset[str]) -> None:
        self.page, self.blocks, self.hidden = page, blocks, _HIDDEN | hidden
        self.stack: list[str] = []
        self.open: dict[str, int] = {}
        #: The depth of the stack at which the outermost hidden element opened.
        self.hidden_at: int | None = None
        self.out: list[Piece] = []

    # ------------------------------------------------------------- open elements

    def _push(self, name: str, hide: bool) -> None:
        if hide and self.hidden_at is None:
            self.hidden_at = len(self.stack)
        self.stack.append(name)
        self.open[name] = self.open.get(name, 0) + 1

    def _pop_to(self, name: str) -> None:
        """Close the innermost open ``name`` and every element opened inside it."""
        while self.stack:
            popped = self.stack.pop()
            self.open[popped] -= 1
            if popped == name:
                break
        if self.hidden_at is not None and len(self.stack) <= self.hidden_at:
            self.hidden_at = None

    def _break(self, at: int) -> None:
        if self.hidden_at is None and (not self.out or self.out[-1].kind != BREAK):
            self.out.append(Piece(BREAK, at, "\n"))

    def _start(self, name: str, attributes: dict[str, str], at: int,
               closed: bool = False) -> None:
        top = self.stack[-1] if self.stack else None
        if top == "head" and name not in _HEAD:
            self._pop_to("head")
            top = self.stack[-1] if self.stack else None
        if top is not None and (top in _CLOSES.get(name, ()) or (
                top == "p" and name in _CLOSE_P)):
            self._pop_to(top)
        if name in self.blocks:
            self._break(at)
        if name in _VOID or (closed and (name in _FOREIGN or self.open.get("svg")
                                          or self.open.get("math"))):
            return  # (in SVG and MathML, "<x/>" is an element closed at once)
        self._push(name, name in self.hidden or "hidden" in attributes
                   or (name == "dialog" and "open" not in attributes)
                   or _NONE.search(attributes.get("style", "")) is not None)

    def _end(self, name: str, at: int) -> None:
        if self.open.get(name):
            self._pop_to(name)
        if name in self.blocks:
            self._break(at)

    def _text(self, at: int, text: str, kind: str = TEXT) -> None:
        if kind == TITLE:  # (shown apart, wherever the title stands)
            self.out.append(Piece(TITLE, at, text))
            return
        if self.stack and self.stack[-1] == "head" and text.strip("\t\n\f\r "):
            self._pop_to("head")  # text ends the head: it is the body's
        if self.hidden_at is None:
            self.out.append(Piece(kind, at, text))

    # ------------------------------------------------------------------ tokens

    def pieces(self) -> list[Piece]:
        page, size, at = self.page, len(self.page), 0
        while at < size:
            run = _DATA.match(page, at)
            if run is not None:
                self._text(at, run.group())
                at = run.end()
            elif page[at] == "<":
                at = self._tag(at)
            else:
                at = self._reference(at, TEXT)
        return self.out

    def _reference(self, at: int, kind: str) -> int:
        found = reference(self.page, at)
        if found is None:  # (and the name after it, if any, is text too)
            named = _NAMED.match(self.page, at)
            end = at + 1 if named is None else named.end()
            self._text(at, self.page[at:end], kind)
            return end
        self._text(at, found[0], CHAR if kind == TEXT else kind)
        return found[1]

    def _tag(self, at: int) -> int:
        """Read what starts at ``page[at]`` (a ``<``); where reading goes on."""
        page, size = self.page, len(self.page)
        after = page[at + 1:at + 2]
        if after == "!":
            if page.startswith("<!--", at):
                if page.startswith(">", at + 4):
                    return at + 5
                if page.startswith("->", at + 4):
                    return at + 6
                end = _COMMENT_END.search(page, at + 4)
                return size if end is None else end.end()
            return self._bogus(at + 2)  # a doctype, CDATA outside SVG, or a bogus comment
        if after == "?":
            return self._bogus(at + 1)
        if after == "/":
            if page[at + 2:at + 3].isascii() and page[at + 2:at + 3].isalpha():
                name_end = _NAME.match(page, at + 2).end()  # type: ignore[union-attr]
                read = self._attributes(name_end)
                if read is None:
                    return size  # a tag the page ends inside is dropped
                self._end(page[at + 2:name_end].lower(), at)
                return read[0]
            if page.startswith(">", at + 2):
                return at + 3
            if at + 2 >= size:
                self._text(at, "</")
                return size
            return self._bogus(at + 2)
        if after.isascii() and after.isalpha():
            name_end = _NAME.match(page, at + 1).end()  # type: ignore[union-attr]
            read = self._attributes(name_end)
            if read is None:
                return size
            name = page[at + 1:name_end].lower()
            self._start(name, read[1], at, read[2])
            return self._content(name, read[0])
        self._text(at, "<")
        return at + 1

    def _bogus(self, at: int) -> int:
        end = self.page.find(">", at)
        return len(self.page) if end < 0 else end + 1

    def _attributes(self, at: int) -> tuple[int, dict[str, str], bool] | None:
        """A tag's attributes from ``page[at]`` up to its ``>``: where the tag ends, the
        attributes (the first of each name), and whether it closes itself (``/>``); None
        when the page ends inside it."""
        page, size = self.page, len(self.page)
        found: dict[str, str] = {}
        while True:
            skipped = at
            at = _SKIP.match(page, at).end()  # type: ignore[union-attr]
            if at >= size:
                return None
            if page[at] == ">":
                return at + 1, found, at > skipped and page[at - 1] == "/"
            name = _ATTRIBUTE.match(page, at)
            assert name is not None
            at = _SPACE.match(page, name.end()).end()  # type: ignore[union-attr]
            value = ""
            if page.startswith("=", at):
                at = _SPACE.match(page, at + 1).end()  # type: ignore[union-attr]
                quote = page[at:at + 1]
                if quote in ('"', "'"):
                    end = page.find(quote, at + 1)
                    if end < 0:
                        return None
                    value, at = page[at + 1:end], end + 1
                elif quote != ">":
                    unquoted = _UNQUOTED.match(page, at)
                    assert unquoted is not None
                    value, at = unquoted.group(), unquoted.end()
            found.setdefault(name.group().lower(), value)

    def _content(self, name: str, at: int) -> int:
        """After a start tag: the raw text or plain text of the elements that hold it,
        up to their end tag (left for the tag reader); else nothing."""
        page = self.page
        if name == "plaintext":  # the rest of the page, as text
            if at < len(page):
                self._text(at, page[at:])
            return len(page)
        if name not in _RAW_HIDDEN and name not in _RAW_SHOWN and name not in _RCDATA:
            return at
        close = _end_of(name).search(page, at)
        end = len(page) if close is None else close.start()
        if name in _RAW_SHOWN and at < end:
            self._text(at, page[at:end])
        elif name in _RCDATA:
            kind = TITLE if name == "title" else TEXT
            while at < end:  # (a reference never runs into the "</" that ends the text)
                amp = page.find("&", at, end)
                stop = end if amp < 0 else amp
                if stop > at:
                    self._text(at, page[at:stop], kind)
                at = end if amp < 0 else self._reference(amp, kind)
        return end


def visible(page: str, blocks: frozenset[str] = BLOCKS,
            hidden: frozenset[str] = frozenset()) -> list[Piece]:
    """What a browser shows of ``page``, in order: text, decoded references and breaks
    between blocks (``blocks``: the elements that make one), each with its offset in
    ``page``; and the title's text apart. The content of ``hidden`` elements is not
    shown either."""
    return _Reader(page, blocks, frozenset(hidden)).pieces()
