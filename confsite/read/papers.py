"""data/papers.bib: the accepted papers and the volume they appear in, as located records with display text decoded
from TeX (confsite.read.tex): plain Unicode for every field a page shows, and HTML with MathML for titles and
abstracts, each value decoded once per distinct string.

Volume entries (a @proceedings, a @book or @proceedings that papers crossref) are the proceedings' own record, never
a paper; a file with one volume entry (PMLR's, a dblp export of one conference) gives it to each paper that names no
booktitle of its own, as a crossref would.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from markupsafe import Markup

from confsite.errors import SiteError, warning
from confsite.memo import Memo, remembered
from confsite.read.bibtex import BibEntry, format_entry, parse_bibtex
from confsite.read.bibtex_values import VOLUME_TYPES, inherit
from confsite.read.tex import tex_html, tex_plain
from confsite.read.text import read_text

# What the exported .bib holds: what a citation needs and the public bookkeeping of the publishers and reference
# managers (dblp's biburl, Zotero's urldate...). Left out: abstracts, summaries, topics and other fields this site
# shows, and private ones (JabRef's owner and groups, a reference manager's 'file' paths on the exporter's disk, notes).
CITATION_FIELDS = {"author", "editor", "title", "booktitle", "journal", "year", "month", "volume", "number", "pages",
                   "publisher", "address", "organization", "series", "edition", "chapter", "school", "institution",
                   "howpublished", "type", "note", "doi", "url", "eprint", "archiveprefix", "primaryclass", "isbn",
                   "issn", "key", "language",
                   # BibLaTeX's names of the same data
                   "date", "journaltitle", "location", "venue", "eventtitle", "eventdate", "subtitle", "titleaddon",
                   "booksubtitle", "maintitle", "shortjournal", "eprinttype", "eprintclass", "pagetotal", "langid",
                   # links and bookkeeping of publishers and reference managers
                   "pdf", "ee", "biburl", "bibsource", "timestamp", "urldate", "keywords", "shorttitle"}
# Volume fields kept in the volume's exported entry, besides the citation fields: PMLR's.
VOLUME_FIELDS = CITATION_FIELDS | {"shortname", "name", "published", "start", "end", "conference_url",
                                   "conference_number"}
# Paper types whose venue is a booktitle: those take the file's volume when they name none.
IN_VOLUME_TYPES = frozenset({"inproceedings", "conference", "incollection"})


@dataclass(frozen=True)
class Author:
    """One author as written in BibTeX, split into name parts and decoded for display."""

    first: str
    von: str
    last: str
    jr: str

    @cached_property  # (kept in the instance's __dict__, not a field: equality and repr are the fields')
    def display(self) -> str:
        """'First von Last, Jr.' in reading order; computed once, as the same Author stands in many papers."""
        name = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{name}, {self.jr}" if self.jr else name


@dataclass(frozen=True)
class PaperEntry:
    """One accepted paper: key, type, where it starts, decoded title and authors, and every field as written."""

    key: str
    entry_type: str
    line: int
    title: str
    authors: tuple[Author, ...]
    et_al: bool  # the author list ends with 'and others'
    edited: bool  # a volume with editors and no authors: `authors` are its editors
    fields: dict  # lower-case name -> value with macros and crossref expanded, LaTeX as written
    raw: str  # the entry exactly as written in the file
    bibtex: str  # a clean, self-contained entry for export (crossref folded in, no macros)
    title_html: Markup = Markup("")  # the title as a page shows it (styles, MathML)
    abstract: tuple[str, ...] = ()  # its paragraphs as plain text
    abstract_html: tuple[Markup, ...] = ()  # and as a page shows them (display math too)


@dataclass(frozen=True)
class PapersFile:
    """What papers.bib holds: the papers in file order, and the volume they appear in when the file gives one."""

    papers: list[PaperEntry]
    volume: PaperEntry | None = None  # the file's one volume entry (its editors as authors), else None


def paragraphs(value: str) -> list[str]:
    """Long text (an abstract) cut into its paragraphs at blank lines, as written."""
    if "\n" not in value:  # (most abstracts: one paragraph)
        return [value] if value.strip() else []
    return [part for part in re.split(r"\n\s*\n", value) if part.strip()]


def split_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """'Ré, Chris and Doe, Jane and others' -> (Authors, True): 'others' means the list is incomplete."""
    authors, et_al = [], False
    for name in _names(value):
        if name.strip().lower() == "others":
            et_al = True
            continue
        author = _author(name)
        if author.display:
            authors.append(author)
    return tuple(authors), et_al


# where BibTeX splits a list of names: 'and' (any case) between whitespace, outside braces
_AND = re.compile(r"[ \t\r\n]+[aA][nN][dD][ \t\r\n]+")
# names with no backslash outside braces, and groups in braces nested at most twice, in which a backslash is never
# followed by a brace: where the depth before any character is the braces counted before it
_PLAIN_GROUPS = re.compile(r"(?:[^{}\\]|\{(?:[^{}\\]|\\[^{}]|\{(?:[^{}\\]|\\[^{}])*\})*\})*")


def _names(value: str) -> list[str]:
    """bibtexparser's split_multiple_persons_names(value), found with regexes instead of a loop over each character.

    That loop splits at whitespace, 'and', whitespace outside braces; a group in braces ends a word as other
    letters would. In names whose braces `_PLAIN_GROUPS` reads, those are the regex's cuts that have no more
    '{' than '}' before them. Other names (a backslash outside braces, which the loop skips with the character
    after it, keeping its state; braces that do not balance): the loop itself."""
    names = value.strip(" \r\n\t")
    if not names:
        return []
    cuts = list(_AND.finditer(names))
    if not cuts:
        if "\\" in names and not _PLAIN_GROUPS.fullmatch(names):
            return split_multiple_persons_names(value)
        return [names]
    if "{" in names or "}" in names or "\\" in names:
        if not _PLAIN_GROUPS.fullmatch(names):
            return split_multiple_persons_names(value)
        cuts = [cut for cut in cuts if names.count("{", 0, cut.start()) == names.count("}", 0, cut.start())]
    result, start = [], 0
    for cut in cuts:
        result.append(names[start:cut.start()])
        start = cut.end()
    result.append(names[start:])
    return result


@lru_cache(maxsize=None)
def _author(name: str) -> Author:
    """One name split and decoded; cached, since the same people write many papers."""
    parts = parse_single_name_into_parts(name, strict=False)
    return Author(*(tex_plain(" ".join(getattr(parts, attr))) for attr in ("first", "von", "last", "jr")))


def read_papers(path: Path, shown: str, memo: Memo | None = None) -> tuple[list[PaperEntry], list[SiteError]]:
    """The papers of the proceedings' BibTeX file; every unusable entry is a problem naming its line."""
    found, errors = read_papers_file(path, shown, memo)
    return found.papers, errors


