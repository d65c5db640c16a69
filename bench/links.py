"""How long the internal link check takes on a large built site.

    python bench/links.py [PAGES]             synthetic pages shaped like the theme's
    python bench/links.py --built FOLDER      a site built before (e.g. the 10,000-paper one), read only

On a built folder it times (CPU seconds, the best of --repeat runs): page_links over every page; check_links cold,
with the pages' links given (as the render's processes give them) and from the bytes; and with a memo, as the
preview checks: a first check, one with nothing changed, one after a paper page's title changed, one after the
list of papers and the program changed too (as when a title is edited in papers.bib), and one after a
page gained an id (every page's verdicts are then worked out again; the pages' links are still remembered).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confsite.check.links import check_links, page_links  # noqa: E402
from confsite.memo import Memo  # noqa: E402


def synthetic_site(pages: int) -> dict[str, bytes]:
    """`pages` paper pages, each with a menu, a stylesheet, author links, anchors and a JSON-LD script."""
    files = {"index.html": b"<!doctype html><h1 id=top>Home</h1>", "css/site.css": b"body{}", "papers/index.html": b""}
    menu = "".join(f'<a href="../../{name}/">{name}</a>' for name in ("about", "papers", "committees", "call"))
    for name in ("about", "committees", "call"):
        files[f"{name}/index.html"] = b"<!doctype html><h1>x</h1>"
    index = []
    for n in range(pages):
        authors = "".join(f'<li><a href="../../people/p{(n * 3 + k) % pages}/">Author {k}</a></li>' for k in range(5))
        body = (f'<!doctype html><html lang="en"><head><link rel="stylesheet" href="../../css/site.css">'
                f'<script type="application/ld+json">{{"name": "Paper {n}"}}</script></head><body>'
                f'<nav>{menu}</nav><main id="main"><h1 id="title">Paper {n}</h1><ul>{authors}</ul>'
                f'<section id="abstract"><p>{"An abstract sentence. " * 60}</p></section>'
                f'<a href="#abstract">Abstract</a> <a href="../#p{n}">All papers</a> <a href="https://doi.org/10/{n}">DOI</a>'
                f'</main></body></html>')
        files[f"papers/p{n}/index.html"] = body.encode()
        files[f"people/p{n}/index.html"] = f'<h1>Person {n}</h1><a href="../../papers/p{n}/#title">paper</a>'.encode()
        index.append(f'<li id="p{n}"><a href="p{n}/">Paper {n}</a></li>')
    files["papers/index.html"] = ("<ul>" + "".join(index) + "</ul>").encode()
    return files


def built_site(folder: Path) -> dict[str, bytes]:
    """The files of a built site: each page's bytes, the other files' paths (their bytes are never read)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.suffix == ".html" else b""
            for path in sorted(folder.rglob("*")) if path.is_file()}


def timed(make, repeat: int):
    """(the best CPU seconds of `repeat` runs of make(), what the last run gave)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = make()
        best = min(best, time.process_time() - start)
    return best, result


def edited(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data, old
    return data.replace(old, new, 1)


def bench_built(folder: Path, repeat: int) -> None:
    files = built_site(folder)
    pages = [path for path in files if path.endswith(".html")]
    size = sum(len(files[page]) for page in pages)
    print(f"{folder}: {len(pages)} pages, {size / 1e6:.0f} MB of HTML, {len(files)} files")
    seconds, parsed = timed(lambda: {page: page_links(files[page]) for page in pages}, repeat)
    links = sum(len(parse[1]) for parse in parsed.values())
    print(f"page_links over every page: {seconds:.2f} CPU s ({links} distinct links a page, summed)")
    seconds, errors = timed(lambda: check_links(files, [], folder, [], "/", parsed=dict(parsed)), repeat)
    print(f"check_links cold, the links given: {seconds:.2f} CPU s, {len(errors)} broken links")
    seconds, _ = timed(lambda: check_links(files, [], folder, [], "/"), 1)
    print(f"check_links cold, from the bytes: {seconds:.2f} CPU s")
    # the preview: one memo across checks, turned before each
    memo = Memo()

    def preview():
        memo.turn()
        return check_links(files, [], folder, [], "/", memo=memo)

    seconds, _ = timed(preview, 1)
    print(f"with a memo, first check: {seconds:.2f} CPU s")
    seconds, _ = timed(preview, repeat)
    print(f"with a memo, nothing changed: {seconds * 1000:.0f} CPU ms")
    paper = next(page for page in pages if page.startswith("papers/") and page.count("/") == 2)
    before, after = files[paper], edited(files[paper], b"</h1>", b" (edited)</h1>")

    def one_page_edited():  # (back and forth: the memo holds one build's worth, the other version is read anew)
        files[paper] = after if files[paper] is before else before
        return preview()

    seconds, errors = timed(one_page_edited, repeat)
    assert not errors, errors
    print(f"with a memo, after {paper}'s title changed: {seconds * 1000:.0f} CPU ms")
    # a paper's title edited in papers.bib: its page, and the list of papers and the program that show the title
    lists = [page for page in ("papers/index.html", "program/index.html") if page in files]
    versions = {page: (files[page], edited(files[page], b"</main>", b" </main>")) for page in [paper, *lists]}

    def title_edited():
        for page, (one, other) in versions.items():
            files[page] = other if files[page] is one else one
        return preview()

    seconds, errors = timed(title_edited, repeat)
    assert not errors, errors
    print(f"with a memo, after {paper}, {' and '.join(lists)} changed: {seconds * 1000:.0f} CPU ms")
    files[paper] = edited(before, b"<h1", b'<h1 id="edited"')
    seconds, _ = timed(preview, 1)
    print(f"with a memo, after {paper} gained an id: {seconds:.2f} CPU s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int, nargs="?", default=10_000, help="synthetic paper pages")
    parser.add_argument("--built", type=Path, help="a built site's folder, read only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.built is not None:
        bench_built(args.built, args.repeat)
        return
    files = synthetic_site(args.pages)
    size = sum(len(data) for data in files.values())
    start = time.perf_counter()
    errors = check_links(files, [], Path("."), [], "/")
    elapsed = time.perf_counter() - start
    print(f"{len(files)} files, {size / 1e6:.1f} MB of HTML: link check {elapsed:.2f} s, {len(errors)} broken links")


if __name__ == "__main__":
    main()
