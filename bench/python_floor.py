"""The floor of a static generator in Python: what the fewest lines make of papers.bib, to compare confsite with.

    .venv/bin/python bench/python_floor.py SITE OUT

It reads SITE/data/papers.bib with bibtexparser v2 (splitting co-authors; LaTeX is left as written, since
bibtexparser's LaTeX decoding takes minutes on 10,000 papers), renders each abstract with Markdown and writes,
through Jinja2, a page per paper, a page per author and the papers list: the pages Hugo's site in vs_hugo.py
has, with nothing else (no program, people index, calendars, feeds, checks or error reporting). It prints
the pages written and the seconds spent parsing, in Markdown, and in all.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import bibtexparser
import jinja2
import markdown
from markupsafe import Markup
from bibtexparser.middlewares import SeparateCoAuthors

BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} | BenchConf</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">BenchConf</a> <a href="/papers/">Papers</a></header>
<main>{% block main %}{% endblock %}</main></body></html>
"""
TEMPLATES = {
    "base": BASE,
    "paper": """{% extends "base" %}{% block main %}<article><h1>{{ title }}</h1>
<p>{% for name, slug in authors %}{% if not loop.first %}, {% endif %}<a href="/authors/{{ slug }}/">{{ name }}</a>{% endfor %}</p>
<h2>Abstract</h2>{{ abstract }}</article>{% endblock %}""",
    "author": """{% extends "base" %}{% block main %}<h1>{{ title }}</h1><ul>
{% for key, paper_title in papers %}<li><a href="/papers/{{ key }}/">{{ paper_title }}</a></li>{% endfor %}</ul>{% endblock %}""",
    "list": """{% extends "base" %}{% block main %}<h1>{{ title }}</h1><ul>
{% for key, paper_title, names in papers %}<li><a href="/papers/{{ key }}/">{{ paper_title }}</a> {{ names }}</li>
{% endfor %}</ul>{% endblock %}""",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(site: Path, out: Path) -> dict:
    start = time.perf_counter()
    library = bibtexparser.parse_string((site / "data" / "papers.bib").read_text(encoding="utf-8"),
                                       append_middleware=[SeparateCoAuthors()])
    parsed = time.perf_counter()
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    paper_page, author_page, list_page = (env.get_template(name) for name in ("paper", "author", "list"))
    in_markdown, listed, by_author = 0.0, [], {}
    for entry in library.entries:
        if "author" not in entry.fields_dict:
            continue
        title = entry.fields_dict["title"].value
        names = [str(name) for name in entry.fields_dict["author"].value]
        for name in names:
            by_author.setdefault(name, []).append((entry.key, title))
        abstract = entry.fields_dict["abstract"].value if "abstract" in entry.fields_dict else ""
        begun = time.perf_counter()
        html = markdown.markdown(abstract)
        in_markdown += time.perf_counter() - begun
        write(out / "papers" / entry.key / "index.html",
              paper_page.render(title=title, authors=[(name, slug(name)) for name in names], abstract=Markup(html)))
        listed.append((entry.key, title, ", ".join(names)))
    for name, papers in by_author.items():
        write(out / "authors" / slug(name) / "index.html", author_page.render(title=name, papers=papers))
    write(out / "papers" / "index.html", list_page.render(title="Papers", papers=listed))
    return {"pages": len(listed) + len(by_author) + 1, "parse": parsed - start, "markdown": in_markdown,
            "total": time.perf_counter() - start}


if __name__ == "__main__":
    found = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{found['pages']} pages; parsing {found['parse']:.2f} s, Markdown {found['markdown']:.2f} s, "
          f"in all {found['total']:.2f} s")