def read_papers_file(path: Path, shown: str, memo: Memo | None = None) -> tuple[PapersFile, list[SiteError]]:
    """The proceedings' BibTeX file: its papers and its volume (an empty file when there is none)."""
    if not path.exists():
        return PapersFile([]), []
    text, error = read_text(path, shown)
    if error:
        return PapersFile([]), [error]
    return papers_file_from_text(text, shown, memo)


def papers_from_text(text: str, shown: str, memo: Memo | None = None
                     ) -> tuple[list[PaperEntry], list[SiteError]]:
    """The papers in BibTeX text (see papers_file_from_text)."""
    found, errors = papers_file_from_text(text, shown, memo)
    return found.papers, errors


def papers_file_from_text(text: str, shown: str, memo: Memo | None = None) -> tuple[PapersFile, list[SiteError]]:
    """The papers and the volume in BibTeX text. Entries that others crossref and volume entries are not papers.

    With a `memo` (the preview's), an entry read as the same BibEntry as last build (bibtex.parse_bibtex) and in the
    same volume gives the same PaperEntry, without decoding it again."""
    parsed = parse_bibtex(text, shown, memo)
    errors, papers = list(parsed.errors), []
    volumes = [entry for entry in parsed.entries if entry.entry_type in ("proceedings", "mvproceedings")
               or entry.key.lower() in parsed.crossref_targets and entry.entry_type in VOLUME_TYPES]
    own = volumes[0] if len(volumes) == 1 else None
    for entry in parsed.entries:
        if entry.key.lower() in parsed.crossref_targets or entry.entry_type in ("proceedings", "mvproceedings"):
            continue
        if own is not None and entry.crossref is None and entry.entry_type in IN_VOLUME_TYPES \
                and "booktitle" not in entry.fields:
            entry = remembered(memo, "bib in the volume", (id(entry), id(own)), lambda: inherit(entry, own),
                               (entry, own))
        paper, found = remembered(memo, "paper entry", (shown, id(entry)), lambda: _decoded(entry, shown), entry)
        errors.extend(found)
        if paper is not None:
            papers.append(paper)
    volume = None
    if own is not None:
        volume = remembered(memo, "volume", (shown, id(own)), lambda: _volume(own), own)
    return PapersFile(papers, volume), errors


