"""The link check resolves a link once for many pages, and the common kinds of link without the general walk: on
random links and pages, it must find the very targets, and report the very broken links, that resolving every
link of every page with the general walk (links._resolve) finds."""
from __future__ import annotations

import random
from html import escape

from confsite.check import links
from confsite.check.page_links import page_links
from confsite.errors import SiteError
from confsite.memo import Memo
from confsite.model import Output

FOLDERS = ["", "about", "papers", "papers/p1", "papers/p2", "papers/p3", "people/a", "people/b", "program/s1",
           "2024", "2024/papers/p1", "2024/papers/p2", "a/b/c", "x y", "p%20q", ".hidden", "papers/p1.bib"]
PARTS = ["../", "../", "../../", "./", "..", ".", "/", "//", "#", "?", "x", "p1", "p2", "papers", "people", "about",
         "index.html", "b.c", "/", "%2e", "%2E%2e/", "%20", " ", "\t", "http://h/", "https://h", "mailto:x", ":", "a:b",
         "top", "#top", "#main", "#", "?q=1", "&", "\u017f", "p1/", "2024/", "s1", "program/", "a/b/"]

THEME = ["../", "../../", "./", "../about/", "../../about/", "../papers/", "../../papers/p1/", "../p1/", "../p2/#main",
         "../#top", "../#main", "#main", "/about/", "/papers/", "../css/site.css", "../../css/site.css", "p1/", "p1.bib",
         "../index.html", "../../2024/papers/", "../search-index/x.json", "https://example.org/", "../%70apers/"]


def general(value: str, page: str, base_path: str) -> str | None:
    """Where a link points from a page by the general walk alone, as the link check resolved every link at first."""
    target = links._resolve.__wrapped__(value.strip(), page.rpartition("/")[0], base_path)
    return page + target[1:] if target is not None and target.startswith(links._SELF) else target


def random_link(rng: random.Random) -> str:
    """A link of a few parts (no '\\x00': the link check stands for the page itself with it)."""
    return "".join(rng.choice(PARTS) for _ in range(rng.randint(1, 6)))


def pages_in(folders) -> list[str]:
    return [f"{folder}/{name}" if folder else name for folder in folders for name in ("index.html", "more.html")]


def test_links_resolve_as_the_general_walk_resolves_them_and_alike_where_they_are_kept_alike():
    rng = random.Random(20)
    pages = pages_in(FOLDERS)
    kept_alike = 0
    for _ in range(20000):
        value, page, base_path = random_link(rng), rng.choice(pages), rng.choice(["/", "/conf/"])
        target, shared = links._site_path(value, page, base_path)
        assert target == general(value, page, base_path), (value, page)
        if shared:  # the same from every page as deep
            for other in pages:
                if other.count("/") == page.count("/"):
                    assert general(value, other, base_path) == target, (value, page, other)
        page_dir = page.rpartition("/")[0]
        alike: dict = {}
        assert links._resolved_in(page, page_dir, [value], base_path, alike) == ([] if target is None else
                                                                                 [(value, target)])
        if value in alike:  # the same from every page of a folder in the same folder as this page's
            kept_alike += 1
            for other in pages:
                other_dir = other.rpartition("/")[0]
                if other_dir and page_dir and other_dir.rpartition("/")[0] == page_dir.rpartition("/")[0]:
                    assert general(value, other, base_path) == target, (value, page, other)
    assert kept_alike > 5000


def test_a_link_that_climbs_to_a_name_read_as_the_page_itself_is_resolved_on_each_page():
    alike: dict = {}
    for page in ("about/index.html", "papers/index.html"):  # ('%00': the general walk reads the page itself)
        assert links._resolved_in(page, page.rpartition("/")[0], ["../%00x:"], "/", alike) == [
            ("../%00x:", general("../%00x:", page, "/"))] == [("../%00x:", page + "x:")]


def expected_errors(files: dict, parsed: dict, sources: dict, filled_later: tuple) -> list[str]:
    """The broken links of every page, each link of each page resolved by the general walk."""
    found: dict = {}
    for page in sorted(parsed):
        for value in dict.fromkeys(parsed[page][1]):
            target = general(value, page, "/")
            if target is None or target.startswith(filled_later):
                continue
            problem = links._problem(target, files, {page: parse[0] for page, parse in parsed.items()})
            if problem is not None:
                found.setdefault((sources[page], value, *problem), []).append(page)
    return [str(SiteError(source, None, f"broken link '{value}' ({on}): {message}", hint))
            for (source, value, message, hint), pages in found.items()
            for on in [f"on {pages[0]}" if len(pages) == 1 else f"on {len(pages)} pages, e.g. {pages[0]}"]]


