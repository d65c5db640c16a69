"""How long the internal link checker takes on a large built site (synthetic pages shaped like the theme's).

    python bench/links.py [PAGES]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from confsite.check.links import check_links


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


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    files = synthetic_site(pages)
    size = sum(len(data) for data in files.values())
    start = time.perf_counter()
    errors = check_links(files, [], Path("."), [], "/")
    elapsed = time.perf_counter() - start
    print(f"{len(files)} files, {size / 1e6:.1f} MB of HTML: link check {elapsed:.2f} s, {len(errors)} broken links")


if __name__ == "__main__":
    main()
