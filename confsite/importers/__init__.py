"""Importers: accepted papers exported by submission systems become entries of data/papers.bib.

Each format module turns one export file into `ImportedPaper` records (or located problems);
`merge.py` writes them into the site's BibTeX file, keeping the keys of papers already there.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportedPaper:
    """One accepted paper as an export describes it, with where in the export it was found."""

    line: int
    source_id: str | None  # the submission system's own id (OpenReview note id, HotCRP pid, ...)
    title: str
    authors: list[str]  # display names, 'First Last'
    abstract: str | None = None
    year: str | None = None
    venue: str | None = None
    fields: dict = field(default_factory=dict)  # further BibTeX fields: pdf, code, topics, track, ...


@dataclass
class RowProblem:
    """A row or record of the export that cannot be imported, and why."""

    line: int | None
    message: str
    hint: str = ""


FORMATS = ("openreview", "hotcrp", "cmt", "easychair", "miniconf", "hugo")
