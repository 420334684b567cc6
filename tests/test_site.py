"""kursk site without a browser: the files it writes, what it refuses, what it rewrites.

The pages' behaviour in a real browser is in test_site_browser.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import FACTS, MINIMAL, kursk

MANIFEST = ".kursk-site.json"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Outline(HTMLParser):
    """Headings, landmarks, links and script elements of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self.lang: str | None = None
        self.scripts: list[str] = []
        self._script: list[str] | None = None
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "html":
            self.lang = found.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and found.get("href") is not None:
            self.links.append(str(found["href"]))
        if tag == "script":
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def outline(data: bytes) -> Outline:
    parser = Outline()
    parser.feed(data.decode("utf-8"))
    return parser


def build(ledger: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = kursk(["site", "--ledger", str(ledger), "-o", str(out), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_the_shipped_ledger_makes_a_page_per_claim_and_actor(tmp_path: Path) -> None:
    code, out, err = build(FACTS, tmp_path / "site")
    assert code == 0, err
    assert out == ""
    assert err == f"wrote {tmp_path / 'site'}: 27 files written, 0 unchanged, 0 removed\n"
    written = files(tmp_path / "site")
    assert sorted(p for p in written if p.startswith("claims/")) == sorted(
        f"claims/{i}.html" for i in re.findall(r"^  - id: (\S+)\n    text:",
                                              FACTS.read_text(), re.M))
    assert {"index.html", "sources.html", "style.css", "claims.json", MANIFEST} < set(written)
    assert len([p for p in written if p.startswith("actors/")]) == 9
    manifest = json.loads(written[MANIFEST])
    assert sorted(manifest["files"]) == sorted(set(written) - {MANIFEST})


@pytest.mark.parametrize("ledger", [FACTS, Path(__file__).parent / "data" / "related-site.yaml"],
                         ids=["facts", "related"])
def test_every_page_has_lang_landmarks_one_h1_heading_order_and_resolving_links(
        tmp_path: Path, ledger: Path) -> None:
    assert build(ledger, tmp_path / "site")[0] == 0
    site = tmp_path / "site"
    for name, data in files(site).items():
        if not name.endswith(".html"):
            continue
        page = outline(data)
        assert page.lang == "en", name
        assert {"header", "nav", "main", "footer"} <= set(page.tags), name
        assert page.headings.count(1) == 1 and page.headings[0] == 1, name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} then h{after}"
        for href in page.links:
            if href.startswith(("https://", "http://")):
                continue
            target = href.split("#")[0]
            resolved = (site / name).parent / target if target else site / name
            assert resolved.is_file(), f"{name} links to {href}"
            if "#" in href and href.split("#")[1]:
                assert f'id="{href.split("#")[1]}"'.encode() in resolved.read_bytes(), href


def test_index_lists_disputed_claims_first_and_links_each(tmp_path: Path) -> None:
    assert build(FACTS, tmp_path / "site")[0] == 0
    index = (tmp_path / "site" / "index.html").read_text()
    statuses = re.findall(r'<span class="status status-(\w+)">', index)
    assert statuses[:2] == ["disputed", "disputed"]
    assert "disputed" not in statuses[2:]
    assert len(statuses) == 14
    links = re.findall(r'<h3><a href="claims/([a-z0-9-]+)\.html">', index)
    assert len(links) == 14 == len(set(links))
    # The search index beside the list covers the same claims.
    search = json.loads(re.findall(r'<script type="application/json" id="claims-index">'
                                   r'(.*?)</script>', index, re.S)[0])
    assert sorted(search["claims"]) == sorted(links)


def test_claim_page_json_ld_is_a_claim_without_a_rating(tmp_path: Path, write: Callable[
        ..., Path]) -> None:
    assert build(write(MINIMAL), tmp_path / "site")[0] == 0
    page = (tmp_path / "site" / "claims" / "encirclement.html").read_bytes()
    scripts = [s for s in outline(page).scripts if s.strip().startswith("{")]
    assert len(scripts) == 1
    node = json.loads(scripts[0])
    assert node["@type"] == "Claim"
    assert node["text"] == "Ukrainian troops are encircled."
    assert node["author"] == [{"@type": "Thing", "name": "Vladimir Putin"}]
    assert [a["author"]["name"] for a in node["appearance"]] == [
        "Vladimir Putin", "General Staff of Ukraine"]
    assert "reviewRating" not in json.dumps(node)
    text = page.decode()
    assert "<blockquote class=\"quote\"><p>“surrender or die”</p></blockquote>" in text
    assert "<span class=\"label\">Paraphrase:</span> Reports of encirclement are false." in text


HOSTILE = (Path(__file__).parent / "data" / "hostile-site.yaml").read_text()


def test_hostile_text_is_inert_in_every_file(tmp_path: Path, write: Callable[..., Path]
                                             ) -> None:
    code, _, err = build(write(HOSTILE), tmp_path / "site", "--title", "<script>t</script>")
    assert code == 0, err
    for name, data in files(tmp_path / "site").items():
        text = data.decode()
        page = outline(data)
        assert page.handlers == [], name
        assert not any(h.startswith(("javascript:", "data:")) for h in page.links), name
        for script in page.scripts:  # only kursk's own: the JSON ones parse whole
            if script.lstrip().startswith("{"):
                json.loads(script)
        assert "<script>alert" not in text and "<img" not in text, name
    claim = (tmp_path / "site" / "claims" / "hostile.html").read_text()
    assert "&lt;/script&gt;&lt;script&gt;alert(8)&lt;/script&gt;" in claim
    assert '<a href="https://x.example/&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in claim
    assert "archived copy: <code>javascript:alert(4)</code>" in claim
    assert "<span class=\"label\">Note:</span> {{ 7*7 }} {% raw %}</p>" in claim
    ld = next(s for s in outline(claim.encode()).scripts if s.lstrip().startswith("{"))
    assert json.loads(ld)["name"].startswith("</script><script>alert(8)")
    # Related claims and the words as spoken are text too.
    assert ('<blockquote class="quote" lang="uk"><p>“&lt;/blockquote&gt;&lt;script&gt;'
            'alert(11)&lt;/script&gt;”</p></blockquote>') in claim
    assert ('<span lang="ru">&lt;iframe src=&#34;javascript:alert(16)&#34;&gt;&lt;/iframe&gt;'
            '</span>') in claim
    assert ('<a href="../claims/hostile-too.html">&lt;img src=x onerror=alert(12)&gt; the '
            'same</a>') in claim
    assert ('<li><span class="label">Contradicts:</span> <a href="../claims/hostile-other.html">'
            '&lt;script&gt;alert(17)&lt;/script&gt; another</a>') in claim
    assert json.loads(ld)["appearance"][1]["text"] == "</blockquote><script>alert(11)</script>"


def test_same_ledger_same_bytes_and_nothing_rewritten(tmp_path: Path) -> None:
    assert build(FACTS, tmp_path / "a")[0] == 0
    assert build(FACTS, tmp_path / "b")[0] == 0
    assert files(tmp_path / "a") == files(tmp_path / "b")
    before = times(tmp_path / "a")
    code, _, err = build(FACTS, tmp_path / "a")
    assert code == 0
    assert err == f"wrote {tmp_path / 'a'}: 0 files written, 27 unchanged, 0 removed\n"
    after = times(tmp_path / "a")
    assert {k: v for k, v in after.items() if k != MANIFEST} == {
        k: v for k, v in before.items() if k != MANIFEST}


TWO = MINIMAL + """\
  - id: second
    text: A bridge was destroyed.
    topics: [bridges]
    statements:
      - actor: general-staff
        stance: asserts
        date: 2025-03-12
        source: report
        quote: the bridge is gone
"""


def test_one_claim_edited_rewrites_only_the_pages_showing_it(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    ledger = write(TWO)
    site = tmp_path / "site"
    assert build(ledger, site)[0] == 0
    before = files(site)
    stamps = times(site)
    ledger.write_text(TWO.replace("the bridge is gone", "the bridge is down"))
    code, _, err = build(ledger, site)
    assert code == 0, err
    after = files(site)
    changed = {k for k in after if after[k] != before.get(k)}
    # The index shows no statement's words: it stays as it was.
    assert changed == {"claims/second.html", "actors/general-staff.html", MANIFEST}
    assert err.endswith(": 2 files written, 6 unchanged, 0 removed\n")
    moved = {k for k, v in times(site).items() if v != stamps[k]}
    assert moved == changed


def test_a_removed_claim_loses_its_page_and_only_files_the_site_wrote_go(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    ledger = write(TWO)
    site = tmp_path / "site"
    assert build(ledger, site)[0] == 0
    (site / "claims" / "mine.html").write_text("my own page")
    (site / "notes.txt").write_text("mine")
    ledger.write_text(MINIMAL)
    code, _, err = build(ledger, site)
    assert code == 0, err
    assert not (site / "claims" / "second.html").exists()
    assert (site / "claims" / "mine.html").read_text() == "my own page"
    assert (site / "notes.txt").read_text() == "mine"
    assert err.endswith(", 1 removed\n")


def test_a_forged_manifest_never_deletes_outside_the_site(tmp_path: Path, write: Callable[
        ..., Path]) -> None:
    site = tmp_path / "site"
    assert build(write(MINIMAL), site)[0] == 0
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    (site / "keep.html").write_text("keep")
    manifest = json.loads((site / MANIFEST).read_text())
    manifest["files"]["../precious.txt"] = ["", ""]
    manifest["files"]["keep.html"] = ["", ""]
    manifest["files"]["/etc/passwd"] = ["", ""]
    (site / MANIFEST).write_text(json.dumps(manifest))
    assert build(write(MINIMAL), site)[0] == 0
    assert outside.read_text() == "keep"
    assert (site / "keep.html").read_text() == "keep"


def test_a_folder_with_other_files_and_no_manifest_is_refused(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    site = tmp_path / "mine"
    site.mkdir()
    (site / "index.html").write_text("my homepage")
    code, out, err = build(write(MINIMAL), site)
    assert code == 1
    assert out == ""
    assert err == (f"kursk: {site} is not empty and holds no site kursk wrote (no "
                   f"{MANIFEST}): give a new or empty folder, so that nothing of yours is "
                   "replaced\n")
    assert files(site) == {"index.html": b"my homepage"}


def test_a_page_over_a_file_the_site_did_not_write_is_refused(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    site = tmp_path / "site"
    assert build(write(MINIMAL), site)[0] == 0
    (site / "claims" / "second.html").write_text("mine")
    code, _, err = build(write(TWO), site)
    assert code == 1
    assert err == (f"kursk: {site}: refusing to replace files the site did not write "
                   "(claims/second.html)\n")
    assert (site / "claims" / "second.html").read_text() == "mine"


def test_base_url_must_be_http_and_is_the_canonical_link(tmp_path: Path, write: Callable[
        ..., Path]) -> None:
    result = kursk(["site", "-l", str(write(MINIMAL)), "-o", str(tmp_path / "s"),
                    "--base-url", "javascript:alert(1)"])
    assert result.exit_code == 2
    assert "javascript:alert(1) is not an http or https address" in result.stderr
    assert not (tmp_path / "s").exists()
    assert build(write(MINIMAL), tmp_path / "s", "--base-url", "https://facts.example/k/")[0] == 0
    page = (tmp_path / "s" / "claims" / "encirclement.html").read_text()
    assert '<link rel="canonical" href="https://facts.example/k/claims/encirclement.html">' \
        in page


def test_a_bad_ledger_writes_no_site(tmp_path: Path, write: Callable[..., Path]) -> None:
    code, out, err = build(write(MINIMAL.replace("actor: putin", "actor: nobody")),
                           tmp_path / "site")
    assert code == 1
    assert out == ""
    assert "unknown actor 'nobody'" in err
    assert not (tmp_path / "site").exists()


def test_the_installed_package_builds_the_site(tmp_path: Path) -> None:
    # The installed copy, run from outside the checkout, must carry its templates.
    env = {k: v for k, v in os.environ.items() if k not in ("KURSK_LEDGER", "PYTHONPATH")}
    result = subprocess.run([sys.executable, "-m", "kursk_cli", "site", "-o", "out"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "style.css").read_bytes() == (
        Path(__file__).parent.parent / "kursk_cli" / "templates" / "style.css").read_bytes()
    assert len(list((tmp_path / "out" / "claims").iterdir())) == 14


def test_only_http_and_https_addresses_become_links() -> None:
    from kursk_cli.site import safe_url

    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example",
                "https://x.example/\nlogin", "file:///etc/passwd", None):
        assert safe_url(bad) is None, bad
    assert safe_url("https://x.example/a?b=1&c=<2>") == "https://x.example/a?b=1&c=<2>"
    assert safe_url("HTTP://X.EXAMPLE") == "HTTP://X.EXAMPLE"


DENIAL = """\
      - actor: putin
        stance: denies
        date: 2025-03-14
        source: report
        quote: no bridge was hit
"""


#: TWO with a relation, words as spoken, a language and Wikidata items, for edits to them.
LINKED = (TWO.replace("    published: 2025-03-14\n", "    published: 2025-03-14\n"
                      "    lang: en\n    publisher: Wire\n    publisher_wikidata: Q1\n", 1)
          .replace("    aliases: [Putin]\n", "    aliases: [Putin]\n    wikidata: Q7747\n")
          .replace("    topics: [bridges]\n", "    topics: [bridges]\n    relations:\n"
                   "      - contradicts: encirclement\n")
          .replace("        quote: the bridge is gone\n", "        quote: the bridge is gone\n"
                   "        original:\n          source: report\n          lang: uk\n"
                   "          quote: міст зник\n"))


@pytest.mark.parametrize(("what", "edit"), [
    ("a quote", lambda t: t.replace("the bridge is gone", "the bridge is down")),
    ("a claim's text", lambda t: t.replace("A bridge was destroyed.", "A bridge fell.")),
    ("a denial that makes a claim disputed", lambda t: t + DENIAL),
    ("an actor's name", lambda t: t.replace("name: Vladimir Putin", "name: V. Putin")),
    ("an alias", lambda t: t.replace("aliases: [Putin]", "aliases: [VVP]")),
    ("a source's title", lambda t: t.replace("title: A report", "title: The report")),
    ("a topic", lambda t: t.replace("topics: [bridges]", "topics: [bridges, kyiv]")),
    ("a claim removed", lambda t: t.split("  - id: second")[0]),
    ("a relation's kind", lambda t: t.replace("contradicts: encirclement",
                                              "supports: encirclement")),
    ("a relation made same-as", lambda t: t.replace("contradicts: encirclement",
                                                    "same-as: encirclement")),
    ("a relation removed", lambda t: t.replace("    relations:\n      - contradicts: "
                                               "encirclement\n", "")),
    ("the words as spoken", lambda t: t.replace("quote: міст зник", "quote: мосту нема")),
    ("their language", lambda t: t.replace("lang: uk", "lang: ru")),
    ("the words as spoken removed", lambda t: t.replace(
        "        original:\n          source: report\n          lang: uk\n"
        "          quote: міст зник\n", "")),
    ("an actor's Wikidata item", lambda t: t.replace("wikidata: Q7747", "wikidata: Q7748")),
    ("a publisher's Wikidata item", lambda t: t.replace("publisher_wikidata: Q1",
                                                        "publisher_wikidata: Q2")),
    ("a source's language", lambda t: t.replace("lang: en", "lang: en-GB")),
])
def test_a_rebuild_after_an_edit_equals_a_fresh_build(
        tmp_path: Path, write: Callable[..., Path], what: str,
        edit: Callable[[str], str]) -> None:
    ledger = write(LINKED)
    assert build(ledger, tmp_path / "kept")[0] == 0
    before = files(tmp_path / "kept")
    assert edit(LINKED) != LINKED
    ledger.write_text(edit(LINKED))
    code, _, err = build(ledger, tmp_path / "kept")
    assert code == 0, err
    assert build(ledger, tmp_path / "fresh")[0] == 0
    assert files(tmp_path / "kept") != before, what
    assert files(tmp_path / "kept") == files(tmp_path / "fresh"), what


def test_a_linked_pages_folder_is_refused_and_nothing_written_through_it(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    site = tmp_path / "site"
    assert build(write(MINIMAL), site)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for page in (site / "claims").iterdir():
        page.unlink()
    (site / "claims").rmdir()
    (site / "claims").symlink_to(elsewhere)
    code, _, err = build(write(TWO), site)
    assert code == 1
    assert err == (f"kursk: {site / 'claims'} is not a folder kursk made (a link or a file): "
                   "the site's pages are written only inside its folder\n")
    assert list(elsewhere.iterdir()) == []


OUTLETS = MINIMAL.replace("""    published: 2025-03-14
actors:""", """    published: 2025-03-14
  - id: wire
    title: A wire story
    published: 2025-03-14
    publisher: Wire
  - id: paper
    title: A paper's story
    published: 2025-03-15
actors:""") + """\
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: wire
        quote: surrender or die
      - actor: putin
        stance: asserts
        date: 2025-03-13
        source: paper
        quote: surrender or you will die
      - actor: putin
        stance: denies
        date: 2025-03-15
        source: paper
        paraphrase: Said there was no encirclement.
"""


def test_claim_page_shows_outlets_variants_reversals_and_the_timeline(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    code, _, err = build(write(OUTLETS), tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "claims" / "encirclement.html").read_text()
    assert "Reported by 2 outlets:" in page
    assert "<cite>A wire story</cite>, Wire, <time" in page
    assert ("<span class=\"label\">Wording:</span> wording differs in paper: adds "
            "&#39;you will&#39;</p>") in page
    assert ("<span class=\"label\">Wording:</span> wording differs in report, wire: "
            "without &#39;you will&#39;</p>") in page
    assert ("<li><a href=\"../actors/putin.html\">Vladimir Putin</a> asserts on <time "
            "datetime=\"2025-03-13\">2025-03-13</time>, then denies on <time "
            "datetime=\"2025-03-15\">2025-03-15</time>.</li>") in page
    assert re.findall(r'<text class="date"[^>]*>([\d-]+)</text>', page) == [
        "2025-03-13", "2025-03-14", "2025-03-15"]
    assert re.findall(r'<text class="status-after"[^>]*>(\w+)</text>', page) == [
        "asserted", "disputed", "disputed"]
    actor = (tmp_path / "site" / "actors" / "putin.html").read_text()
    assert "asserts on <time datetime=\"2025-03-13\">2025-03-13</time>, then denies" in actor
    # Both outlets published it the same day: which came first, the ledger does not say.
    assert 'class="first"' not in page


RELATED = (Path(__file__).parent / "data" / "related-site.yaml").read_text()


def ld_of(page: str) -> dict[str, object]:
    found = [s for s in outline(page.encode()).scripts if s.lstrip().startswith("{")]
    assert len(found) == 1
    node: dict[str, object] = json.loads(found[0])
    return node


def test_claim_pages_link_the_group_and_related_claims_with_their_status(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    code, _, err = build(write(RELATED), tmp_path / "site")
    assert code == 0, err
    claims = tmp_path / "site" / "claims"
    surrounded = (claims / "surrounded.html").read_text()
    # A member shows its own words, its group's status and statements, and the others.
    assert "<h1>Kyiv&#39;s forces are surrounded.</h1>" in surrounded
    assert '<span class="status status-disputed">disputed</span>' in surrounded
    assert ('<li><a href="../claims/encirclement.html">Ukrainian troops are encircled.</a> '
            '<span class="id">(<code>encirclement</code>)</span></li>') in surrounded
    assert ('<p class="wording"><span class="label">On the wording:</span> <a href="../claims/'
            'encirclement.html">Ukrainian troops are encircled.</a></p>') in surrounded
    related = re.findall(r'<li><span class="label">([^<]*)</span> <a href="\.\./claims/'
                         r'([a-z-]+)\.html">[^<]*</a> <span class="status status-(\w+)">',
                         surrounded)
    assert related == [("Contradicts:", "holding", "asserted"),
                       ("Superseded by:", "holding", "asserted")]
    encircled = (claims / "encirclement.html").read_text()
    assert '<a href="../claims/surrounded.html">Kyiv&#39;s forces are surrounded.</a>' \
        in encircled
    assert "On the wording:" not in encircled.split("Denying")[0]
    holding = (claims / "holding.html").read_text()
    assert re.findall(r'<span class="label">([^<]*)</span> <a href="\.\./claims/([a-z-]+)'
                      r'\.html">[^<]*</a> <span class="status status-(\w+)">', holding) == [
        ("Contradicts:", "surrounded", "disputed"), ("Supersedes:", "encirclement",
                                                       "disputed"),
        ("Supported by:", "supplies", "asserted")]
    assert "Also worded as" not in holding
    supplies = (claims / "supplies.html").read_text()
    assert ('<li><span class="label">Supports:</span> <a href="../claims/holding.html">The '
            'lines are holding.</a> <span class="status status-asserted">') in supplies
    # The group's JSON-LD speaks for the page's own wording with the group's authors.
    node = ld_of(surrounded)
    assert node["identifier"] == "surrounded"
    assert node["author"] == [{"@type": "Person", "name": "Vladimir Putin",
                               "sameAs": "https://www.wikidata.org/wiki/Q7747"}]


def test_the_words_as_spoken_stand_beside_the_reported_words_with_their_language(
        tmp_path: Path, write: Callable[..., Path]) -> None:
    code, _, err = build(write(RELATED), tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "claims" / "encirclement.html").read_text()
    assert ('<div class="reported"><p class="label">As reported:</p>\n'
            '<blockquote class="quote" lang="en"><p>“surrender or die”</p></blockquote>\n'
            '</div>\n<div class="original"><p class="label">As spoken (<code>ru</code>):'
            '</p>\n<blockquote class="quote" lang="ru"><p>“сдавайтесь или умрите”</p>'
            '</blockquote>\n<p class="sources"><span class="label">Source:</span> <span '
            'class="source"><cite>A transcript</cite>, <time datetime="2025-03-13">2025-03-13'
            '</time>, in <code>ru</code> (<a href="../sources.html#source-transcript">source '
            'transcript</a>)</span></p>\n</div>') in page
    assert ('<p class="paraphrase"><span class="label">Paraphrase:</span> <span lang="uk">'
            'повідомлення про оточення неправдиві</span></p>') in page
    # Reported by two outlets published on different days: where it first appeared.
    assert ('<p class="first"><span class="label">First appeared:</span> <a href="../sources'
            '.html#source-report">A report</a> (<time datetime="2025-03-14">2025-03-14</time>'
            ')</p>') in page
    assert page.count('class="first"') == 1
    actor = (tmp_path / "site" / "actors" / "general-staff.html").read_text()
    assert '<span lang="uk">повідомлення про оточення неправдиві</span>' in actor
    # A source that only carries words as spoken still lists the claim.
    sources = (tmp_path / "site" / "sources.html").read_text()
    transcript = sources.split('id="source-transcript"')[1].split("</li>\n</ol>")[0]
    assert '<a href="claims/encirclement.html">' in transcript.split("</ul>")[0]
    appearances = ld_of(page)["appearance"]
    assert isinstance(appearances, list)
    assert [(a["name"], a.get("inLanguage"), a["text"]) for a in appearances] == [
        ("A report", "en", "surrender or die"),
        ("A transcript", "ru", "сдавайтесь или умрите"),
        ("A later story", None, "surrender or die"),
        ("A report", "en", "Reports of encirclement are false."),
        ("A post of the General Staff", "uk", "повідомлення про оточення неправдиві")]


def test_index_and_actor_pages_count_a_group_once(tmp_path: Path, write: Callable[
        ..., Path]) -> None:
    code, _, err = build(write(RELATED), tmp_path / "site")
    assert code == 0, err
    index = (tmp_path / "site" / "index.html").read_text()
    assert "<p class=\"lead\">3 claims, 1 disputed; 5 statements by 2 actors." in index
    assert re.findall(r'<h3><a href="claims/([a-z-]+)\.html">', index) == [
        "encirclement", "supplies", "holding"]
    assert ('<p class="also"><span class="label">Also worded as:</span> <a href="claims/'
            'surrounded.html">Kyiv&#39;s forces are surrounded.</a></p>') in index
    search = json.loads(re.findall(r'id="claims-index">(.*?)</script>', index, re.S)[0])
    assert "surrounded" in search["claims"]["encirclement"]["search"]
    staff = (tmp_path / "site" / "actors" / "general-staff.html").read_text()
    assert re.findall(r'<h3><a href="\.\./claims/([a-z-]+)\.html">', staff) == [
        "encirclement", "holding", "supplies"]
    tools = json.loads((tmp_path / "site" / "claims.json").read_text())["claims"]
    assert [(c["id"], c["group"], c["status"]) for c in tools][:2] == [
        ("encirclement", "encirclement", "disputed"), ("surrounded", "encirclement",
                                                       "disputed")]


def test_wikidata_items_are_links_and_same_as(tmp_path: Path, write: Callable[..., Path]
                                             ) -> None:
    code, _, err = build(write(RELATED), tmp_path / "site")
    assert code == 0, err
    actor = (tmp_path / "site" / "actors" / "putin.html").read_text()
    assert ('<dt>Wikidata</dt><dd><a href="https://www.wikidata.org/wiki/Q7747" rel="external '
            'noopener noreferrer">Vladimir Putin on Wikidata (Q7747)</a></dd>') in actor
    assert "Wikidata" not in (tmp_path / "site" / "actors" / "general-staff.html").read_text(
        ).split("</dl>")[0]
    wire = ('Wire (<a href="https://www.wikidata.org/wiki/Q130879" rel="external noopener '
            'noreferrer">Wire on Wikidata</a>)')
    assert wire in actor
    assert wire in (tmp_path / "site" / "sources.html").read_text()
    node = ld_of((tmp_path / "site" / "claims" / "encirclement.html").read_text())
    appearances = node["appearance"]
    assert isinstance(appearances, list)
    assert appearances[0]["publisher"] == {"@type": "Organization", "name": "Wire",
                                           "sameAs": "https://www.wikidata.org/wiki/Q130879"}
    assert appearances[3]["author"] == {"@type": "Thing", "name": "General Staff of Ukraine"}


def test_only_a_wikidata_item_becomes_a_link() -> None:
    from kursk_cli.site import wikidata_url

    assert wikidata_url("Q7747") == "https://www.wikidata.org/wiki/Q7747"
    for bad in ("Q0", "q7747", "Q7747/../x", "javascript:alert(1)", "Q1\n", "", None):
        assert wikidata_url(bad) is None, bad


def test_related_claims_on_the_pages_are_what_show_lists(write: Callable[..., Path]) -> None:
    from kursk_cli import loader, query, site

    ledger = loader.load(write(RELATED + """\
  - id: retreat
    text: Troops withdrew.
    relations:
      - contradicts: encirclement
      - supports: holding
      - supersedes: supplies
    statements:
      - actor: putin
        stance: qualifies
        date: 2025-03-16
        source: later
        paraphrase: Some units moved.
"""))
    found = site.related(ledger)
    for claim in ledger.claims:
        listed = found.get(ledger.group_of(claim.id), [])
        assert listed == [(how, ident) for how, ident, _, _ in query.related(ledger, claim)]
    assert sum(len(v) for v in found.values()) == 12


def test_the_index_counts_one_claim_in_the_singular(tmp_path: Path,
                                                     write: Callable[..., Path]) -> None:
    one = write(MINIMAL.replace("      - actor: general-staff\n        stance: denies\n"
                                "        date: 2025-03-14\n        source: report\n"
                                "        paraphrase: Reports of encirclement are false.\n", ""))
    assert build(one, tmp_path / "site")[0] == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">1 claim, 0 disputed; 1 statement by 2 actors.' in index
    assert 'aria-live="polite">1 claim</p>' in index
