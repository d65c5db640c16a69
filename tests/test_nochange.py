"""A build with nothing changed since the last one does nothing, and anything that could change a page builds again."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE, build, html, snapshot, write_tree
from confsite import pipeline
from confsite.output import nochange
from confsite.output.write import put_back
from confsite.pipeline import Memory
from confsite.render import templates as render

UTC = dt.timezone.utc
DEADLINE = dt.datetime(2030, 3, 15, 11, 0, tzinfo=UTC)  # 12:00 in Berlin
CALLS_YAML = """calls:
  - id: papers
    title: TestConf 2030 call for papers
    timezone: Europe/Berlin
    dates:
      - id: paper
        label: Paper deadline
        date: 2030-03-15 12:00
"""
SITE = {**MINIMAL_SITE, "data/calls.yaml": CALLS_YAML}


def build_site(site: Path, out: Path | None = None, base_url=None, *, now, drafts: bool = False,
               memory: Memory | None = None, search_index: bool = True):
    """A build as `confsite build` runs it (nothing is done when nothing changed), or the preview's (`memory`)."""
    if memory is not None:
        return pipeline.build(site, out, base_url, now, drafts=drafts, memory=memory, search_index=search_index)
    out = out if out is not None else site / "_site"
    return nochange.unless_unchanged(site, out, now, nochange.options(base_url, False, drafts, search_index),
                                     lambda: pipeline.build(site, out, base_url, now, search_index=search_index))


def _clock(moment: dt.datetime) -> tuple[dt.datetime, bool]:
    """A "now" read from the clock (not fixed by --now), as a build without --now has."""
    return moment, False


def _disk_state(folder: Path) -> dict[str, tuple]:
    """Every file's bytes, inode and time: a file rewritten, even with the same bytes, shows here."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _aged(site: Path) -> Path:
    """Date every file of the site a minute back: files saved just now are not trusted to stay the same (racy)."""
    earlier = time.time_ns() - 60_000_000_000
    for path in [site, *site.rglob("*")]:
        os.utime(path, ns=(earlier, earlier), follow_symlinks=False)
    return site


def _touch_later(path: Path, text: str | None = None) -> None:
    """Change a file (or only its time): a later time than any it had, as an editor saving it gives."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = _aged(write_tree(tmp_path / "site", SITE))
    report = build_site(site, search_index=False, now=_clock(DEADLINE - dt.timedelta(days=1)))
    assert report.rendered and report.written
    return site


def test_a_second_build_with_nothing_changed_renders_and_writes_nothing(built: Path):
    before = _disk_state(built / "_site")
    report = build_site(built, search_index=False, now=_clock(DEADLINE - dt.timedelta(hours=20)))
    assert (report.rendered, report.written, report.removed) == ((), (), ())
    assert report.pages == sum(1 for path in (built / "_site").rglob("*.html"))
    assert _disk_state(built / "_site") == before


def test_the_command_line_says_nothing_changed_and_repeats_the_warnings(tmp_path: Path):
    site = write_tree(tmp_path / "site", {**SITE, "content/venue.md": MINIMAL_SITE["content/venue.md"]
                                          + "\n![](/img/missing-alt.png)\n", "static/img/missing-alt.png": b"\x89PNG"})
    _aged(site)
    first = build(site)
    assert first.code == 0 and "warning:" in first.err, first.err
    before = _disk_state(site / "_site")
    again = build(site)
    assert again.code == 0
    assert f"nothing changed in {site / '_site'}: no file written" in again.out
    assert again.err == first.err  # the same warnings, though nothing was built
    assert _disk_state(site / "_site") == before


@pytest.mark.parametrize("change", ["edit a page", "add a page", "remove a page", "edit the data", "override a template"])
def test_a_changed_input_builds_again(built: Path, change: str):
    now = _clock(DEADLINE - dt.timedelta(days=1))
    if change == "edit a page":
        _touch_later(built / "content/venue.md", MINIMAL_SITE["content/venue.md"] + "\nTake the tram.\n")
    elif change == "add a page":
        write_tree(built, {"content/travel.md": "---\ntitle: Travel\n---\nBy train.\n"})
    elif change == "remove a page":
        (built / "content/venue.md").unlink()
    elif change == "edit the data":
        _touch_later(built / "data/calls.yaml", CALLS_YAML.replace("Paper deadline", "Full paper deadline"))
    else:
        base = (Path(__file__).resolve().parent.parent / "confsite/themes/default/templates/base.html").read_text()
        write_tree(built, {"templates/base.html": base.replace("<body", "<body data-custom=\"yes\"", 1)})
    report = build_site(built, search_index=False, now=now)
    assert report.rendered
    page = {"edit a page": "venue/index.html", "add a page": "travel/index.html", "remove a page": "index.html",
            "edit the data": "dates/index.html", "override a template": "index.html"}[change]
    text = (built / "_site" / page).read_text(encoding="utf-8")
    expected = {"edit a page": "Take the tram.", "add a page": "By train.", "edit the data": "Full paper deadline",
                "override a template": 'data-custom="yes"', "remove a page": "TestConf"}[change]
    assert expected in text
    if change == "remove a page":
        assert not (built / "_site/venue/index.html").exists()