def test_a_site_of_random_links_has_the_broken_links_that_the_general_walk_finds(tmp_path):
    rng = random.Random(21)
    pages = [page for page in pages_in(FOLDERS) if rng.random() < 0.7]
    others = ["css/site.css", "papers/p1/p1.bib", "search-index/x.json", "2024/papers/p1/slides.pdf"]
    # (a theme's links: on many pages, most of them fine on some pages and broken on others)
    shared = [random_link(rng) for _ in range(40)] + THEME
    memo = Memo()
    for round_ in range(30):
        files, parsed = {}, {}
        for page in pages:
            ids = {rng.choice(["main", "top", "x", "p1", "", "b.c"]) for _ in range(rng.randint(0, 3))}
            written = [rng.choice(shared) if rng.random() < 0.6 else random_link(rng) for _ in range(rng.randint(0, 25))]
            files[page] = b"<html></html>"  # (what the page reads is given: parsed)
            parsed[page] = (frozenset(ids), tuple(written))  # (as page_links gives them)
        files.update(dict.fromkeys(others, b""))
        sources = {page: rng.choice(["content/a.md", "content/b.md", page]) for page in pages}
        outputs = [Output(page, sources[page]) for page in pages]
        filled_later = ("search-index/",) if round_ % 2 else ()
        errors = links.check_links(files, outputs, tmp_path, [], "/", filled_later, parsed=dict(parsed))
        assert [str(error) for error in errors] == expected_errors(files, parsed, sources, filled_later)
        assert errors
        memo.turn()  # (the preview's memo: one across the rounds, as across builds)
        preview = links.check_links(files, outputs, tmp_path, [], "/", filled_later, parsed=dict(parsed), memo=memo)
        assert [str(error) for error in preview] == [str(error) for error in errors]


def random_page(rng: random.Random, shared: list[str]) -> bytes:
    """A page of a few ids and links, as the theme and Markdown write them."""
    ids = "".join(f'<h2 id="{escape(rng.choice(["main", "top", "x", "p1", "b.c"]))}">x</h2>' for _ in range(rng.randint(0, 3)))
    written = [rng.choice(shared) if rng.random() < 0.6 else random_link(rng) for _ in range(rng.randint(0, 12))]
    return (f"<!doctype html><main>{ids}" + "".join(f'<a href="{escape(link)}">x</a>' for link in written)
            + "</main>").encode()


def test_the_check_with_a_memo_reports_after_each_edit_what_a_check_without_it_reports(tmp_path, monkeypatch):
    """The preview's memo keeps each page's links by its bytes and what is broken on it while the site's files and
    ids stay the same: after every kind of edit, the check reports what a check without the memo reports."""
    rng = random.Random(22)
    shared = [random_link(rng) for _ in range(30)] + THEME
    pages = pages_in(FOLDERS)
    files = {page: random_page(rng, shared) for page in pages}
    files.update(dict.fromkeys(["css/site.css", "papers/p1/p1.bib", "search-index/x.json"], b""))
    outputs = [Output(page, "content/a.md") for page in pages]
    read = []
    monkeypatch.setattr(links, "page_links", lambda html: read.append(html) or page_links(html))
    monkeypatch.setattr(links, "_CHUNK", 5)  # (the verdicts of a few pages are remembered together)
    memo = Memo()

    def check(base_url="/", filled_later=()):
        expected = [str(error) for error in links.check_links(files, outputs, tmp_path, [], base_url, filled_later)]
        read.clear()
        memo.turn()
        found = links.check_links(files, outputs, tmp_path, [], base_url, filled_later, memo=memo)
        assert [str(error) for error in found] == expected
        return expected

    assert check() and len(read) == len(set(files[page] for page in pages))
    check()
    assert read == []  # (nothing changed: no page read again)
    for edit in range(80):
        kind = rng.choice(["page", "page", "page", "gone", "added", "file", "base", "later"])
        page = rng.choice(pages)
        if kind == "page":
            files[page] = random_page(rng, shared)
        elif kind == "gone" and page in files:
            del files[page]
        elif kind in ("gone", "added"):
            files[page] = random_page(rng, shared)
        elif kind == "file":
            name = rng.choice(["css/site.css", "papers/p1/p1.bib", "2024/papers/p1/slides.pdf"])
            files.pop(name) if name in files else files.__setitem__(name, b"")
        check(*{"base": ("/conf/",), "later": ("/", ("search-index/",))}.get(kind, ()))
        assert len(read) <= 1
