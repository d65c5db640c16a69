"""Checks of the site's inputs as a whole that no single reader can make, such as data files that nothing reads."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from confsite.errors import SiteError, warning

# Files under data/ with these endings hold data; others (a README, SOURCES.md) are notes for people.
DATA_SUFFIXES = {".yaml", ".yml", ".bib", ".json", ".csv", ".tsv", ".toml", ".ics"}
# Data files confsite knows by name, to suggest the right name for a misspelled one.
KNOWN_DATA_FILES = ("data/committees.yaml", "data/papers.bib", "data/sponsors.yaml", "data/speakers.yaml")


def unused_data_files(site_dir: Path, reads: set[Path]) -> list[SiteError]:
    """A warning for every data file under data/ that no reader opened (often a misspelled name)."""
    data_dir = site_dir / "data"
    if not data_dir.is_dir():
        return []
    read_names = sorted(path.relative_to(site_dir.resolve()).as_posix() for path in reads
                        if path.is_relative_to(site_dir.resolve()))
    known = sorted(set(KNOWN_DATA_FILES) | set(read_names))
    problems = []
    for path in sorted(data_dir.rglob("*")):
        if path.suffix.lower() not in DATA_SUFFIXES or not path.is_file() or path.resolve() in reads:
            continue
        shown = path.relative_to(site_dir).as_posix()
        if any(part.startswith((".", "_")) for part in path.relative_to(data_dir).parts):
            continue
        close = difflib.get_close_matches(shown, [name for name in known if name not in read_names], n=1, cutoff=0.75)
        hint = (f"did you mean '{close[0]}'? rename the file" if close
                else f"confsite reads {', '.join(known)}; remove this file or move it out of data/")
        problems.append(warning(shown, None, "no part of the site uses this data file", hint))
    return problems


_EMPTY_MARKDOWN_IMAGE = re.compile(r"!\[\s*\]\(")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_CODE_SPAN = re.compile(r"`+[^`]*`+")


def images_without_text(pages) -> list[SiteError]:
    """A warning for every image in a page's Markdown without a text alternative (screen readers say nothing)."""
    problems = []
    for page in pages:
        in_code = False
        for offset, line in enumerate(page.body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            if in_code or line.startswith("    "):
                continue
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)  # `<img src=x>` is an example, not an image
            for match in _EMPTY_MARKDOWN_IMAGE.finditer(line):
                problems.append(warning(page.source, page.body_line + offset, "this image has no text alternative",
                                        "describe it between the brackets: ![The venue's main hall](/img/hall.jpg)",
                                        match.start() + 1))
            for match in _HTML_IMAGE.finditer(line):
                if not re.search(r"\salt\s*=", match.group(0), re.I):
                    problems.append(warning(page.source, page.body_line + offset, "this image has no alt text",
                                            'add alt="what the image shows" (or alt="" if it is only decoration)',
                                            match.start() + 1))
    return problems
