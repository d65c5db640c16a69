"""What makes large builds fast must never change what is built: rendering in processes, libyaml."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_SITE, build, html, posix_relative, snapshot, write_tree
from confsite import urls
from confsite.render import templates as render
from confsite.output import search
from confsite.read import yaml_data

PAPERS_BIB = r"""@string{conf = {Proceedings of TestConf 2030}}
@proceedings{proc30, title = conf, year = 2030, month = may}
@inproceedings{doe2030fast,
  author = {Doe, Jane and R{\'e}, Chris},
  title = {Fast {GPU} Training},
  crossref = {proc30},
  abstract = {We train 13% faster, $3\times$ in the best case.},
}
@inproceedings{roe2030small,
  author = {Roe, Richard and M{\"u}ller, Zo{\"e}},
  title = {Small Models},
  booktitle = conf,
  year = {2030},
}
"""

SITE = {
    **MINIMAL_SITE,
    "content/papers.md": "---\ntitle: Papers\nlayout: papers\n---\nThe accepted papers.\n",
    "data/committees.yaml": "committees:\n  - name: Program Committee\n    members:\n      - name: Chris Ré\n",
    "data/papers.bib": PAPERS_BIB,
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    """The site built once with no cache at all, serially: what every other way of building must give."""
    site = write_tree(tmp_path_factory.mktemp("reference") / "site", SITE)
    assert build(site).code == 0
    return snapshot(site / "_site")



def test_rendering_in_processes_gives_the_same_bytes(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    assert snapshot(site / "_site") == reference


def test_rendering_in_processes_reports_every_error_and_keeps_the_previous_site(tmp_path, monkeypatch):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    before = snapshot(site / "_site")
    write_tree(site, {"content/a.md": "---\ntitle: A\nlayout: nosuch\n---\nA\n",
                      "content/b.md": "---\ntitle: B\nlayout: nosuch\n---\nB\n"})
    serial = build(site)
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
    parallel = build(site)
    assert serial.code == parallel.code == 1
    assert parallel.err == serial.err
    assert "content/a.md:1: error: there is no template 'nosuch.html'" in parallel.err
    assert "content/b.md:1: error: there is no template 'nosuch.html'" in parallel.err
    assert snapshot(site / "_site") == before


@pytest.fixture
def workers_write(monkeypatch):
    """Render in two processes, a few outputs per task, so that both processes write files into the staging folder."""
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
    monkeypatch.setattr(render, "_CHUNK", 3)


def test_files_written_by_the_rendering_processes_are_those_of_a_serial_build(tmp_path, reference, workers_write):
    site = write_tree(tmp_path / "site", SITE)
    out = tmp_path / "deeper" / "out"  # its folders are made as the processes write beside it
    assert build(site, "--out", out).code == 0
    assert snapshot(out) == reference
    assert sorted(path.name for path in out.parent.iterdir()) == ["out"]  # nothing staged is left beside it
    # an existing output: staged again (for the search index), then only what changed is moved into place
    stats = {path: path.stat().st_ino for path in out.rglob("*") if path.is_file()}
    (site / "data" / "papers.bib").write_text(PAPERS_BIB.replace("Small Models", "Tiny Models"), encoding="utf-8")
    assert build(site, "--out", out).code == 0
    changed = {path for path in stats if not path.exists() or path.stat().st_ino != stats[path]}
    assert out / "papers" / "roe2030small" / "index.html" in changed
    assert out / "papers" / "doe2030fast" / "index.html" not in changed
    assert html(out / "papers" / "roe2030small" / "index.html").h1.get_text(strip=True) == "Tiny Models"
    assert sorted(path.name for path in out.parent.iterdir()) == ["out"]


def test_of_two_files_with_one_path_the_rendering_processes_keep_the_later_as_a_serial_build_does(tmp_path, monkeypatch):
    files = {**SITE, "static/venue/index.html": "<!DOCTYPE html><title>Venue</title><p>the site's own page</p>\n",
             "content/venue.md": "---\ntitle: Venue\n---\nThe venue.\n"}
    serial = write_tree(tmp_path / "serial", files)
    assert build(serial).code == 0
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
    monkeypatch.setattr(render, "_CHUNK", 1)  # the page and the static file go to different tasks
    parallel = write_tree(tmp_path / "parallel", files)
    assert build(parallel).code == 0
    assert snapshot(parallel / "_site") == snapshot(serial / "_site")
    assert b"the site's own page" in (parallel / "_site" / "venue" / "index.html").read_bytes()


@pytest.mark.parametrize("breakage", ["template", "link", "search index"])
def test_a_build_whose_processes_wrote_files_fails_without_touching_the_previous_site(tmp_path, workers_write,
                                                                                      monkeypatch, breakage):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    before = snapshot(site / "_site")
    if breakage == "template":
        write_tree(site, {"templates/paper.html": "{% extends 'base.html' %}{% block main %}{{ paper.nosuch }}{% endblock %}"})
    elif breakage == "link":
        write_tree(site, {"content/venue.md": "---\ntitle: Venue\n---\nSee [the hotel](/hotel/).\n"})
    else:
        monkeypatch.setattr(search, "pagefind_program", lambda: "/bin/false")
    run = build(site)
    assert run.code == 1
    expected = {"template": "templates/paper.html:1: error: template error while rendering papers/",
                "link": "content/venue.md:4:17: error: broken link '../hotel/'",
                "search index": "error: pagefind failed to index the site"}[breakage]
    assert expected in run.err
    assert snapshot(site / "_site") == before
    assert not (site / "._site.new").exists()
    # a first build that fails leaves no output, nothing staged, and no folder made for them
    out = tmp_path / "new" / "deeper" / "out"
    assert build(site, "--out", out).code == 1
    assert not (tmp_path / "new").exists()


def _marks(value):
    """A value read from YAML with every line and column it remembers."""
    if isinstance(value, dict):
        return ("map", value.line, value.key_lines, value.positions, {k: _marks(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("seq", value.line, value.item_lines, value.positions, [_marks(v) for v in value])
    return (type(value).__name__, value)


def test_libyaml_reads_what_the_python_parser_reads_with_the_same_lines():
    root = Path(__file__).resolve().parent.parent
    files = [root / "site.yaml", *root.glob("data/*.yaml"), *root.glob("editions/**/*.yaml"),
             *root.glob("tests/data/**/*.yaml"), *root.glob("confsite/starter/**/*.yaml")]
    assert len(files) >= 3 and yaml_data._FastLocatingLoader is not None
    for path in files:
        text = path.read_text(encoding="utf-8")
        slow = yaml.load(text, Loader=yaml_data._LocatingLoader)  # noqa: S506 - a SafeLoader subclass
        fast, error = yaml_data.parse_yaml(text, path.name)
        assert error is None and _marks(fast) == _marks(slow), path


def test_a_paper_edit_renders_the_pages_of_its_session_not_every_paper_page(tmp_path):
    from confsite.pipeline import Memory
    from confsite.pipeline import build as build_site

    program = ("days:\n  - date: 2030-05-11\n    sessions:\n"
               "      - title: Training\n        id: training\n        kind: papers\n        start: \"09:00\"\n"
               "        end: \"10:00\"\n        items:\n          - paper: doe2030fast\n"
               "      - title: Models\n        id: models\n        kind: papers\n        start: \"11:00\"\n"
               "        end: \"12:00\"\n        items:\n          - paper: roe2030small\n")
    site = write_tree(tmp_path / "site", {
        **SITE, "site.yaml": SITE["site.yaml"] + "dates:\n  start: 2030-05-11\n  end: 2030-05-11\n",
        "data/program.yaml": program})
    cache = Memory()
    build_site(site, tmp_path / "out", memory=cache, search_index=False)
    bib = site / "data" / "papers.bib"
    bib.write_text(bib.read_text().replace("Small Models", "Tiny Models"))
    report = build_site(site, tmp_path / "out", memory=cache, search_index=False)
    assert "papers/roe2030small/index.html" in report.rendered
    assert "program/models/index.html" in report.rendered
    assert "papers/doe2030fast/index.html" not in report.rendered  # its session did not change
    page = html(tmp_path / "out" / "papers" / "doe2030fast" / "index.html")
    assert "Training" in page.get_text()
    assert html(tmp_path / "out" / "program" / "models" / "index.html").find(string=lambda s: "Tiny Models" in s)


def test_relative_links_are_those_of_posixpath_for_every_shape_of_address():
    """relative_url's quick path for plain names gives what posixpath.relpath gives, folders keeping their '/'."""
    shapes = ["", "a", "a/", "a/b", "a/b/", "b/", "a/b/c.html", "x.css", "a/c/", "a/b/c/", "a/b/c", "404.html", "b/a/",
              ".hidden", "a/../b", "a//b", "/a/", "./a"]
    for current in shapes:
        for target in shapes + [shape + "#part" for shape in shapes]:
            assert urls.relative_url(target, current) == posix_relative(target, current), (target, current)


def test_a_link_resolved_once_for_every_page_as_deep_is_still_judged_per_depth(tmp_path):
    """'../../x/' leads to /x/ from two folders down, and out of the site from one folder down."""
    site = write_tree(tmp_path / "site", {
        **MINIMAL_SITE,
        "content/a/b.md": "---\ntitle: B\n---\n[one](../../venue/) [two](../../nosuch/) [three](../../venue/#getting-there)\n",
        "content/a/c.md": "---\ntitle: C\n---\n[one](../../venue/) [two](../../nosuch/) [four](../../venue/#nowhere)\n",
        "content/d.md": "---\ntitle: D\n---\n[one](../../venue/)\n",
    })
    run = build(site)
    assert run.code == 1
    errors = sorted(line for line in run.err.splitlines() if ": error: " in line)
    assert errors == [
        "content/a/b.md:4:27: error: broken link '../../nosuch/' (on a/b/index.html): there is no nosuch/ in the built site",
        "content/a/c.md:4:27: error: broken link '../../nosuch/' (on a/c/index.html): there is no nosuch/ in the built site",
        "content/a/c.md:4:49: error: broken link '../../venue/#nowhere' (on a/c/index.html): "
        "venue/index.html has no element with id 'nowhere'",
        "content/d.md:4:7: error: broken link '../../venue/' (on d/index.html): it points outside the site",
    ]



def _files_and_inodes(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("processes", [False, True])
def test_an_output_updated_in_place_gets_what_a_clean_build_gives_and_keeps_its_unchanged_files(
        tmp_path, reference, monkeypatch, processes):
    """The search index reads a staged copy of the whole site; only the files whose bytes changed are moved into the
    output, the others keep their files (and times)."""
    if processes:
        monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
        monkeypatch.setattr(render, "_CHUNK", 3)
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    out = site / "_site"
    before = _files_and_inodes(out)
    venue = out / "venue" / "index.html"
    venue.write_bytes(venue.read_bytes().replace(b"<main", b"<MAIN", 1))  # a page of the output changed by hand
    (out / "stray.html").write_bytes(b"<p>not the site's</p>")  # and a file the site does not have
    (site / "data" / "papers.bib").write_text(PAPERS_BIB.replace("Small Models", "Tiny Models"), encoding="utf-8")
    run = build(site)
    assert run.code == 0
    after = _files_and_inodes(out)
    clean = write_tree(tmp_path / "clean", {**SITE, "data/papers.bib": PAPERS_BIB.replace("Small Models", "Tiny Models")})
    assert build(clean).code == 0
    assert {path: data for path, (data, _, _) in after.items()} == snapshot(clean / "_site")
    kept = {path for path in after if path in before and after[path][1:] == before[path][1:]}
    changed = set(after) - kept
    assert "papers/roe2030small/index.html" in changed and "venue/index.html" in changed
    assert "papers/doe2030fast/index.html" in kept and "css/site.css" in kept
    assert all(after[path][0] != before[path][0] for path in changed if path in before and path != "venue/index.html")
    assert "stray.html" not in after
    assert sorted(path.name for path in site.iterdir() if path.name.startswith("._site")) == []


def test_a_failed_search_index_leaves_the_output_s_files_it_could_read_through_links_untouched(tmp_path, monkeypatch):
    """A pagefind that overwrites a file where the index goes and then fails changes nothing of the output."""
    site = write_tree(tmp_path / "site", {**SITE, "static/pagefind/notes.txt": "the site's own notes\n"})
    assert build(site).code == 0
    before = _files_and_inodes(site / "_site")
    assert before["pagefind/notes.txt"][0] == b"the site's own notes\n"
    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\n# --site FOLDER ...: overwrite a file where the index goes, then fail\n"
                        "printf 'overwritten' > \"$2/pagefind/notes.txt\"\necho 'indexing failed' >&2\nexit 1\n")
    pagefind.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_program", lambda: str(pagefind))
    (site / "data" / "papers.bib").write_text(PAPERS_BIB.replace("Small Models", "Tiny Models"), encoding="utf-8")
    run = build(site)
    assert run.code == 1 and "pagefind failed to index the site: indexing failed" in run.err
    assert _files_and_inodes(site / "_site") == before
    assert not (site / "._site.new").exists()
