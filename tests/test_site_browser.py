"""kursk site in a real browser: Chromium driven by Playwright, pages opened from file://.

Needs the ``browser`` extra (``pip install '.[browser]'``) and Chromium at /usr/bin/chromium
(Debian's ``chromium`` package; KURSK_CHROMIUM names another). Without them these tests
skip and say why, unless KURSK_REQUIRE_BROWSER=1 (as .ci/run sets), which makes the skip
a failure. Screenshots of the index and a claim page go to tests/screenshots/ (ignored by
git) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from helpers import FACTS, kursk

HOSTILE = (Path(__file__).parent / "data" / "hostile-site.yaml").read_text()
RELATED = Path(__file__).parent / "data" / "related-site.yaml"

SCREENSHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (390, 1280)


def _unavailable(reason: str) -> None:
    if os.environ.get("KURSK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KURSK_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[browser]')")
    chromium = os.environ.get("KURSK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        _unavailable(f"no Chromium at {chromium} (apt-get install chromium, or set "
                     "KURSK_CHROMIUM)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = kursk(["site", "-l", str(FACTS), "-o", str(folder), "--title", "Kursk ledger"])
    assert result.exit_code == 0, result.output
    return folder


class Visit:
    """A browser page that records console errors, page errors and dialogs."""

    def __init__(self, browser: Any, width: int = 1280, **options: Any) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def make(width: int = 1280, **options: Any) -> Visit:
        opened.append(Visit(browser, width, **options))
        return opened[-1]

    yield make
    for v in opened:
        v.close()


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def shown_claims(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        "#claims > li", "items => items.filter(i => !i.hidden && i.offsetParent !== null)"
        ".map(i => i.dataset.id)"))


def test_no_console_errors_and_only_local_files_on_any_page(
        site: Path, visit: Callable[..., Visit]) -> None:
    v = visit()
    for path in pages(site):
        v.open(path)
    assert v.errors == []
    assert v.dialogs == []
    assert len(pages(site)) == 25
    assert all(url.startswith("file://") for url in v.requests), v.requests


def test_every_link_inside_the_site_resolves(site: Path, visit: Callable[..., Visit]) -> None:
    v = visit()
    ids: dict[Path, set[str]] = {}
    for path in pages(site):
        ids[path] = set(v.open(path).eval_on_selector_all("[id]", "es => es.map(e => e.id)"))
    checked = 0
    for path in pages(site):
        page = v.open(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert parts.scheme == "file", f"{path.name}: {href}"
            target = Path(unquote(parts.path))
            assert target.is_file() and site in target.parents, f"{path.name}: {href}"
            if parts.fragment:
                assert unquote(parts.fragment) in ids[target], f"{path.name}: {href}"
            checked += 1
    assert checked > 100


def test_filters_and_search_narrow_the_list(site: Path, visit: Callable[..., Visit]) -> None:
    page = visit().open(site / "index.html")
    everything = shown_claims(page)
    assert len(everything) == 14
    assert page.inner_text("#count") == "14 claims"
    page.select_option("#f-status", "disputed")
    disputed = shown_claims(page)
    assert len(disputed) == 2
    assert page.inner_text("#count") == "2 of 14 claims"
    page.select_option("#f-status", "")
    page.select_option("#f-topic", "ceasefire")
    by_topic = shown_claims(page)
    assert len(by_topic) == 2
    for claim in by_topic:
        assert "ceasefire" in page.inner_text(f"#c-{claim} .meta")
    page.select_option("#f-topic", "")
    page.select_option("#f-actor", "trump")
    assert 0 < len(shown_claims(page)) < 14
    page.select_option("#f-actor", "")
    page.fill("#f-search", "GONCHAROVKA")
    assert shown_claims(page) == ["goncharovka-retaken"]
    page.fill("#f-search", "talks productive")
    found = shown_claims(page)
    assert len(found) == 1
    assert "productive" in page.inner_text(f"#c-{found[0]}")
    page.fill("#f-search", "no claim says this")
    assert shown_claims(page) == []
    assert page.inner_text("#count") == "0 of 14 claims"
    page.fill("#f-search", "")
    assert shown_claims(page) == everything


def test_without_javascript_every_claim_is_listed_and_linked(
        site: Path, visit: Callable[..., Visit]) -> None:
    page = visit(java_script_enabled=False).open(site / "index.html")
    assert len(shown_claims(page)) == 14
    assert not page.is_visible("#filters")
    assert len(page.query_selector_all("#claims h3 a")) == 14


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scrolling(site: Path, visit: Callable[..., Visit], width: int) -> None:
    v = visit(width)
    for path in pages(site):
        page = v.open(path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{path.relative_to(site)} is {wide} px wide at {width}"


def test_keyboard_reaches_every_claim_with_focus_visible(
        site: Path, visit: Callable[..., Visit]) -> None:
    page = visit().open(site / "index.html")
    claims = set(page.eval_on_selector_all("#claims h3 a", "as => as.map(a => a.href)"))
    reached: set[str] = set()
    outlines = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        href, outline = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.href || '', getComputedStyle(e).outlineStyle]; }")
        if href in claims:
            reached.add(href)
            outlines.add(outline)
        if reached == claims:
            break
    assert reached == claims
    assert outlines == {"solid"}


def test_a_hostile_ledger_runs_nothing(tmp_path: Path, visit: Callable[..., Visit]) -> None:
    ledger = tmp_path / "hostile.yaml"
    ledger.write_text(HOSTILE.replace("onerror=alert(5)", "onerror=window.pwned=1"))
    folder = tmp_path / "site"
    result = kursk(["site", "-l", str(ledger), "-o", str(folder), "--title",
                    "<img src=x onerror=alert(0)>"])
    assert result.exit_code == 0, result.output
    v = visit()
    for path in pages(folder):
        page = v.open(path)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.eval_on_selector_all(
            "a[href]", "as => as.filter(a => !/^(https?|file):/.test(a.href)).length") == 0
        assert page.eval_on_selector_all("img, iframe, object, embed", "e => e.length") == 0
        # Whatever handler hostile markup might have made, the events that run one.
        page.evaluate("""() => document.querySelectorAll('body *').forEach(e => {
            for (const kind of ['mouseover', 'mouseenter', 'focus', 'load', 'error'])
                e.dispatchEvent(new Event(kind, {bubbles: true}));
        })""")
        assert page.evaluate("typeof window.pwned") == "undefined"
    page = v.open(folder / "claims" / "hostile.html")
    assert "</script><script>alert(8)</script>" in page.inner_text("h1")
    assert v.dialogs == []
    assert v.errors == []


def test_screenshots_of_the_index_and_a_claim_page(site: Path,
                                                   visit: Callable[..., Visit]) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    shots = []
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            v = visit(width, color_scheme=scheme)
            for name, path in (("index", site / "index.html"),
                               ("claim", site / "claims" / "kursk-encirclement.html")):
                target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                v.open(path).screenshot(path=str(target), full_page=name == "claim")
                shots.append(target)
    assert all(s.stat().st_size > 10_000 for s in shots)


@pytest.mark.parametrize("width", WIDTHS)
def test_related_claims_and_words_as_spoken_fit_and_link(
        tmp_path: Path, visit: Callable[..., Visit], width: int) -> None:
    folder = tmp_path / "site"
    result = kursk(["site", "-l", str(RELATED), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    v = visit(width)
    for path in pages(folder):
        page = v.open(path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{path.relative_to(folder)} is {wide} px wide at {width}"
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.scheme == "file":
                assert Path(unquote(parts.path)).is_file(), f"{path.name}: {href}"
    page = v.open(folder / "claims" / "surrounded.html")
    spoken = page.eval_on_selector_all(".original [lang]", "es => es.map(e => [e.lang, "
                                       "e.closest('[lang]') === e])")
    assert spoken == [["ru", True], ["uk", True]]
    # The words as spoken stand beside the reported ones where there is room.
    tops = page.evaluate("""() => { const w = document.querySelector('.words');
        return [w.querySelector('.reported').getBoundingClientRect().top,
                w.querySelector('.original').getBoundingClientRect().top]; }""")
    assert (tops[0] == tops[1]) == (width == 1280)
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"claim-related-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert v.errors == []
