"""A small invented conference that uses every part of the default theme: news, speakers, sponsors, photos."""
from __future__ import annotations

from pathlib import Path

from conftest import write_tree


def _svg(label: str, colour: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
            f'<rect width="240" height="80" rx="12" fill="{colour}"/>'
            f'<text x="120" y="50" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">{label}</text></svg>')


SHOWCASE = {
    "site.yaml": ("name: DemoConf\nfull_name: Demonstration Conference on Static Sites\nedition: DemoConf 2031\n"
                  "description: A conference invented to show every part of the default theme.\n"
                  "dates: {start: 2031-06-30, end: 2031-07-02}\n"
                  "venue: {name: Harbour Hall, city: Lisbon}\ntimezone: Europe/Lisbon\n"),
    "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nThree days of talks about static sites.\n",
    "content/cfp.md": ("---\ntitle: Call for Papers\nnav_order: 2\n---\n## Topics\n\n- Generators\n- Search without servers\n\n"
                       "| Deadline | Date |\n|---|---|\n| Abstracts | March 1 |\n\n> Quote of the day.\n\n`inline code`\n"),
    "content/news/programme-online.md": ("---\ntitle: The programme is online\ndate: 2031-05-02\n"
                                         "description: Forty talks over three days.\n---\nRead it now.\n"),
    "content/news/registration-open.md": "---\ntitle: Registration is open\ndate: 2031-03-10\n---\nRegister early.\n",
    "data/committees.yaml": ("committees:\n  - name: Organizers\n    members:\n"
                             "      - {name: Ana Lima, role: General Chair, affiliation: University of Lisbon, photo: img/ana.svg}\n"
                             "      - {name: Bo Chen, affiliation: Example Labs, url: 'https://example.org/bo'}\n"
                             "  - name: Program Committee\n    members:\n      - {name: Chidi Okafor, affiliation: Lagos Institute}\n"),
    "data/speakers.yaml": ("speakers:\n  - name: Dana Novak\n    affiliation: Prague Technical University\n"
                           "    talk: Sites that last a century\n    bio: Dana builds archives.\n    photo: img/dana.svg\n"
                           "  - name: Eli Park\n    talk: Search in a static world\n"),
    "data/sponsors.yaml": ("tiers:\n  - name: Platinum\n    sponsors:\n      - {name: Acme Systems, url: 'https://acme.example/', logo: img/acme.svg}\n"
                           "  - name: Gold\n    sponsors:\n      - {name: Initech, url: 'https://initech.example/'}\n      - {name: Globex}\n"),
    "data/papers.bib": ("@proceedings{demo2031,\n  title = {Proceedings of DemoConf 2031},\n  shortname = {DemoConf},\n"
                        "  editor = {Lima, Ana},\n  year = {2031},\n  month = jun,\n  address = {Lisbon, Portugal},\n"
                        "  publisher = {DemoConf Press},\n  url = {https://democonf.example/}\n}\n\n"
                        "@inproceedings{lima2031,\n  title = {Static Search at Scale},\n  author = {Lima, Ana and Chen, Bo},\n"
                        "  booktitle = {Proceedings of DemoConf},\n  year = {2031},\n  url = {https://example.org/lima2031.pdf}\n}\n\n"
                        "@inproceedings{indexes2031,\n  title = {Sorting in $O(n \\log n)$ with \\emph{Static} Indexes},\n"
                        "  author = {Okafor, Chidi},\n  crossref = {demo2031},\n  pages = {12--20},\n"
                        "  abstract = {We index $m \\times n$ pages, with $\\tilde O(nsm)$ work:\n"
                        "  $$\\sum_{i=1}^{n} x_i \\le \\frac{1}{2}$$\n  A macro of our own, $\\wstar$, is shown as written.}\n}\n"),
    "static/img/ana.svg": _svg("AL", "#7b2d8b"),
    "static/img/dana.svg": _svg("DN", "#0b6e4f"),
    "static/img/acme.svg": _svg("ACME", "#b3261e"),
}


def write_showcase(root: Path) -> Path:
    """Write the showcase site under `root`; return its folder."""
    return write_tree(root, SHOWCASE)
