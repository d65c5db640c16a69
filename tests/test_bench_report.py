"""bench/vs_hugo.py's table says what was measured: figures are made up here, nothing is timed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import vs_hugo  # noqa: E402


def _run(wall: float, cpu: float, rss: float = 100.0, output: str = "") -> dict:
    return {"wall": wall, "cpu": cpu, "rss": rss, "output": output}


def _rows() -> dict[str, list[str]]:
    edits = {name: {"wall": 0.1, "cpu": 0.1, "rendered": 1, "written": 1}
             for name in ("cold", "nochange", "edit", "edit1", "edit2", "edit3", "edit4")}
    pagefind = {"wall": 9.0, "cpu": 14.0, "rss": 560.0}
    ours = {"cold": {**_run(18.0, 28.0, 876.0),
                     "children": {"cpu": 23.0, "rss": 876.0, "self_rss": 310.0, "pagefind": pagefind}},
            "cold_no_index": _run(7.0, 11.0, 318.0), "floor": _run(6.0, 6.0),
            "again": _run(0.3, 0.3), "edited": _run(20.0, 29.0, output="1,093 files written into out, 79 removed"),
            "preview": {**edits, "process_rss": 1006.4}, "pages": 15_004, "files": 18_110}
    hugo = {"cold": _run(4.0, 6.0, 448.0), "pagefind": _run(8.0, 12.0, 500.0), "pages": 15_003, "files": 30_175,
            "server": {"edit_wall": 2.0, "edit_reported": 1.5}}
    lines = vs_hugo.table([(10_000, ours, hugo)]).splitlines()[2:]
    assert all(line.startswith("| 10,000 | ") for line in lines)
    return {line.split(" | ")[1]: line.removesuffix(" |").split(" | ")[2:] for line in lines}


def test_the_cold_build_is_set_against_hugo_followed_by_pagefind():
    rows = _rows()
    # (wait4's figures of the build's process include those of the children it waited for: counted once)
    assert rows["cold build with the search index, wall s (CPU s); Hugo: `hugo`, then pagefind"] == [
        "18.00 (28.0)", "12.00 (18.0)", "1.50x"]
    assert rows["of which pagefind, wall s (CPU s)"] == ["9.00 (14.0)", "8.00 (12.0)", "1.12x"]
    assert rows["cold build without the search index, wall s (CPU s); Hugo alone"] == ["7.00 (11.0)", "4.00 (6.0)",
                                                                                      "1.75x"]


def test_pages_files_and_peak_memory_of_each_side():
    rows = _rows()
    assert rows["HTML pages (pagefind's apart)"] == ["15,004", "15,003", "1.00x"]
    assert rows["files, the search index's included"] == ["18,110", "30,175", "0.60x"]
    assert rows["peak memory of the cold build's own process, MiB; Hugo's"] == ["310", "448", "0.69x"]
    assert rows["peak memory of its pagefind, MiB"] == ["560", "500", "1.12x"]
    assert rows["second `build` after the one-paper edit, wall s (CPU s; files written)"][0] == "20.00 (29.0; 1093)"
    assert rows["peak memory of the preview's process (its cold build, then the edits), MiB"][0] == "1006"


def test_a_site_is_counted_as_it_is_on_disk(tmp_path):
    for name in ("index.html", "papers/a/index.html", "papers/proceedings.bib", "pagefind/fragment/x.pf_fragment",
                 "pagefind/pagefind.js", "pagefind/x.html", ".confsite-output"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert vs_hugo.counted(tmp_path) == {"pages": 2, "files": 6}