def test_an_output_file_changed_or_removed_by_hand_is_put_back(built: Path):
    reference = snapshot(built / "_site")
    _touch_later(built / "_site/venue/index.html", "edited by hand")
    (built / "_site/index.html").unlink()
    (built / "_site/stray.html").write_text("not from the site")
    report = build_site(built, search_index=False, now=_clock(DEADLINE - dt.timedelta(days=1)))
    assert set(report.written) == {"venue/index.html", "index.html"} and report.removed == ("stray.html",)
    assert snapshot(built / "_site") == reference


def test_other_options_build_again(built: Path):
    report = build_site(built, base_url="https://testconf.example.org/2030/", search_index=False,
                        now=_clock(DEADLINE - dt.timedelta(days=1)))
    assert report.rendered and report.written


def test_a_deadline_passing_between_two_builds_builds_again(built: Path):
    before = html(built / "_site/dates/index.html").get_text(" ", strip=True)
    same = build_site(built, search_index=False, now=_clock(DEADLINE - dt.timedelta(seconds=1)))
    assert same.rendered == ()
    passed = build_site(built, search_index=False, now=_clock(DEADLINE))
    assert passed.rendered and "dates/index.html" in passed.written
    after = html(built / "_site/dates/index.html").get_text(" ", strip=True)
    assert after != before and "passed" in after.lower()
    # and a build made after the deadline, with the same files, gives that page
    assert build_site(built, search_index=False, now=_clock(DEADLINE + dt.timedelta(days=30))).rendered == ()


