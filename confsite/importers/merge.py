"""Merging imported papers into data/papers.bib: new papers are appended, known ones keep their key."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bibtexparser

from confsite.importers import ImportedPaper
from confsite.importers.bibtex_out import ascii_word, entry_text, make_key


@dataclass(frozen=True)
class MergeReport:
    """What an import changed."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


def merge_papers(bib_path: Path, papers: list[ImportedPaper], id_field: str, write: bool = True) -> MergeReport:
    """Write `papers` into `bib_path`; a paper already there (same export id, else same title) keeps its key.

    Fields the import does not set (say an `award` added by hand) are kept. The file is replaced atomically.
    """
    text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    library = bibtexparser.parse_string(text) if text else None
    entries = library.entries if library else []
    by_id = {str(e.fields_dict[id_field].value): e for e in entries if id_field in e.fields_dict}
    by_title = {ascii_word(str(e.fields_dict["title"].value)): e for e in entries if "title" in e.fields_dict}
    taken = {e.key for e in entries}
    added, updated, unchanged, appended = [], [], [], []
    for paper in papers:
        existing = by_id.get(paper.source_id or "\0") or by_title.get(ascii_word(paper.title))
        if existing is None:
            key = make_key(paper, taken)
            appended.append(entry_text(key, paper, id_field))
            added.append(key)
            continue
        imported_names = {"title", "author", "booktitle", "year", "abstract", id_field, *paper.fields}
        kept = {f.key.lower(): str(f.value) for f in existing.fields if f.key.lower() not in imported_names}
        merged = ImportedPaper(paper.line, paper.source_id, paper.title, paper.authors, paper.abstract, paper.year,
                               paper.venue, {**paper.fields, **kept})
        new_text = entry_text(existing.key, merged, id_field).rstrip("\n")
        if new_text == existing.raw:
            unchanged.append(existing.key)
        else:
            text = text.replace(existing.raw, new_text, 1)
            updated.append(existing.key)
    if appended:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + "\n".join(appended)
    if write and (added or updated):
        _write_atomically(bib_path, text)
    return MergeReport(tuple(added), tuple(updated), tuple(unchanged))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
