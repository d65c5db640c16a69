"""How fast the preview follows an edit, on a synthetic site with many papers.

    .venv/bin/python bench/preview_latency.py [--papers 1000] [--runs 5]

Generates the site (bench/make_site.py) under bench/out/, times a cold `confsite build` and a second
build with no change, then starts `confsite serve` in its own process with a chromium page open on
the papers page and, for each run, edits one paper in data/papers.bib and times:
  - rewritten: from the save until the papers page in the preview folder holds the new bytes;
  - reloaded: from the save until the browser shows the new text (no manual reload).
An abstract is edited too: while no page shows abstracts, the preview must rebuild, write nothing
and leave the browser alone; the time until its log says so is reported. Last, a content page is
edited: papers.bib is then not parsed again, and only that page is rewritten.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from make_site import make_site  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from confsite.pipeline import build  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition, timeout: float = 60.0, step: float = 0.002) -> float:
    """Poll `condition` until true; return the moment it became true."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the preview did not follow the edit within %.0f s" % timeout)
        time.sleep(step)
    return time.perf_counter()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _rebuilds_in_process(site: Path, out: Path, original: str, runs: int):
    """Wall and CPU seconds of the preview's rebuild alone (no polling, no server), after a title and a page edit."""
    from confsite.incremental import BuildCache

    cache, bib, about = BuildCache(), site / "data" / "papers.bib", site / "content" / "about.md"
    about_text = about.read_text(encoding="utf-8")
    build(site, out, cache=cache)
    timings = {"title": [], "page": []}
    for run in range(runs):
        for kind, path, text in (("title", bib, original.replace("Paper 0500:", f"Paper 0500 v{run}:")),
                                 ("page", about, about_text + f"\nEdit {run}\n")):
            path.write_text(text, encoding="utf-8")
            wall, cpu = time.perf_counter(), time.process_time()
            report = build(site, out, cache=cache)
            timings[kind].append((time.perf_counter() - wall, time.process_time() - cpu))
            assert len(report.rendered) == 1, report.rendered
    bib.write_text(original, encoding="utf-8")
    about.write_text(about_text, encoding="utf-8")
    return timings["title"], timings["page"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = HERE / "out" / f"preview-{args.papers}"
    site = make_site(work / "site", args.papers)
    bib = site / "data" / "papers.bib"
    original = bib.read_text(encoding="utf-8")

    start = time.perf_counter()
    build(site, work / "built")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = build(site, work / "built")
    warm = time.perf_counter() - start
    assert not again.written
    title_edit, page_edit_inprocess = _rebuilds_in_process(site, work / "built", original, args.runs)

    from playwright.sync_api import sync_playwright

    port, log = _free_port(), work / "serve.log"
    preview = work / "preview"
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "confsite", "serve", "--site", str(site), "--port", str(port),
                                   "--out", str(preview)], stdout=output, stderr=subprocess.STDOUT)
    rewritten, reloaded, abstract, page_edit = [], [], [], []
    try:
        papers_page = preview / "papers" / "index.html"
        _wait(lambda: b"Paper 0001" in _read(papers_page) and "previewing" in log.read_text())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/papers/")
            for run in range(args.runs):
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0")
                time.sleep(0.3)  # let the page settle, as a person would between two saves
                number = 1 + (run * 997) % args.papers
                marker = f"Paper {number:04d} edited {run}"
                text = original.replace(f"Paper {number:04d}:", marker + ":")
                saved = time.perf_counter()
                bib.write_text(text, encoding="utf-8")
                rewritten.append(_wait(lambda: marker.encode() in _read(papers_page)) - saved)
                page.wait_for_function("m => !!document.body && document.body.innerText.includes(m)", arg=marker, polling="raf",
                                       timeout=60_000)
                reloaded.append(time.perf_counter() - saved)
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0")
            current = bib.read_text(encoding="utf-8")  # the last title edit stays: only the abstract changes
            for run in range(3):
                lines = log.read_text().count("rebuilt in")
                before = papers_page.stat().st_mtime_ns
                text = re.sub(r"(abstract = \{)", rf"\1Edited {run}. ", current, count=1)
                saved = time.perf_counter()
                bib.write_text(text, encoding="utf-8")
                abstract.append(_wait(lambda: log.read_text().count("rebuilt in") > lines) - saved)
                assert papers_page.stat().st_mtime_ns == before
                time.sleep(0.3)
            about, about_page = site / "content" / "about.md", preview / "about" / "index.html"
            about_text = about.read_text(encoding="utf-8")
            for run in range(3):
                marker = f"Edited about page {run}"
                saved = time.perf_counter()
                about.write_text(about_text + f"\n{marker}\n", encoding="utf-8")
                page_edit.append(_wait(lambda: marker.encode() in _read(about_page)) - saved)
                time.sleep(0.3)
            about.write_text(about_text, encoding="utf-8")
            browser.close()
    finally:
        bib.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)

    ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"  # noqa: E731
    rebuilds = [int(m) for m in re.findall(r"rebuilt in (\d+) ms", log.read_text())[1:]]
    print(f"site: {args.papers} papers, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"| cold `confsite build` | {cold * 1000:.0f} ms |")
    print(f"| second build, nothing changed (writes nothing) | {warm * 1000:.0f} ms |")
    print(f"| title edit: papers page rewritten (median of {len(rewritten)}) | {ms(rewritten)} |")
    print(f"| title edit: browser shows it (median of {len(reloaded)}) | {ms(reloaded)} |")
    print(f"| abstract edit: rebuilt, nothing written, no reload (median of {len(abstract)}) | {ms(abstract)} |")
    print(f"| page edit (content/about.md): its page rewritten (median of {len(page_edit)}) | {ms(page_edit)} |")
    for label, values in (("title edit", title_edit), ("page edit", page_edit_inprocess)):
        print(f"| {label}: rebuild alone, in process (median of {len(values)}) | wall {ms([w for w, _ in values])}, "
              f"CPU {ms([c for _, c in values])} |")
    print(f"| rebuild alone, as the preview logs it (median of {len(rebuilds)}) | {statistics.median(rebuilds)} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
