"""CPU time of reading TeX in titles and abstracts (confsite/read/tex.py), against the reader's old decoding.

    .venv/bin/python bench/tex_speed.py [PAPERS.BIB]

Defaults to the papers.bib of a site made by bench/make_site.py for 10,000 papers. Each function is timed cold
(first call per value, what a build pays) and warm (memoized, what the preview pays again). Figures of
2026-12-04 on the 10,000-paper site (20,002 titles and abstracts, 13.6 MB): latex_to_text 0.18 s cold;
tex_plain 0.26 s; tex_html 0.28 s alone; tex_plain and tex_html of each title and abstract together 0.38 s;
warm, all under 0.02 s.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bibtexparser  # noqa: E402

from confsite.read import tex  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-base/10000/confsite/data/papers.bib")
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    values = [field.value for entry in library.entries for field in entry.fields if field.key in ("title", "abstract")]
    print(f"{len(values)} titles and abstracts, {sum(map(len, values)) / 1e6:.1f} MB")
    runs = [("tex_plain", tex.tex_plain), ("tex_html", tex.tex_html)]
    try:  # (the reader's decoding before confsite/read/tex.py, while it is still there)
        from confsite.read.papers import latex_to_text
        runs.insert(0, ("latex_to_text", latex_to_text))
    except ImportError:
        pass
    for name, function in runs:
        print(f"{name}: cold {_cpu(function, values):.3f} s, warm {_cpu(function, values):.3f} s")
    for cached in (tex.tex_plain, tex._html, tex._parsed):
        cached.cache_clear()
    both = lambda value: (tex.tex_plain(value), tex.tex_html(value))  # noqa: E731
    print(f"tex_plain and tex_html of each: cold {_cpu(both, values):.3f} s")


def _cpu(function, values) -> float:
    start = time.process_time()
    for value in values:
        function(value)
    return time.process_time() - start


if __name__ == "__main__":
    main()
