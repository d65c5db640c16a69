"""Write a synthetic conference site of any size for the benchmarks: `python bench/make_site.py OUT --papers 1000`.

Every name, title and abstract is generated (BenchConf is no real conference); the output is the same on every run.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("learning systems model training inference graph compiler memory kernel cluster scheduling sparse "
         "distributed hardware accelerator quantization pipeline latency throughput federated serving data "
         "gradient tensor optimizer cache network storage energy robust efficient scalable adaptive").split()
FIRST = "Ada Alan Barbara Claude Donald Edsger Frances Grace John Katherine Leslie Margaret Niklaus Radia Tim".split()
LAST = "Lovelace Turing Liskov Shannon Knuth Dijkstra Allen Hopper Backus Johnson Lamport Hamilton Wirth Perlman Berners".split()


def make_site(root: Path, papers: int) -> Path:
    """Write the site under `root` and return it."""
    rng = random.Random(7)
    files = {
        "site.yaml": "name: BenchConf\nedition: BenchConf 2030\ntimezone: UTC\nbase_url: /\n",
        "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nA synthetic conference for benchmarks.\n",
        "content/about.md": "---\ntitle: About\nnav_order: 2\n---\n## Who we are\n\nBenchConf does not exist.\n",
        "content/papers.md": "---\ntitle: Papers\nlayout: papers\nnav_order: 3\n---\nAccepted papers.\n",
        "content/committees.md": "---\ntitle: Committees\nlayout: committees\nnav_order: 4\n---\n",
        "data/committees.yaml": "committees:\n  - name: Program Committee\n    members:\n" + "".join(
            f"      - name: {rng.choice(FIRST)} {rng.choice(LAST)}\n        affiliation: University {i}\n"
            for i in range(60)),
    }
    entries = []
    for n in range(1, papers + 1):
        authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(2, 6)))
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
        abstract = " ".join(rng.choice(WORDS) for _ in range(150)).capitalize() + "."
        entries.append(f"@inproceedings{{paper{n:04d},\n  author = {{{authors}}},\n  title = {{Paper {n:04d}: {title}}},\n"
                       f"  booktitle = {{BenchConf 2030}},\n  year = {{2030}},\n  url = {{https://example.org/paper{n:04d}}},\n"
                       f"  abstract = {{{abstract}}},\n}}\n")
    files["data/papers.bib"] = "\n".join(entries)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    args = parser.parse_args()
    print(make_site(args.out, args.papers))