def test_a_file_saved_just_before_a_build_is_not_trusted_to_stay_the_same(built: Path):
    """Saved again within the same clock tick with the same size, it would look unchanged: such a build is redone."""
    venue = built / "content/venue.md"
    text = venue.read_text(encoding="utf-8")
    venue.write_text(text.replace("Getting there", "Getting here!"), encoding="utf-8")
    now = _clock(DEADLINE - dt.timedelta(days=1))
    assert build_site(built, search_index=False, now=now).rendered
    stat = venue.stat()
    venue.write_text(text.replace("Getting there", "Getting near!"), encoding="utf-8")  # the same size
    os.utime(venue, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and, at worst, the same time
    assert build_site(built, search_index=False, now=now).rendered
    assert "Getting near!" in (built / "_site/venue/index.html").read_text(encoding="utf-8")


def test_a_fixed_now_is_part_of_what_was_built(built: Path):
    """--now (or SOURCE_DATE_EPOCH) is written in the calendar files: another fixed now builds again."""
    first = build_site(built, search_index=False, now=(DEADLINE - dt.timedelta(days=2), True))
    assert first.rendered
    assert build_site(built, search_index=False, now=(DEADLINE - dt.timedelta(days=2), True)).rendered == ()
    assert build_site(built, search_index=False, now=(DEADLINE - dt.timedelta(days=3), True)).rendered


def test_a_failed_build_leaves_no_record_that_could_skip_the_next(built: Path):
    venue = built / "content/venue.md"
    good = venue.read_text(encoding="utf-8")
    _touch_later(venue, "no front matter here\n")
    assert build(built).code == 1
    _touch_later(venue, good)
    report = build_site(built, search_index=False, now=_clock(DEADLINE - dt.timedelta(days=1)))
    assert report.rendered


def test_the_preview_skips_a_rebuild_with_nothing_changed_and_does_the_next_edit(tmp_path: Path):
    site = _aged(write_tree(tmp_path / "site", SITE))
    out, cache, now = tmp_path / "preview", Memory(), _clock(DEADLINE - dt.timedelta(days=1))
    assert build_site(site, out, drafts=True, memory=cache, search_index=False, now=now).rendered
    assert build_site(site, out, drafts=True, memory=cache, search_index=False, now=now).rendered == ()
    _touch_later(site / "content/venue.md", MINIMAL_SITE["content/venue.md"] + "\nTake the tram.\n")
    report = build_site(site, out, drafts=True, memory=cache, search_index=False, now=now)
    assert report.written == ("venue/index.html",)
    assert "Take the tram." in (out / "venue/index.html").read_text(encoding="utf-8")


def test_the_preview_puts_back_a_file_of_its_output_changed_or_removed_by_hand(tmp_path: Path):
    """The preview knows its output by the files it wrote (no walk of the folder): after a build, one changed or
    removed since is written again."""
    site = _aged(write_tree(tmp_path / "site", SITE))
    out, cache, now = tmp_path / "preview", Memory(), _clock(DEADLINE - dt.timedelta(days=1))
    build_site(site, out, drafts=True, memory=cache, search_index=False, now=now)
    venue = (out / "venue/index.html").read_bytes()
    (out / "venue/index.html").write_bytes(b"changed by hand")
    assert build_site(site, out, drafts=True, memory=cache, search_index=False, now=now).written == ()
    assert put_back(out, cache.written) == ("venue/index.html",) and (out / "venue/index.html").read_bytes() == venue
    (out / "index.html").unlink()
    assert put_back(out, cache.written) == ("index.html",)
    assert put_back(out, cache.written) == ()


@pytest.mark.parametrize("how", ["one process", "processes", "processes, search index",
                                 "search index beside the site's own file"])
def test_the_record_of_a_new_output_is_what_a_walk_of_it_finds(tmp_path: Path, monkeypatch, how: str):
    """The record of a new output folder is what a walk of it finds, which the next build checks."""
    own = {"static/pagefind/about.txt": "The site's own file, in the folder pagefind writes."}
    site = _aged(write_tree(tmp_path / "site", {**SITE, **(own if "own file" in how else {})}))
    if how != "one process":
        monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
        monkeypatch.setattr(render, "_CHUNK", 3)  # both processes write files, the page and its data in other tasks
    search_index = "search index" in how
    now = _clock(DEADLINE - dt.timedelta(days=1))
    out = tmp_path / "deeper" / "out"
    report = build_site(site, out, search_index=search_index, now=now)
    assert report.rendered
    if search_index:
        assert (out / "pagefind" / "pagefind.js").is_file()
    known = nochange.load(site, out)
    assert known["output"] == nochange.output_hash(out) == _walked_hash(out)
    assert sorted(report.written) == sorted(path.relative_to(out).as_posix() for path in out.rglob("*")
                                            if path.is_file() and path.name != ".confsite-output")
    before = _disk_state(out)
    again = build_site(site, out, search_index=search_index, now=now)
    assert (again.rendered, again.written, again.removed) == ((), (), ())
    assert _disk_state(out) == before


def test_the_record_of_an_output_updated_in_place_is_what_a_walk_finds(built: Path, monkeypatch):
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)
    now = _clock(DEADLINE - dt.timedelta(days=1))
    (built / "content/venue.md").write_text(MINIMAL_SITE["content/venue.md"] + "\nTake the tram.\n", encoding="utf-8")
    _aged(built / "content")  # (a time older than the record's, yet another than the file had: trusted, and seen)
    for search_index in (False, True):  # compared in memory; staged for the index, then moved in what changed
        report = build_site(built, search_index=search_index, now=now)
        assert report.written
        assert nochange.load(built, built / "_site")["output"] == _walked_hash(built / "_site")
        assert build_site(built, search_index=search_index, now=now).rendered == ()


def _walked_hash(out_dir: Path) -> str:
    """The record's hash of a folder, walked with os.walk (another walk than nochange's own)."""
    hasher = hashlib.blake2b(digest_size=20)
    pending = [("", out_dir)]
    while pending:
        prefix, folder = pending.pop()
        folders, lines = [], []
        for name in sorted(os.listdir(folder)):
            path = folder / name
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode):
                folders.append((prefix + name + "/", path))
                lines.append(f"{prefix}{name}/\n")
            else:
                lines.append(f"{prefix}{name}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n")
        pending.extend(folders)
        hasher.update("".join(lines).encode())
    return hasher.hexdigest()


def test_an_edit_of_the_built_in_theme_builds_again(built: Path):
    """The built-in theme is an input of every site that uses it, wherever it lies (in a checkout, confsite/themes is
    a link to the repository's themes/)."""
    import confsite

    css = Path(confsite.__file__).parent / "themes/default/static/css/site.css"
    original, times = css.read_bytes(), css.stat()
    now = _clock(DEADLINE - dt.timedelta(days=1))
    assert build_site(built, search_index=False, now=now).rendered == ()  # (the fixture built it)
    try:
        _touch_later(css, original.decode("utf-8") + "\n/* edited */\n")
        assert build_site(built, search_index=False, now=now).rendered
        assert (built / "_site/css/site.css").read_text(encoding="utf-8").endswith("/* edited */\n")
    finally:
        css.write_bytes(original)
        os.utime(css, ns=(times.st_atime_ns, times.st_mtime_ns))
