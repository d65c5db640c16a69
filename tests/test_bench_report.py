"""bench/vs_hugo.py's table says what was measured: figures are made up here, nothing is timed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import vs_hugo  # noqa: E402


def _run(wall: float, cpu: float, rss: float = 100.0, output: str = "") -> dict:
    return {"wall": wall, "cpu": cpu, "rss": rss, "output": output}


def test_the_cold_build_s_cpu_time_counts_its_children_once():
    """wait4's figures of the build's process include those of the children it waited for (the render processes,
    pagefind); the children's own figure, as the build's process saw it, is not added to them again."""
    edits = {name: {"wall": 0.1, "cpu": 0.1, "rendered": 1, "written": 1}
             for name in ("cold", "nochange", "edit", "edit1", "edit2", "edit3", "edit4")}
    ours = {"cold": {**_run(18.0, 28.0, 876.0), "children": {"cpu": 23.0, "rss": 876.0}},
            "cold_no_index": _run(7.0, 11.0, 318.0), "floor": _run(6.0, 6.0),
            "again": _run(0.3, 0.3), "edited": _run(20.0, 29.0, output="93 files written, 79 removed"),
            "preview": {**edits, "process_rss": 1006.4}, "pages": 13750}
    hugo = {"cold": _run(4.0, 6.0, 448.0), "pages": 15003, "server": {"edit_wall": 2.0, "edit_reported": 1.5}}
    rows = {line.split(" | ")[1]: line.split(" | ")[2:] for line in vs_hugo.table([(10_000, ours, hugo)]).splitlines()[2:]}
    assert rows["cold build, wall s (CPU s)"][0] == "18.00 (28.0)"
    assert rows["cold build without the search index, wall s (CPU s)"][0] == "7.00 (11.0)"
    assert rows["second `build` after the one-paper edit, wall s (CPU s; files written)"][0] == "20.00 (29.0; 93)"
    assert rows["peak memory of the cold build with it, MiB (pagefind)"][0] == "876 (876)"
    assert rows["peak memory of the preview's process (its cold build, then the edits), MiB"][0] == "1006"
