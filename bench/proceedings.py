"""Build a site of 10,000 generated papers and report time and peak memory per stage.

    .venv/bin/python bench/proceedings.py [--papers 10000] [--keep DIR]

The papers have LaTeX accents in names and titles, @string macros for venues, month macros,
crossrefs to @proceedings entries, abstracts and custom fields, and authors shared between
papers and with the committees. Memory is the process's peak resident size (getrusage) after
each stage: it only grows, so a stage's own need is how much it raised the peak.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confsite.render import plan as pages
from confsite.assemble.site import assemble  # noqa: E402
from confsite.read.config import load_config  # noqa: E402
from confsite.errors import Problems  # noqa: E402
from confsite.pipeline import read_sources  # noqa: E402
from confsite.render.templates import render_outputs  # noqa: E402
from confsite.read.theme import load_theme  # noqa: E402
from confsite.output.write import write_site  # noqa: E402

FIRST = ["Ann", "Chris", "Jos{\\'e}", "Zo{\\\"e}", "Bj{\\\"o}rn", "Fran{\\c{c}}ois", "Ji{\\v{r}}{\\'\\i}", "Mei", "Ravi",
         "Olga", "S{\\o}ren", "Ay{\\c{s}}e", "Lena", "Tom{\\'a}s", "Yuki", "Amir", "Grace", "Jakub", "Nadia", "Pedro"]
LAST = ["Lee", "R{\\'e}", "Garc{\\'\\i}a", "M{\\\"u}ller", "{\\AA}str{\\\"o}m", "Dvo{\\v{r}}{\\'a}k", "Nguyen", "Smith",
        "O'Brien", "van der Berg", "Kone{\\v{c}}n{\\'y}", "Patel", "Chen", "Kowalski", "Sch{\\\"o}n", "Ib{\\'a}{\\~n}ez",
        "Tanaka", "Okafor", "Rossi", "Haddad", "Novak", "Silva", "Kim", "Ivanova", "Berg", "Larsen", "Costa", "Wang"]
WORDS = ["Efficient", "Scalable", "{GPU}", "Sparse", "Federated", "Learning", "Inference", "Compilers", "Kernels",
         "Scheduling", "Memory", "Quantization", "Distributed", "Training", "Systems", "{LLM}", "Serving", "Graphs",
         "Accelerators", "Caching", "Pipelines", "{TPU}", "Optimization", "Data", "Streaming", "Edge", "Robust"]
TOPICS = ["Compilers", "Hardware", "Distributed systems", "Federated learning", "Inference", "Data management",
          "Security", "Benchmarks", "Sparsity", "Quantization"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def generate_bib(count: int, seed: int = 2024) -> str:
    """A papers.bib of `count` papers; one @proceedings per year that a third of the papers crossref."""
    rng = random.Random(seed)
    years = list(range(2018, 2026))
    parts = [f"@string{{mlsys{y} = {{Proceedings of Machine Learning and Systems {y}}}}}" for y in years]
    parts += [f"@proceedings{{proc{y}, title = mlsys{y}, year = {y}, publisher = {{MLSys}}, month = may}}" for y in years]
    people = [f"{last}, {first}" for first in FIRST for last in LAST]
    for n in range(count):
        year = rng.choice(years)
        authors = " and ".join(rng.sample(people, rng.randint(1, 8)))
        title = " ".join(rng.sample(WORDS, rng.randint(4, 9))) + f" {n}"
        abstract = " ".join(rng.choice(WORDS).strip("{}").lower() for _ in range(150)) + " by 13% and $3\\times$."
        topics = ", ".join(rng.sample(TOPICS, 2))
        if n % 3 == 0:
            venue = f"  crossref = {{proc{year}}},\n"
        else:
            venue = f"  booktitle = mlsys{year},\n  year = {year},\n  month = {rng.choice(MONTHS)},\n"
        parts.append(f"@inproceedings{{paper{n}:{year},\n  author = {{{authors}}},\n  title = {{{title}}},\n{venue}"
                     f"  pages = {{{n}--{n + 12}}},\n  abstract = {{{abstract}}},\n  topics = {{{topics}}},\n"
                     f"  track = {{Track {n % 12}}},\n  pdf = {{https://example.org/{n}.pdf}},\n"
                     f"  tldr = {{A {{TL;DR}} for paper {n}.}}\n}}")
    return "\n\n".join(parts) + "\n"


def committees_yaml() -> str:
    names = ["Ann Lee", "Chris Ré", "Zoë Müller", "Grace Chen", "Ravi Patel"]
    members = "\n".join(f"      - name: {name}" for name in names)
    return f"committees:\n  - name: Program Committee\n    id: program\n    members:\n{members}\n"


def make_site(root: Path, count: int) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "site.yaml").write_text("name: Bench\nedition: Bench 2025\nbase_url: https://bench.example.org/\n")
    (root / "content" / "index.md").write_text("---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nWelcome.\n")
    (root / "data" / "papers.bib").write_text(generate_bib(count), encoding="utf-8")
    (root / "data" / "committees.yaml").write_text(committees_yaml(), encoding="utf-8")
    return root


def peak_mib() -> float:
    """The process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stages(site: Path, out: Path) -> tuple[list[tuple[str, float, float, float]], int, int]:
    """The pipeline's stages one by one: (stage, wall seconds, CPU seconds, peak RSS MiB after it)."""
    results = []

    def stage(name, work):
        start, cpu = time.perf_counter(), time.process_time()
        value = work()
        results.append((name, time.perf_counter() - start, time.process_time() - cpu, peak_mib()))
        return value

    results.append(("(start: site generated)", 0.0, 0.0, peak_mib()))
    problems = Problems()
    config = stage("config", lambda: load_config(site, None))
    sources = stage("read (BibTeX parse, macros, crossref, names)", lambda: read_sources(site, problems))
    problems.raise_if_any()
    built = stage("assemble (decode, people, groups, metadata)", lambda: assemble(config, sources, problems))
    problems.raise_if_any()
    theme, _ = load_theme(site, config.theme, None)
    plan = stage("plan outputs", lambda: pages.plan(built, theme))
    files, errors = stage("render (Jinja)", lambda: render_outputs(built, theme, plan))
    assert not errors, errors
    stage("write (atomic swap)", lambda: write_site(files, out))
    return results, len(files), len(sources.papers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated site in this folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="confsite-bench-"))
    try:
        site = make_site(args.keep or root / "site", args.papers)
        results, files, papers = run_stages(site, root / "out")
        load = os.getloadavg()[0]
        print(f"{papers} papers, {files} files written; load average {load:.1f} on {os.cpu_count()} CPUs")
        print(f"{'stage':46s} {'wall s':>7s} {'CPU s':>7s} {'peak RSS MiB':>13s} {'raised by':>10s}")
        previous = results[0][3]
        for name, wall, cpu, peak in results:
            print(f"{name:46s} {wall:7.2f} {cpu:7.2f} {peak:13.0f} {peak - previous:10.0f}")
            previous = peak
        print(f"{'total':46s} {sum(r[1] for r in results):7.2f} {sum(r[2] for r in results):7.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
