"""The preview's rebuild after one-paper edits, in process, on the conference `vs_hugo.py` generates.

    .venv/bin/python bench/preview_edit.py [--papers 10000] [--edits 6] [--profile FILE]

Generates the confsite site of `vs_hugo.py` (papers.bib with LaTeX accents, macros and crossrefs, committees,
a program) in a temporary folder, then, in one process that keeps its Memory as `confsite serve` does
(drafts, no search index): a first build, a build with nothing changed, and `--edits` builds each after the
title of another paper was edited in papers.bib. Prints the wall and CPU time of each build, what it rendered
and wrote, and the median of the edits; `--profile FILE` keeps a cProfile of the last edit's build (and prints
its top functions). The file is put back as it was at the end.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import vs_hugo  # noqa: E402
from confsite.pipeline import Memory  # noqa: E402
from confsite.pipeline import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--profile", type=Path, default=None, help="keep a cProfile of the last edit's build here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="confsite-preview-edit-"))
    try:
        site, out = vs_hugo.confsite_site(work / "site", vs_hugo.generate(args.papers)), work / "out"
        cache = Memory()

        def timed(name: str, profiler: cProfile.Profile | None = None) -> float:
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            report = build(site, out, drafts=True, memory=cache, search_index=False)
            if profiler is not None:
                profiler.disable()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{name}: wall {wall:.3f} s, CPU {cpu:.3f} s; {len(report.rendered)} rendered, "
                  f"{len(report.written)} written", flush=True)
            return wall

        timed("first build")
        timed("nothing changed")
        bib = site / "data" / "papers.bib"
        text = bib.read_text(encoding="utf-8")
        profiler = cProfile.Profile() if args.profile else None
        walls = []
        try:
            for number in range(args.edits):
                key = f"p{42 + number * 97:05d}"
                bib.write_text(vs_hugo.title_edited(text, key, f"Edited{number}"), encoding="utf-8")
                walls.append(timed(f"edit of {key}", profiler if number == args.edits - 1 else None))
        finally:
            bib.write_text(text, encoding="utf-8")
        print(f"median of {len(walls)} edits: wall {statistics.median(walls):.3f} s")
        if profiler is not None:
            profiler.dump_stats(args.profile)
            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
