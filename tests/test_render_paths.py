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


def test_a_build_gives_back_to_the_garbage_collector_what_it_froze_and_leaves_its_callers_frozen(tmp_path):
    """What a build reads and assembles is set aside for the collector while the build runs, not after it, failed
    or not; objects frozen before it (as the preview freezes its cache) stay frozen."""
    from confsite.errors import BuildFailed
    from confsite.pipeline import build as build_site

    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    broken = write_tree(tmp_path / "broken", {**MINIMAL_SITE, "templates/page.html": "{{ page.nosuch.name }}\n"})
    assert gc.get_freeze_count() == 0
    build_site(site, tmp_path / "out", search_index=False)
    assert gc.get_freeze_count() == 0
    with pytest.raises(BuildFailed):
        build_site(broken, tmp_path / "out2", search_index=False)
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(3)]  # (tracked by the collector once in a list)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        build_site(site, tmp_path / "out3", search_index=False)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
    assert kept and (tmp_path / "out3" / "venue" / "index.html").is_file()


def test_a_preview_build_gives_back_what_it_froze_without_counting_the_frozen_objects(tmp_path, monkeypatch):
    """The preview freezes its cache for the build (earlier_builds_frozen); counting frozen objects walks them all
    (gc.get_freeze_count, 0.15-0.25 s with the cache of 10,000 papers), so the build knows it instead."""
    from confsite.render.reuse import BuildCache
    from confsite.pipeline import build as build_site

    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    cache = BuildCache()
    build_site(site, tmp_path / "out", drafts=True, cache=cache, search_index=False)
    write_tree(site, {"content/venue.md": MINIMAL_SITE["content/venue.md"] + "\nBy train.\n"})
    counted = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or 0)
    report = build_site(site, tmp_path / "out", drafts=True, cache=cache, search_index=False)
    monkeypatch.undo()
    assert report.written == ("venue/index.html",) and counted == []
    assert gc.get_freeze_count() == 0


def test_a_preview_build_renders_checks_and_writes_with_the_collector_off_and_leaves_it_on(tmp_path, monkeypatch):
    """The preview's builds make little garbage: the collector waits until the build ends (a one-paper edit of
    10,000 papers ran 260 collections, one of them full); a build without the preview's cache is left as it was."""
    from confsite import pipeline
    from confsite.render.reuse import BuildCache

    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    seen = []
    for name in ("render_outputs", "check_links", "write_site"):
        def watched(*args, _step=getattr(pipeline, name), **kwargs):
            seen.append(gc.isenabled())
            return _step(*args, **kwargs)
        monkeypatch.setattr(pipeline, name, watched)
    pipeline.build(site, tmp_path / "out", drafts=True, cache=BuildCache(), search_index=False)
    assert seen == [False, False, False] and gc.isenabled()
    seen.clear()
    pipeline.build(site, tmp_path / "clean", search_index=False)
    assert seen == [True, True, True]
