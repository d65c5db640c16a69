"""data/papers.bib: accepted papers as BibTeX, read with bibtexparser (v2) into located records."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from confsite.errors import SiteError
from confsite.readers.text import read_text

# bibtexparser logs its own warning for every block it cannot parse; confsite reports them itself, located.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@dataclass(frozen=True)
class Author:
    """One author as written in BibTeX, split into name parts and decoded for display."""

    first: str
    von: str
    last: str
    jr: str

    @property
    def display(self) -> str:
        """'First von Last, Jr.' in reading order."""
        name = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{name}, {self.jr}" if self.jr else name


@dataclass(frozen=True)
class PaperEntry:
    """One BibTeX entry: its key, type, decoded display fields, authors, and where it starts."""

    key: str
    entry_type: str
    line: int
    title: str
    authors: tuple[Author, ...]
    fields: dict  # every field, LaTeX left as written (lower-case names)
    raw: str


@lru_cache(maxsize=None)
def latex_to_text(value: str) -> str:
    """LaTeX accents and commands to Unicode, protective braces dropped; cached per distinct string."""
    try:
        text = _LATEX.latex_to_text(value)
    except Exception:  # pylatexenc gives up on some malformed LaTeX: show the text as written
        text = value.replace("{", "").replace("}", "")
    return " ".join(text.split())


def split_authors(value: str) -> tuple[Author, ...]:
    """'Ré, Chris and Doe, Jane' -> Authors; 'and others' is kept as a last author 'others'."""
    authors = []
    for name in split_multiple_persons_names(value):
        parts = parse_single_name_into_parts(name, strict=False)
        authors.append(Author(*(latex_to_text(" ".join(getattr(parts, attr))) for attr in ("first", "von", "last", "jr"))))
    return tuple(authors)


def read_papers(path: Path, shown: str) -> tuple[list[PaperEntry], list[SiteError]]:
    """Read the proceedings' BibTeX file; every unusable entry is an error naming its line."""
    if not path.exists():
        return [], []
    text, error = read_text(path, shown)
    if error:
        return [], [error]
    library = bibtexparser.parse_string(text)
    errors = []
    for block in library.failed_blocks:
        line = block.start_line + 1
        name = type(block).__name__
        if name == "DuplicateBlockKeyBlock":
            key = getattr(block, "key", "?")
            errors.append(SiteError(shown, line, f"the key '{key}' is used by two entries",
                                    f"the other one is at line {_first_line(library, key)}; give each entry its own key"))
        else:
            reason = str(getattr(block, "error", "") or "").strip().splitlines()
            detail = reason[-1] if reason else "the entry could not be read"
            errors.append(SiteError(shown, line, f"malformed BibTeX entry: {detail}",
                                    "check the braces, quotes and the commas between fields of this entry"))
    papers = []
    for entry in library.entries:
        line = entry.start_line + 1
        fields = {field.key.lower(): field.value for field in entry.fields}
        title = fields.get("title", "")
        author = fields.get("author", "")
        if not str(title).strip():
            errors.append(SiteError(shown, line, f"the entry '{entry.key}' has no title", "add title = {...}"))
        if not str(author).strip():
            errors.append(SiteError(shown, line, f"the entry '{entry.key}' has no author",
                                    "add author = {Last, First and Last, First}"))
        if not str(title).strip() or not str(author).strip():
            continue
        papers.append(PaperEntry(entry.key, entry.entry_type.lower(), line, latex_to_text(str(title)),
                                 split_authors(str(author)), fields, entry.raw))
    return papers, errors


def _first_line(library, key: str) -> int | str:
    for entry in library.entries:
        if entry.key == key:
            return entry.start_line + 1
    return "?"
