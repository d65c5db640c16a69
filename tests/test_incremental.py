"""Incremental builds: an edit renders and writes only the outputs that read what changed; no change writes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_SITE, build, html, snapshot, write_tree
from confsite.pipeline import Memory
from confsite.pipeline import build as build_site
from confsite.output.write import Staging, publish, put_back, write_in_place

PAPERS_BIB = """@inproceedings{doe2030fast,
  author = {Doe, Jane and Roe, Richard},
  title = {Fast Training},
  booktitle = {TestConf 2030},
  year = {2030},
}
@inproceedings{roe2030small,
  author = {Roe, Richard},
  title = {Small Models},
  booktitle = {TestConf 2030},
  year = {2030},
}
"""

SITE = {
    **MINIMAL_SITE,
    "content/about.md": "---\ntitle: About\nnav_order: 3\n---\nAbout TestConf.\n",
    "content/news.md": "---\ntitle: News\n---\nNo news yet.\n",
    "data/committees.yaml": "committees:\n  - name: Program Committee\n    members:\n      - name: Ada Lovelace\n",
    "data/papers.bib": PAPERS_BIB,
}
# Pages whose template reads every page (the search page lists them all): an edit of any page renders them again.
LISTS_EVERY_PAGE = {"search/index.html"}
SOME_PAGES = {"index.html", "venue/index.html", "about/index.html", "news/index.html", "committees/index.html",
              "papers/index.html", "404.html"}


@pytest.fixture
def preview(tmp_path: Path):
    """A site built once with a render cache, as `confsite serve` keeps it; gives (site, rebuild, every page)."""
    site = write_tree(tmp_path / "site", SITE)
    cache = Memory()

    def rebuild():
        return build_site(site, tmp_path / "out", memory=cache, search_index=False)

    pages = set(rebuild().rendered)
    assert pages >= SOME_PAGES
    return site, rebuild, pages


def write_site(files: dict[str, bytes], out: Path, finish=None, known: dict | None = None):
    """Write `files` as a build does: staged then published, after `finish(staged folder)`; or, with the preview's
    `known`, in place."""
    if known is not None:
        return write_in_place(files, out, known)
    staging = Staging(out)
    for path, data in files.items():
        staging.write(path, data)
    if finish is not None:
        finish(staging.folder)
    return publish(staging)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_editing_one_page_renders_and_writes_only_that_page(preview, tmp_path):
    site, rebuild, pages = preview
    before = _stats(tmp_path / "out")
    _edit(site / "content" / "venue.md", "See the", "Take the train, or see the")
    report = rebuild()
    assert set(report.rendered) == {"venue/index.html", *LISTS_EVERY_PAGE}  # those that read it
    assert report.written == ("venue/index.html",)  # those whose bytes changed
    after = _stats(tmp_path / "out")
    assert {path for path in after if after[path] != before.get(path)} == {"venue/index.html"}
    assert "Take the train" in html(tmp_path / "out" / "venue" / "index.html").find("main").get_text()


def test_a_menu_title_is_read_by_every_page(preview):
    site, rebuild, pages = preview
    _edit(site / "content" / "about.md", "title: About", "title: About us")
    assert set(rebuild().rendered) == pages  # the menu is on every page
    _edit(site / "content" / "news.md", "title: News", "title: Latest news")
    assert set(rebuild().rendered) == {"news/index.html", *LISTS_EVERY_PAGE}  # not in the menu: only its own page


def test_data_files_rerender_the_pages_that_read_them(preview):
    site, rebuild, pages = preview
    _edit(site / "data" / "papers.bib", "Small Models", "Smaller Models")
    rendered = set(rebuild().rendered)
    # the paper's own page, the list of papers and its author's pages; not the other paper or its other author
    assert {"papers/roe2030small/index.html", "papers/index.html", "people/richard-roe/index.html"} <= rendered
    assert not rendered & {"papers/doe2030fast/index.html", "people/jane-doe/index.html", "venue/index.html"}
    _edit(site / "data" / "committees.yaml", "Ada Lovelace", "Grace Hopper")
    rendered = set(rebuild().rendered)  # the committees page and the people pages, which list roles
    assert "committees/index.html" in rendered
    assert not rendered & {"papers/index.html", "papers/doe2030fast/index.html", "venue/index.html"}


def test_what_a_template_reads_is_recorded_not_declared(preview, tmp_path):
    """A site's own template that shows the number of papers makes every page using it depend on the papers."""
    site, rebuild, pages = preview
    write_tree(site, {"templates/page.html": '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>'
                                             '<p class="count">{{ site.papers | length }} papers</p>{% endblock %}'})
    assert set(rebuild().rendered) == pages  # a template changed: everything renders again
    _edit(site / "data" / "papers.bib", "@inproceedings{roe2030small", "@inproceedings{roe2030smaller")
    # the pages of layout 'page' now read site.papers; the home page and the committees still do not
    rendered = set(rebuild().rendered)
    assert {"venue/index.html", "about/index.html", "news/index.html", "papers/index.html"} <= rendered
    assert not rendered & {"index.html", "committees/index.html"}
    assert html(tmp_path / "out" / "venue" / "index.html").select_one(".count").get_text() == "2 papers"


