"""The preview finds the pages that read a changed value through an index of what each page read: edits in a row
render again only the pages that show what changed, and every build gives what a clean build gives."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from conftest import snapshot, write_tree
from confsite.pipeline import Memory
from confsite.pipeline import build
from test_incremental_papers import PAPERS, PROGRAM, SITE, bib


@pytest.fixture
def edits(tmp_path: Path):
    """edits(bib text, program text, site.yaml text): the pages the preview rendered again, after checking that it
    built what a clean build of the same files builds."""
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    cache, clean = Memory(), itertools.count()

    def run(text: str = bib(), program: str = PROGRAM, site_yaml: str = SITE["site.yaml"]):
        (site / "data" / "papers.bib").write_text(text, encoding="utf-8")
        (site / "data" / "program.yaml").write_text(program, encoding="utf-8")
        (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
        report = build(site, tmp_path / "preview", drafts=True, memory=cache, search_index=False)
        build(site, tmp_path / f"clean{next(clean)}", drafts=True, search_index=False)
        assert snapshot(tmp_path / "preview") == snapshot(tmp_path / f"clean{next(clean) - 1}")
        return set(report.rendered)

    run()
    return run


def _titled(**titles) -> str:
    return bib([paper.replace(old, new) for paper in PAPERS for old, new in [titles.get(_key(paper), ("", ""))]])


def _key(paper: str) -> str:
    return paper.split("{", 1)[1].split(",", 1)[0]


def test_title_edits_in_a_row_render_the_edited_papers_pages_alone(edits):
    """Each build's pages are compared with the next build's site through what they read of the site they were
    rendered with: a page rendered two builds ago is found as well as one rendered in the last."""
    first = edits(_titled(doe2030fast=("Fast", "Edited Fast")))
    assert "papers/doe2030fast/index.html" in first and "papers/index.html" in first
    assert not {"papers/roe2030small/index.html", "papers/kim2030sched/index.html", "venue/index.html"} & first
    second = edits(_titled(doe2030fast=("Fast", "Edited Fast"), roe2030small=("Small", "Tiny")))
    assert "papers/roe2030small/index.html" in second and "papers/doe2030fast/index.html" not in second
    third = edits(_titled(roe2030small=("Small", "Tiny")))  # the first edit undone
    assert "papers/doe2030fast/index.html" in third and "papers/roe2030small/index.html" not in third
    fourth = edits()
    assert "papers/roe2030small/index.html" in fourth and "papers/doe2030fast/index.html" not in fourth


def test_a_paper_moved_to_another_session_renders_its_page_again(edits):
    moved = PROGRAM.replace("          - paper: ng2030quant\n", "").replace(
        "          - paper: lee2030zero\n", "          - paper: lee2030zero\n          - paper: ng2030quant\n")
    rendered = edits(bib(), moved)
    assert {"papers/ng2030quant/index.html", "papers/index.html", "program/index.html"} <= rendered
    assert "papers/kim2030sched/index.html" not in rendered
    assert "papers/ng2030quant/index.html" in edits(bib(), PROGRAM)


def test_a_session_renamed_renders_the_pages_of_its_papers_again(edits):
    """A paper's page shows its session's title, which it reads from the site's table of each paper's session."""
    rendered = edits(bib(), PROGRAM.replace("title: Scale", "title: Scaling"))
    assert {"papers/kim2030sched/index.html", "papers/ng2030quant/index.html"} <= rendered
    assert "papers/doe2030fast/index.html" not in rendered
    assert {"papers/kim2030sched/index.html", "papers/ng2030quant/index.html"} <= edits()


def test_a_page_reading_one_entry_of_a_table_renders_again_when_that_entry_changes(tmp_path):
    """Pages that read the session of one paper each (a site's own template): renaming a session renders again the
    page of its paper alone, found by following the table's changed entries, not each page's reads."""
    template = '{% extends "base.html" %}{% block main %}<p>{{ site.program.session_of_paper.get(page.title).title }}</p>{% endblock %}'
    pages = {f"content/{key}.md": f"---\ntitle: {key}\nlayout: session_of\n---\n"
             for key in ("doe2030fast", "kim2030sched")}
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib(), "templates/session_of.html": template, **pages})
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    (site / "data" / "program.yaml").write_text(PROGRAM.replace("title: Scale", "title: Scaling"), encoding="utf-8")
    rendered = build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False).rendered
    assert "kim2030sched/index.html" in rendered and "doe2030fast/index.html" not in rendered
    assert "<p>Scaling</p>" in (tmp_path / "out" / "kim2030sched" / "index.html").read_text()


def test_the_site_name_read_by_every_page_renders_every_page_again(edits):
    every = edits(site_yaml=SITE["site.yaml"].replace("name: TestConf", "name: TestConf Renamed"))
    assert {"papers/doe2030fast/index.html", "papers/index.html", "venue/index.html", "people/ann-lee/index.html"} <= every
    assert len(edits()) == len(every)


def test_papers_added_removed_and_reordered_give_what_a_clean_build_gives(edits):
    edits(bib([*PAPERS, PAPERS[0].replace("doe2030fast", "abe2030first").replace("Fast {GPU}", "A First")]))
    edits(bib([PAPERS[0], *PAPERS[2:]]), PROGRAM.replace("          - paper: roe2030small\n", ""))
    edits(_titled(ng2030quant=("Quantization", "Aardvark Quantization")))  # first on the list now
    edits(_titled(ng2030quant=("Quantization", "Aardvark Quantization"), doe2030fast=("Fast", "Zebra Fast")))
    edits()


def test_pages_that_no_build_has_any_more_leave_the_index(tmp_path):
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bib()})
    cache = Memory()
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    (site / "data" / "papers.bib").write_text(bib(PAPERS[:3]), encoding="utf-8")
    (site / "data" / "program.yaml").write_text(PROGRAM.split("      - title: Scale")[0], encoding="utf-8")
    build(site, tmp_path / "out", drafts=True, memory=cache, search_index=False)
    assert "papers/ng2030quant/index.html" not in cache.outputs.rendered
    assert "papers/doe2030fast/index.html" in cache.outputs.rendered


def test_list_pages_with_their_kept_blocks_are_those_of_a_clean_build(tmp_path):
    """The papers list of 40 papers in two groups (by year), its blocks kept between builds: after edits in one group,
    then the other, then back, its bytes are a clean build's."""
    from test_incremental_papers import entry

    def papers(edited=()):
        return bib([entry(f"p{number:02d}", ("Edited " if number in edited else "") + f"Paper {number} on Scaling",
                          f"Author{number}, Ann and Other{number}, Bo",
                          f"  crossref = {{testconf30}},\n  year = {2029 + number % 2},\n") for number in range(40)])

    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": papers()})
    (site / "data" / "program.yaml").unlink()
    (site / "content" / "highlights.md").unlink()
    cache = Memory()
    build(site, tmp_path / "preview", drafts=True, memory=cache, search_index=False)
    for number, edited in enumerate([(3,), (3, 4), (4,), ()]):
        (site / "data" / "papers.bib").write_text(papers(edited), encoding="utf-8")
        build(site, tmp_path / "preview", drafts=True, memory=cache, search_index=False)
        build(site, tmp_path / f"clean{number}", drafts=True, search_index=False)
        assert snapshot(tmp_path / "preview") == snapshot(tmp_path / f"clean{number}")
