"""What `confsite build` says while it runs and at the end: the stages and a bar of the files rendered on a terminal,
plain lines in a log, one line with the pages, the files and the time, and only the errors with --quiet."""
from __future__ import annotations

import os
import re
import subprocess
import sys


from conftest import MINIMAL_SITE, REPO, build, write_tree
from confsite import progress
from confsite.render import templates as render

SITE = {**MINIMAL_SITE, "data/papers.bib": "".join(
    f"@inproceedings{{p{n}, title = {{Paper {n}}}, author = {{Lee, Ann}}, booktitle = {{C}}, year = 2030}}\n"
    for n in range(12))}
STAGES = ["reading the site", "rendering", "checking links", "writing", "indexing for search", "publishing"]
SUMMARY = r"built (\d+) pages \((\d+) files\) in \d+\.\d s"


def test_the_last_line_says_the_pages_the_files_and_the_time(tmp_path):
    site = write_tree(tmp_path / "site", SITE)
    result = build(site)
    assert result.code == 0, result.err
    pages, files = map(int, re.fullmatch(SUMMARY, result.out.splitlines()[-1]).groups())
    out = site / "_site"
    assert pages == sum(1 for path in out.rglob("*.html") if "pagefind" not in path.parts)
    assert files == sum(1 for path in out.rglob("*") if path.is_file()) - 1  # (all but confsite's marker)
    assert result.out.splitlines()[-2] == f"{files} files written into {out}, 0 removed"
    assert not any(line.startswith(tuple(STAGES)) for line in result.out.splitlines())  # a quick build: no stages


def test_in_a_log_a_build_over_a_second_prints_a_line_per_stage(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(render, "parallel_jobs", lambda outputs: 2)  # (the processes report their shares)
    site = write_tree(tmp_path / "site", SITE)
    result = build(site)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert [line.split(":")[0].split(" ")[0] for line in lines[:6]] == [stage.split(" ")[0] for stage in STAGES]
    assert re.fullmatch(r"rendering (\d+) files: \d+\.\d\d s", lines[1])
    assert re.fullmatch(SUMMARY, lines[-1])


def test_quiet_prints_only_the_errors(tmp_path):
    site = write_tree(tmp_path / "site", {**SITE, "data/unused.yaml": "x: 1\n"})  # a warning
    result = build(site, "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert (site / "_site" / "index.html").is_file()
    write_tree(site, {"content/broken.md": "---\ntitle: [unclosed\n---\n"})
    failed = build(site, "--quiet")
    assert failed.code == 1 and failed.out == ""
    assert "content/broken.md:2" in failed.err and "warning" not in failed.err
    assert failed.err.splitlines()[-1].startswith("build failed: 1 error")


def test_on_a_terminal_the_stages_and_a_bar_of_the_files_rendered_show(tmp_path):
    site = write_tree(tmp_path / "site", SITE)
    program = ("import sys; from confsite import progress; progress.SHOW_AFTER = 0.0\n"
               "from confsite.render import templates; templates.parallel_jobs = lambda outputs: 2\n"
               "from confsite.cli import main; sys.exit(main(['build', '--site', sys.argv[1]]))")
    leader, follower = os.openpty()
    child = subprocess.Popen([sys.executable, "-c", program, str(site)], stdin=subprocess.DEVNULL, stdout=follower,
                             stderr=follower, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm",
                                                             "COLUMNS": "100"})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert child.wait(timeout=120) == 0, shown.decode(errors="replace")
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", errors="replace"))
    for stage in STAGES:
        assert stage in text
    assert "✓" in text and re.search(r"rendering\s+\S*━+\S*\s+(\d+)/\1", text)  # the bar, full at the end
    assert re.search(SUMMARY, text.splitlines()[-1])


def test_the_preview_prints_the_time_of_each_rebuild(tmp_path, capsys):
    from confsite.serve import Preview

    site = write_tree(tmp_path / "site", SITE)
    preview = Preview(site, tmp_path / "preview")
    preview.rebuild()
    write_tree(site, {"content/venue.md": MINIMAL_SITE["content/venue.md"] + "Moved.\n"})
    preview.rebuild()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(re.fullmatch(r"rebuilt in \d+ ms: \d+ rendered, \d+ files? changed", line)
                                   for line in lines)
    assert lines[1].endswith(" rendered, 1 file changed")
