"""Writing imported papers as BibTeX entries that round-trip through the reader."""
from __future__ import annotations

import re
import unicodedata

from confsite.importers import ImportedPaper

# Characters that LaTeX (and so the display decoder) would read as commands or comments.
_SPECIAL = {"%": r"\%", "&": r"\&", "#": r"\#"}
FIELD_ORDER = ("title", "author", "booktitle", "year", "abstract", "topics", "track", "sessions", "pdf", "url",
               "code", "video", "slides", "poster", "doi")


def protect(text: str) -> str:
    """Field text as BibTeX: specials escaped, braces balanced (an unbalanced one would end the entry)."""
    text = " ".join(text.split()) if "\n" not in text.strip() else "\n".join(" ".join(l.split()) for l in text.strip().split("\n"))
    text = re.sub(r"(?<!\\)[%&#]", lambda m: _SPECIAL[m.group(0)], text)
    depth, out = 0, []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + "}" * depth


def bibtex_name(display: str) -> str:
    """'Chris Ré' -> 'Ré, Chris'; a name with a particle or one word stays safe for the name splitter."""
    display = " ".join(display.split())
    if "," in display:
        return "{" + display + "}"
    parts = display.split(" ")
    if len(parts) == 1:
        return parts[0]
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of `text` ('Ré' -> 're')."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward", "via", "from", "by", "is"}


def make_key(paper: ImportedPaper, taken: set[str]) -> str:
    """A readable, stable key: lastname + year + first significant title word, e.g. ratner2019mlsys."""
    last = ascii_word(paper.authors[0].split(" ")[-1]) if paper.authors else ""
    words = [ascii_word(w) for w in re.split(r"[\s\-:/]+", paper.title)]
    word = next((w for w in words if w and w not in STOP), "paper")
    base = f"{last or 'anon'}{paper.year or ''}{word}"
    key, suffix = base, ord("a")
    while key in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    taken.add(key)
    return key


def entry_text(key: str, paper: ImportedPaper, id_field: str) -> str:
    """One @inproceedings entry, fields in a fixed order so re-imports give the same text."""
    fields = {"title": protect(paper.title), "author": " and ".join(bibtex_name(a) for a in paper.authors)}
    if paper.venue:
        fields["booktitle"] = protect(paper.venue)
    if paper.year:
        fields["year"] = paper.year
    if paper.abstract:
        fields["abstract"] = protect(paper.abstract)
    for name, value in paper.fields.items():
        if value:
            fields[name] = protect(str(value))
    if paper.source_id:
        fields[id_field] = protect(paper.source_id)
    ordered = sorted(fields, key=lambda n: (FIELD_ORDER.index(n) if n in FIELD_ORDER else len(FIELD_ORDER), n))
    width = max(len(n) for n in ordered)
    body = ",\n".join(f"  {name.ljust(width)} = {{{fields[name]}}}" for name in ordered)
    return f"@inproceedings{{{key},\n{body}\n}}\n"
