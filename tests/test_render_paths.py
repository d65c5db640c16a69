"""The render's quick paths (links remembered per folder, url() called directly, plain text escaped in one step)
give what the general ones give, in any template a site writes."""
from __future__ import annotations

import gc

import pytest

from conftest import MINIMAL_SITE, build, html, posix_relative, write_tree
from confsite import urls


def test_links_remembered_from_one_page_are_right_from_every_page_beside_it_and_inside_it():
    """A link is computed once per folder and target: from a sibling page, from the page it leads into, from deeper."""
    pages = ["a/b/", "a/c/", "a/bc/", "a/b/c/", "b/", "a/", "", "a/b.html", "x.css", "/a/", "a//b/"]
    targets = ["a/b/", "a/b", "a/b/c/", "a/bc/", "a/", "a", "b/", "", "a/b/#part", "a/c/x.css", "../a/", "/a/", "a//b/"]
    for order in (pages, pages[::-1], pages[1::2] + pages[::2]):
        for current in order:
            for target in targets:
                assert urls.relative_url(target, current) == posix_relative(target, current), (target, current)


def test_url_in_a_site_template_follows_a_loop_that_sets_the_page_and_text_is_escaped(tmp_path):
    """A loop that sets page_url is what url() links from, as in any Jinja call; other loops leave it alone."""
    site = write_tree(tmp_path / "site", {
        **MINIMAL_SITE,
        "content/links.md": "---\ntitle: Links & <more>\nlayout: links\n---\nText.\n",
        "templates/links.html": (
            '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n'
            '{% for name in ["venue/"] %}{% set page_url = name %}<a id="named" href="{{ url("venue/") }}">x</a>{% endfor %}\n'
            '{% for link in nav %}<a class="menu" href="{{ url(link.url) }}">{{ link.title }} {{ loop.index }}</a>{% endfor %}\n'
            '{% endblock %}\n'),
    })
    run = build(site)
    assert run.code == 0, run.err
    page = html(site / "_site" / "links" / "index.html")
    assert page.find("a", id="named")["href"] == "./"  # from venue/, where the loop says the page is
    assert [a["href"] for a in page.select("a.menu")] == ["../", "../venue/"]
    assert [a.get_text() for a in page.select("a.menu")] == ["Home 1", "Venue 2"]
    assert page.find("h1").get_text() == "Links & <more>"
    source = (site / "_site" / "links" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Links &amp; &lt;more&gt;</h1>" in source


def test_a_build_gives_back_to_the_garbage_collector_what_it_froze(tmp_path, monkeypatch):
    """What a build sets aside for the collector while it renders in processes is given back when it ends, failed
    or not."""
    from confsite.errors import BuildFailed
    from confsite.pipeline import build as build_site

    from confsite.render import templates

    monkeypatch.setattr(templates, "parallel_jobs", lambda outputs: 2)
    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    broken = write_tree(tmp_path / "broken", {**MINIMAL_SITE, "templates/page.html": "{{ page.nosuch.name }}\n"})
    assert gc.get_freeze_count() == 0
    build_site(site, tmp_path / "out", search_index=False)
    assert gc.get_freeze_count() == 0
    with pytest.raises(BuildFailed):
        build_site(broken, tmp_path / "out2", search_index=False)
    assert gc.get_freeze_count() == 0



