"""What makes large builds fast must never change what is built: the disk cache, rendering in processes, libyaml."""
from __future__ import annotations

import functools
import os
import signal
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_SITE, build, html, posix_relative, snapshot, write_tree
from confsite import urls
from confsite.output import diskcache
from confsite.render import templates as render
from confsite.output import search
from confsite.output.diskcache import CACHE_FOLDER
from confsite.read.papers import read_papers
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
    assert (site / CACHE_FOLDER).is_dir()  # the build keeps its cache beside the sources
    return snapshot(site / "_site")


def _cache_files(site: Path) -> dict[str, Path]:
    return {path.name.rsplit("-", 1)[0]: path for path in (site / CACHE_FOLDER).iterdir() if path.name[0] != "."}


def test_a_build_from_the_disk_cache_is_byte_identical(tmp_path, reference):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    assert set(_cache_files(site)) == {"last-build", "papers", "search"}
    assert (site / CACHE_FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    assert snapshot(site / "_site") == reference
    # the output folder gone, the cache kept: the papers and the search index come from the cache
    for path in sorted((site / "_site").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (site / "_site").rmdir()
    assert build(site).code == 0
    assert snapshot(site / "_site") == reference
    run = build(site)  # and again, nothing changed: nothing written
    assert run.code == 0 and "nothing changed" in run.out


@pytest.mark.parametrize("garbage", [b"\x00\x01 not a cache", b'{"papers": [[1, 2]], "errors": []}', b""])
def test_a_corrupt_cache_file_is_ignored(tmp_path, reference, garbage):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    for path in _cache_files(site).values():
        path.write_bytes(garbage)
    (site / "_site" / "index.html").unlink()
    assert build(site).code == 0
    assert snapshot(site / "_site") == reference
    assert all(path.read_bytes() != garbage for path in _cache_files(site).values())  # written again, whole


def test_the_papers_from_the_disk_cache_are_those_read_from_papers_bib(tmp_path):
    # the cache keeps where each entry's text is in the file, not the text: it must give the very same entries
    site = write_tree(tmp_path / "site", SITE)
    read = diskcache.read_papers_cached(site, "data/papers.bib", read_papers)
    assert read[0] and not read[1] and all(paper.raw.startswith("@inproceedings{") for paper in read[0])
    assert diskcache.read_papers_cached(site, "data/papers.bib", _not_called) == read


def _not_called(*args):
    raise AssertionError("papers.bib read again instead of from the cache")


def test_an_edit_of_papers_bib_is_read_not_taken_from_the_cache(tmp_path):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    before = _cache_files(site)
    bib = site / "data" / "papers.bib"
    bib.write_text(bib.read_text().replace("Small Models", "Tiny Models"))
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "roe2030small" / "index.html")
    assert page.h1.get_text(strip=True) == "Tiny Models"
    after = _cache_files(site)
    assert after["papers"] != before["papers"] and not before["papers"].exists()  # one cache file per kind
    assert after["search"] != before["search"]  # the page changed, so the index was made again


def test_a_change_to_the_code_that_makes_the_search_index_makes_it_again(tmp_path, monkeypatch):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    before = _cache_files(site)
    changed = tmp_path / "search.py"  # the search index's code as a new version of confsite would have it
    changed.write_bytes(Path(search.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(search, "__file__", str(changed))
    monkeypatch.setattr(diskcache, "source_hash", functools.lru_cache(diskcache.source_hash.__wrapped__))  # a new process
    (site / "_site").rename(tmp_path / "old-output")  # a fresh output: the pages are the same, the code is not
    assert build(site).code == 0
    assert _cache_files(site)["search"] != before["search"]  # indexed again, not taken from the cache
    assert snapshot(site / "_site") == snapshot(tmp_path / "old-output")


def test_an_error_in_papers_bib_is_reported_at_its_line_also_from_the_cache(tmp_path):
    bad = PAPERS_BIB.replace("  title = {Small Models},\n", "")
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": bad})
    line = bad.splitlines().index("@inproceedings{roe2030small,") + 1
    for _ in range(2):  # the second run reads the cache the first one wrote
        run = build(site)
        assert run.code == 1
        assert f"data/papers.bib:{line}: error: the entry 'roe2030small' has no title" in run.err
        assert not (site / "_site").exists()


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
    from confsite.render.reuse import BuildCache
    from confsite.pipeline import build as build_site

    program = ("days:\n  - date: 2030-05-11\n    sessions:\n"
               "      - title: Training\n        id: training\n        kind: papers\n        start: \"09:00\"\n"
               "        end: \"10:00\"\n        items:\n          - paper: doe2030fast\n"
               "      - title: Models\n        id: models\n        kind: papers\n        start: \"11:00\"\n"
               "        end: \"12:00\"\n        items:\n          - paper: roe2030small\n")
    site = write_tree(tmp_path / "site", {
        **SITE, "site.yaml": SITE["site.yaml"] + "dates:\n  start: 2030-05-11\n  end: 2030-05-11\n",
        "data/program.yaml": program})
    cache = BuildCache()
    build_site(site, tmp_path / "out", cache=cache, search_index=False)
    bib = site / "data" / "papers.bib"
    bib.write_text(bib.read_text().replace("Small Models", "Tiny Models"))
    report = build_site(site, tmp_path / "out", cache=cache, search_index=False)
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


@pytest.fixture
def cache_writers(monkeypatch, forked_children):
    """The papers' cache file is written by a forked child during the build (as on a machine with two cores); the
    list holds each child's pid, and every child was waited for by the time the build returned."""
    monkeypatch.setattr(diskcache, "forkable", lambda: True)
    return forked_children


def test_the_papers_cache_written_meanwhile_is_whole_when_the_build_returns(tmp_path, reference, cache_writers):
    site = write_tree(tmp_path / "site", SITE)
    assert build(site).code == 0
    assert len(cache_writers) == 1  # the render of this small site forks nothing
    written = _cache_files(site)["papers"]
    assert diskcache.read_papers_cached(site, "data/papers.bib", _not_called) == read_papers(
        site / "data" / "papers.bib", "data/papers.bib")
    (site / "_site").rename(tmp_path / "old-output")
    assert build(site).code == 0 and snapshot(site / "_site") == reference
    assert _cache_files(site)["papers"] == written and len(cache_writers) == 1  # read from the cache: not written again


def test_a_failed_build_waits_for_the_papers_cache_too(tmp_path, cache_writers):
    site = write_tree(tmp_path / "site", {**SITE, "data/papers.bib": PAPERS_BIB.replace("  title = {Small Models},\n", "")})
    assert build(site).code == 1
    assert len(cache_writers) == 1 and "papers" in _cache_files(site)


@pytest.mark.parametrize("failure", ["raises", "killed", "unwritable"])
def test_a_cache_write_that_fails_fails_nothing_and_leaves_no_file(tmp_path, reference, cache_writers, monkeypatch,
                                                                    failure):
    site = write_tree(tmp_path / "site", SITE)
    if failure == "unwritable":
        (site / CACHE_FOLDER).write_text("a file where the cache folder would be")
    else:
        def encoded(*args):
            if failure == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("no")
        monkeypatch.setattr(diskcache, "_papers_to_json", encoded)
    assert build(site).code == 0
    assert snapshot(site / "_site") == reference and len(cache_writers) == 1
    if failure != "unwritable":
        assert {path.name.split("-")[0] for path in (site / CACHE_FOLDER).iterdir()} == {".gitignore", "last", "search"}


def _files_and_inodes(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("processes", [False, True])
def test_an_output_updated_in_place_gets_what_a_clean_build_gives_and_keeps_its_unchanged_files(
        tmp_path, reference, monkeypatch, processes):
    """The search index reads a staged copy of the whole site; the files of the output whose bytes are the same are
    put there as links to the output's own, and only the others are moved into the output."""
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
    """A file staged as a link to the output's own is never written through: the folder the search index writes into
    is staged as copies, so a pagefind that overwrites a file there and then fails changes nothing of the output."""
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