def test_the_same_values_in_another_order_render_again(preview, tmp_path):
    """A mapping read whole is compared with its order: a template listing its entries shows the new order."""
    site, rebuild, pages = preview
    write_tree(site, {"templates/page.html": '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1><ul>'
                                             '{% for name in config.links %}<li>{{ name }}</li>{% endfor %}</ul>'
                                             '{% endblock %}'})
    (site / "site.yaml").write_text(SITE["site.yaml"] + "links:\n  slides: /slides/\n  video: /video/\n",
                                    encoding="utf-8")
    rebuild()
    venue = tmp_path / "out" / "venue" / "index.html"
    assert [li.get_text() for li in html(venue).select("main li")] == ["slides", "video"]
    (site / "site.yaml").write_text(SITE["site.yaml"] + "links:\n  video: /video/\n  slides: /slides/\n",
                                    encoding="utf-8")
    assert "venue/index.html" in rebuild().rendered
    assert [li.get_text() for li in html(venue).select("main li")] == ["video", "slides"]


def test_site_yaml_and_theme_changes_reach_every_page(preview):
    site, rebuild, pages = preview
    _edit(site / "site.yaml", "edition: TestConf 2030", "edition: TestConf 2031")
    assert set(rebuild().rendered) == pages
    assert rebuild().rendered == ()  # and with no change, nothing renders


def test_removed_page_is_removed_from_the_output(preview, tmp_path):
    site, rebuild, pages = preview
    (site / "content" / "news.md").unlink()
    report = rebuild()
    assert report.removed == ("news/index.html",)
    assert set(report.rendered) == LISTS_EVERY_PAGE
    assert not (tmp_path / "out" / "news").exists()


def test_a_second_build_with_no_change_writes_nothing(site):
    first = build(site)
    assert first.code == 0, first.err
    out = site / "_site"
    before, files = _stats(out), snapshot(out)
    second = build(site)
    assert second.code == 0
    assert second.out.splitlines()[-2] == f"nothing changed in {out}: no file written"
    assert _stats(out) == before  # same inodes, same modification times: nothing was rewritten
    assert snapshot(out) == files


def test_a_build_after_an_edit_rewrites_only_the_changed_file(site):
    assert build(site).code == 0
    out = site / "_site"
    before = _stats(out)
    _edit(site / "content" / "venue.md", "Getting there", "Getting here")
    result = build(site)
    assert result.code == 0
    after = _stats(out)
    changed = {path for path in after if after[path] != before.get(path)}
    # the page, and the search index files that hold its words
    assert {path for path in changed if not path.startswith("pagefind/")} == {"venue/index.html"}
    removed = {path for path in before if path not in after}
    assert all(path.startswith("pagefind/") for path in removed)
    assert result.out.splitlines()[-2] == f"{len(changed)} files written into {out}, {len(removed)} removed"


def test_drafts_are_left_out_of_the_build_and_shown_by_the_preview(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "content/program.md": "---\ntitle: Program\ndraft: true\n---\nSoon.\n"})
    assert build(site).code == 0
    assert not (site / "_site" / "program").exists()
    report = build_site(site, tmp_path / "preview", drafts=True)
    assert "program/index.html" in report.written
    assert html(tmp_path / "preview" / "program" / "index.html").find("h1").get_text() == "Program"


