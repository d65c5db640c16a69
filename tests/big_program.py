"""A program at scale, as a site: three days, eight parallel tracks, 400 talks (397 papers and three keynotes)."""
from __future__ import annotations

import random
from pathlib import Path

from conftest import write_tree

TRACKS = ("Systems", "Compilers", "Training", "Inference", "Hardware", "Data management", "Security and privacy",
          "Theory")
DAYS = ("2031-06-02", "2031-06-03", "2031-06-04")
SLOTS = (("10:30", "12:00"), ("13:30", "15:00"), ("15:30", "17:00"), ("17:00", "18:00"))
WORDS = ("sparse", "federated", "adaptive", "distributed", "quantized", "scalable", "robust", "efficient", "learned",
         "streaming", "elastic", "private", "verified", "heterogeneous", "incremental", "compressed")
THINGS = ("training", "inference", "kernels", "schedulers", "compilers", "caches", "indexes", "accelerators",
          "pipelines", "transformers", "graphs", "embeddings", "checkpoints", "allocators", "runtimes", "queries")
FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Goran", "Hana", "Ivo", "Jia", "Kemal", "Lena", "Mateo", "Noor",
         "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomás", "Uma", "Viktor", "Wen", "Yusuf", "Zoë")
LAST = ("Abe", "Bauer", "Costa", "Diallo", "Eriksen", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski",
        "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Singh", "Tanaka", "Ueda", "Varga",
        "Weber", "Xu", "Yilmaz", "Zhang")


def write_big_program(root: Path, base_url: str = "https://big.example.org/") -> Path:
    """The site under `root`: data/papers.bib with the papers, data/program.yaml placing them, a program page."""
    rng = random.Random(2031)
    sessions = [(day, slot, track) for day in DAYS for slot in range(len(SLOTS)) for track in TRACKS]
    papers, per_session = [], {}
    for number in range(397):
        session = sessions[number % len(sessions)]
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(THINGS)} for {rng.choice(THINGS)}"
        authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(1, 5)))
        key = f"paper{number + 1:03d}"
        papers.append(f"@inproceedings{{{key},\n  title = {{{title} ({number + 1})}},\n  author = {{{authors}}},\n"
                      f"  booktitle = {{BigConf 2031}},\n  year = 2031\n}}\n")
        per_session.setdefault(session, []).append(key)
    program = ["timezone: Europe/Lisbon\ndays:\n"]
    for d, day in enumerate(DAYS):
        program.append(f"  - date: {day}\n    sessions:\n")
        program.append("      - {title: Registration and coffee, id: coffee-%d, kind: break, start: \"08:30\", "
                       "end: \"09:00\"}\n" % (d + 1))
        program.append(f"      - title: \"Keynote {d + 1}\"\n        id: keynote-{d + 1}\n        kind: keynote\n"
                       "        start: \"09:00\"\n        end: \"10:00\"\n        room: Main Hall\n"
                       f"        items:\n          - {{title: \"The next {d + 1} years of systems\", "
                       f"speakers: [{FIRST[d]} {LAST[d]}]}}\n")
        program.append("      - {title: Coffee break, id: break-%d, kind: break, start: \"10:00\", end: \"10:30\"}\n"
                       % (d + 1))
        program.append("      - {title: Lunch, id: lunch-%d, kind: break, start: \"12:00\", end: \"13:30\"}\n" % (d + 1))
        for s, (start, end) in enumerate(SLOTS):
            for t, track in enumerate(TRACKS):
                if track == "Theory" and s == 3:
                    end = "17:40"  # one track ends earlier: the grid is not a plain table
                program.append(f"      - title: \"{track} {s + 1}\"\n        id: d{d + 1}-{_slug(track)}-{s + 1}\n"
                               f"        kind: papers\n        start: \"{start}\"\n        end: \"{end}\"\n"
                               f"        room: Room {chr(65 + t)}\n        track: {track}\n"
                               f"        chair: {FIRST[(s + t) % len(FIRST)]} {LAST[(d + t) % len(LAST)]}\n"
                               "        items:\n")
                program += [f"          - paper: {key}\n" for key in per_session[(day, s, track)]]
        program.append("      - {title: Afternoon break, id: tea-%d, kind: break, start: \"15:00\", end: \"15:30\"}\n"
                       % (d + 1))
    return write_tree(root, {
        "site.yaml": f"name: BigConf\nedition: BigConf 2031\ntimezone: Europe/Lisbon\nbase_url: {base_url}\n"
                     "dates: {start: 2031-06-02, end: 2031-06-04}\nvenue: {name: Centro de Congressos, city: Lisbon}\n",
        "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nBigConf 2031.\n",
        "content/program.md": "---\ntitle: Program\nlayout: program\nnav_order: 2\n---\nEight tracks, three days.\n",
        "content/papers.md": "---\ntitle: Papers\nlayout: papers\nnav_order: 3\n---\n",
        "data/papers.bib": "\n".join(papers),
        "data/program.yaml": "".join(program),
    })


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")