def _decoded(entry: BibEntry, shown: str) -> tuple[PaperEntry | None, tuple]:
    found: list = []
    return _paper(entry, shown, found), tuple(found)


def _paper(entry: BibEntry, shown: str, errors: list) -> PaperEntry | None:
    fields = entry.fields
    written = _unescaped(fields.get("title", ""))
    title = tex_plain(written)
    authors, et_al = split_authors(fields.get("author", ""))
    # (an edited book without authors lists its editors; a paper's editors are its volume's, never its authors)
    edited = not authors and entry.entry_type not in IN_VOLUME_TYPES and fields.get("editor", "").strip() != ""
    if edited:
        authors, et_al = split_authors(fields["editor"])
    if not title:
        errors.append(warning(shown, entry.field_lines.get("title", entry.line),
                              f"the entry '{entry.key}' has no title; it is left out of the proceedings",
                              _missing_hint(fields, "title", "add title = {...}")))
    if not authors:
        errors.append(warning(shown, entry.field_lines.get("author", entry.line),
                              f"the entry '{entry.key}' has no author; it is left out of the proceedings",
                              _missing_hint(fields, "author", "add author = {Last, First and Last, First} (or "
                                                              "editor = {...} for an edited book)")))
    if not title or not authors:
        return None
    title_html = _html(entry, shown, "title", written, False, errors)
    parts = paragraphs(_unescaped(fields.get("abstract", "")))
    abstract = tuple(text for text in map(tex_plain, parts) if text)
    abstract_html = tuple(_html(entry, shown, "abstract", part, True, errors) for part in parts if tex_plain(part))
    exported = {name: value for name, value in fields.items() if name in CITATION_FIELDS}
    return PaperEntry(entry.key, entry.entry_type, entry.line, title, authors, et_al, edited, fields, entry.raw,
                      format_entry(entry.entry_type, entry.key, exported), title_html, abstract, abstract_html)


def _html(entry: BibEntry, shown: str, name: str, value: str, display: bool, errors: list) -> Markup:
    """A title or an abstract paragraph as a page shows it; each formula that cannot be typeset is a warning at the
    field's line (the page shows it as written)."""
    markup, problems = tex_html(value, display_math=display)
    for problem in problems:
        errors.append(warning(shown, entry.field_lines.get(name, entry.line), f"{name}: {problem.message}",
                              problem.hint))
    return markup


def _unescaped(value: str) -> str:
    """HTML's character references read as the characters they stand for: PMLR's abstracts are written for its HTML
    pages ('AIIMS &amp; NEET'); TeX has no such references, so '&name;' is never TeX."""
    return html.unescape(value) if "&" in value and ";" in value else value


def _missing_hint(fields: dict, name: str, hint: str) -> str:
    """The hint for a missing field: the field the entry may have misspelled, else `hint`."""
    close = difflib.get_close_matches(name, [field for field in fields if field != name], n=1, cutoff=0.8)
    return f"'{close[0]}' may be meant as '{name}'; {hint}" if close else hint


def _volume(entry: BibEntry) -> PaperEntry:
    """A volume's record: its title (or PMLR's booktitle), its editors as authors, its own exported entry."""
    fields = entry.fields
    written = fields.get("title") or fields.get("booktitle") or ""
    authors, et_al = split_authors(fields.get("editor", "") or fields.get("author", ""))
    exported = {name: value for name, value in fields.items() if name in VOLUME_FIELDS}
    return PaperEntry(entry.key, entry.entry_type, entry.line, tex_plain(written), authors, et_al, True, fields,
                      entry.raw, format_entry(entry.entry_type, entry.key, exported), tex_html(written)[0])