def test_in_place_update_replaces_a_file_by_a_folder_and_back(tmp_path):
    out = tmp_path / "out"
    write_site({"a": b"file", "b/c.txt": b"c"}, out)
    report = write_site({"a/index.html": b"page", "b": b"now a file"}, out)
    assert sorted(report.written) == ["a/index.html", "b"]
    assert snapshot(out) == {".confsite-output": b"", "a/index.html": b"page", "b": b"now a file"}
    write_site({"a": b"file again"}, out)
    assert snapshot(out) == {".confsite-output": b"", "a": b"file again"}


def test_the_preview_remembers_what_it_wrote_and_puts_back_what_others_change(tmp_path):
    """Between builds the preview compares with the bytes it wrote; put_back rewrites what another program changed."""
    out, known = tmp_path / "out", {}
    site = {"a/index.html": b"alpha", "b.txt": b"beta"}
    write_site(site, out, known=known)
    assert write_site(site, out, known=known).written == ()
    assert put_back(out, known) == ()
    (out / "b.txt").write_bytes(b"changed by another program")
    assert put_back(out, known) == ("b.txt",)
    assert (out / "b.txt").read_bytes() == b"beta"
    report = write_site({**site, "c.txt": b"gamma"}, out, known=known)
    assert report.written == ("c.txt",)
    before = _stats(out)
    assert write_site({**site, "c.txt": b"gamma"}, out, known=known).written == ()
    assert put_back(out, known) == ()
    assert _stats(out) == before
    report = write_site({"a": b"now a file", "c.txt": b"gamma"}, out, known=known)
    assert report.written == ("a",)
    assert snapshot(out) == {".confsite-output": b"", "a": b"now a file", "c.txt": b"gamma"}
    (out / "c.txt").unlink()
    (out / "a").write_bytes(b"now a file")  # rewritten with the same bytes: kept
    assert put_back(out, known) == ("c.txt",)
    assert snapshot(out) == {".confsite-output": b"", "a": b"now a file", "c.txt": b"gamma"}
    assert put_back(out, known) == ()


def test_the_preview_puts_back_after_a_build_a_page_another_program_changed(tmp_path):
    """The preview's build compares with what it wrote; right after it, a page someone changed is made right again."""
    from confsite.serve import Preview

    site = write_tree(tmp_path / "site", MINIMAL_SITE)
    preview = Preview(site, tmp_path / "out")
    preview.rebuild()
    assert not preview.failed
    assert preview.put_back() is None  # nothing changed outside
    page = tmp_path / "out" / "venue" / "index.html"
    rendered = page.read_bytes()
    page.write_text("<p>edited by hand</p>", encoding="utf-8")
    (tmp_path / "out" / "index.html").unlink()
    write_tree(site, {"content/about.md": "---\ntitle: About\n---\nNew page.\n"})
    assert preview.rebuild() == ["*"]
    assert preview.put_back() == ["*"]
    assert page.read_bytes() == rendered
    assert html(tmp_path / "out" / "index.html").find("h1") is not None
    assert html(tmp_path / "out" / "about" / "index.html").find(string=lambda s: "New page." in s)
    assert preview.put_back() is None  # once a build



def test_a_reused_reading_still_counts_its_file_as_read(preview):
    """The check for data files that nothing reads must not flag papers.bib because the preview did not parse it again."""
    site, rebuild, pages = preview
    _edit(site / "content" / "venue.md", "See the", "Or see the")
    report = rebuild()
    assert set(report.rendered) == {"venue/index.html", *LISTS_EVERY_PAGE}
    assert report.warnings == ()


def test_files_added_by_the_finishing_step_are_updated_in_place_too(tmp_path):
    """The search index is built in a staged copy; only what changed there reaches the output."""
    out = tmp_path / "out"

    def index(staged: Path) -> None:
        (staged / "index").mkdir()
        (staged / "index" / "words.txt").write_bytes(b" ".join(sorted(p.read_bytes() for p in staged.glob("*.html"))))

    write_site({"a.html": b"alpha", "b.html": b"beta"}, out, finish=index)
    before = _stats(out)
    assert write_site({"a.html": b"alpha", "b.html": b"beta"}, out, finish=index).written == ()
    assert _stats(out) == before
    report = write_site({"a.html": b"alpha", "b.html": b"gamma"}, out, finish=index)
    assert report.written == ("b.html", "index/words.txt")
    assert (out / "index" / "words.txt").read_bytes() == b"alpha gamma"
    assert not (tmp_path / ".out.new").exists()
