"""How fast the preview follows an edit, on a synthetic site with many papers.

    .venv/bin/python bench/preview_latency.py [--papers 1000] [--runs 5]

Generates the site (bench/make_site.py) under bench/out/, times a cold `confsite build` (with the
search index) and a second build with no change, and the preview's rebuild alone, in process. Then
it starts `confsite serve` in its own process, opens a paper's page in chromium and, for each run,
edits that paper's abstract in data/papers.bib and times:
  - rewritten: from the save until the paper's page in the preview folder holds the new bytes;
  - reloaded: from the save until the browser shows the new abstract (no manual reload).
Last, a content page is edited: papers.bib is then not parsed again, and only that page is rewritten.
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


def _wait(condition, timeout: float = 120.0, step: float = 0.002) -> float:
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


def _edit_abstract(bib: str, number: int, marker: str) -> str:
    """The BibTeX text with `marker` put at the start of paper `number`'s abstract."""
    start = bib.index(f"{{paper{number:04d},")
    at = bib.index("abstract = {", start) + len("abstract = {")
    return bib[:at] + marker + " " + bib[at:]


def _rebuilds_in_process(site: Path, out: Path, original: str, runs: int, number: int):
    """Wall and CPU seconds of the preview's rebuild alone (no polling, no server), after an abstract and a page edit."""
    from confsite.pipeline import Memory

    cache, bib, about = Memory(), site / "data" / "papers.bib", site / "content" / "about.md"
    about_text = about.read_text(encoding="utf-8")
    build(site, out, memory=cache, drafts=True, search_index=False)
    timings = {"abstract": [], "page": []}
    for run in range(runs):
        for kind, path, text in (("abstract", bib, _edit_abstract(original, number, f"Version {run}.")),
                                 ("page", about, about_text + f"\nEdit {run}\n")):
            path.write_text(text, encoding="utf-8")
            wall, cpu = time.perf_counter(), time.process_time()
            report = build(site, out, memory=cache, drafts=True, search_index=False)
            timings[kind].append((time.perf_counter() - wall, time.process_time() - cpu, len(report.rendered),
                                  len(report.written)))
            assert report.written == ((f"papers/paper{number:04d}/index.html",) if kind == "abstract"
                                      else ("about/index.html",)), report.written
    bib.write_text(original, encoding="utf-8")
    about.write_text(about_text, encoding="utf-8")
    return timings["abstract"], timings["page"]


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
    first = build(site, work / "built")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = build(site, work / "built")
    warm = time.perf_counter() - start
    assert not again.written
    abstract_inprocess, page_inprocess = _rebuilds_in_process(site, work / "preview-in-process", original, args.runs,
                                                              (args.papers + 1) // 2)

    from playwright.sync_api import sync_playwright

    port, log = _free_port(), work / "serve.log"
    preview = work / "preview"
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "confsite", "serve", "--site", str(site), "--port", str(port),
                                   "--out", str(preview)], stdout=output, stderr=subprocess.STDOUT)
    rewritten, reloaded, page_edit = [], [], []
    current = original
    try:
        _wait(lambda: "previewing" in log.read_text())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for run in range(args.runs):
                number = 1 + (run * 397) % args.papers
                paper_page = preview / "papers" / f"paper{number:04d}" / "index.html"
                page.goto(f"http://127.0.0.1:{port}/papers/paper{number:04d}/")
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0")
                time.sleep(0.3)  # let the page settle, as a person would between two saves
                marker = f"Edited abstract {run}."
                current = _edit_abstract(current, number, marker)
                saved = time.perf_counter()
                bib.write_text(current, encoding="utf-8")
                rewritten.append(_wait(lambda: marker.encode() in _read(paper_page)) - saved)
                page.wait_for_function("m => !!document.body && document.body.innerText.includes(m)", arg=marker,
                                       polling="raf", timeout=120_000)
                reloaded.append(time.perf_counter() - saved)
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

    ms = lambda values: f"{statistics.median(values) * 1000:,.0f} ms (min {min(values) * 1000:,.0f}, max {max(values) * 1000:,.0f})"  # noqa: E731
    rebuilds = [int(m) for m in re.findall(r"rebuilt in (\d+) ms", log.read_text())[1:]]
    print(f"site: {args.papers} papers, {first.files} files, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"| cold `confsite build`, with the search index | {cold * 1000:,.0f} ms |")
    print(f"| second build, nothing changed (writes nothing) | {warm * 1000:,.0f} ms |")
    for label, values in (("abstract edit", abstract_inprocess), ("page edit", page_inprocess)):
        print(f"| {label}: the preview's rebuild alone, in process (median of {len(values)}; "
              f"{values[-1][2]} rendered, {values[-1][3]} written) | wall {ms([v[0] for v in values])}, "
              f"CPU {ms([v[1] for v in values])} |")
    print(f"| abstract edit: the paper's page rewritten (median of {len(rewritten)}) | {ms(rewritten)} |")
    print(f"| abstract edit: browser shows it (median of {len(reloaded)}) | {ms(reloaded)} |")
    print(f"| page edit (content/about.md): its page rewritten (median of {len(page_edit)}) | {ms(page_edit)} |")
    print(f"| rebuild as the preview logs it (median of {len(rebuilds)}) | {statistics.median(rebuilds):,.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
