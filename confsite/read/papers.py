"""data/papers.bib: the accepted papers, as located records with display text decoded from LaTeX.

Only what a page shows is decoded (title, names, venue, abstract...), once per distinct string: decoding
every field of every entry is what makes a 10,000-paper build slow.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from confsite.errors import SiteError
from confsite.memo import Memo, remembered
from confsite.read.bibtex import BibEntry, format_entry, parse_bibtex
from confsite.read.text import read_text

_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
_NEEDS_LATEX = re.compile(r"[\\{}~$]")
_WORD_END = re.compile(r"\S*")
# What a citation needs: the exported .bib leaves out abstracts, summaries, topics and private fields.
CITATION_FIELDS = {"author", "editor", "title", "booktitle", "journal", "year", "month", "volume", "number", "pages",
                   "publisher", "address", "organization", "series", "edition", "chapter", "school", "institution",
                   "howpublished", "type", "note", "doi", "url", "eprint", "archiveprefix", "primaryclass", "isbn",
                   "issn", "key", "language"}
_BARE_PERCENT = re.compile(r"(?<!\\)%")  # in BibTeX text '%' is a percent sign, not a LaTeX comment


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


@lru_cache(maxsize=None)
def latex_to_text(value: str) -> str:
    """LaTeX accents and commands to Unicode, protective braces dropped, spaces collapsed; cached per string.

    Only the words that hold LaTeX go through pylatexenc, each distinct word once: '{GPU}' or '$3\\times$'
    recur across thousands of titles and abstracts, and pylatexenc costs milliseconds per call. A word that
    opens braces or math runs on to the word that closes them, so each piece is LaTeX that can be read alone;
    the plain words between the pieces (most of an abstract) are copied as they are, found by one regex.
    """
    first = _NEEDS_LATEX.search(value)
    if first is None:  # (no backslash, so no '\\%' either)
        return _collapsed(value)
    out, start, depth, math, end = [], -1, 0, False, 0  # start: where an open piece began, or -1
    for special in _NEEDS_LATEX.finditer(value, first.start()):
        at = special.start()
        if at < end:  # in a word already taken
            continue
        before = value[end:at]
        begin = at - len(before.rsplit(None, 1)[-1]) if before and not before[-1].isspace() else at
        word = value[begin:_WORD_END.match(value, at).end()]
        if start < 0:
            out.append(value[end:begin])  # plain words, kept as written
            if "{" not in word and "}" not in word and "$" not in word:
                out.append(_decode_word(word))
                end = begin + len(word)
                continue
            start = begin
        end = begin + len(word)
        depth += word.count("{") - word.count("\\{") - word.count("}") + word.count("\\}")
        math ^= (word.count("$") - word.count("\\$")) % 2 == 1
        if depth <= 0 and not math:
            out.append(_decode_word(" ".join(value[start:end].split())))
            start, depth = -1, 0
    if start >= 0:  # braces or math left open: the rest is one piece
        out.append(_decode_word(" ".join(value[start:].split())))
    else:
        out.append(value[end:])
    if len(value) < 160:  # (a title: splitting it once is quicker than looking at each piece)
        return " ".join(" ".join(out).split())
    # the spaces collapsed piece by piece: " ".join(" ".join(out).split()), without splitting the plain pieces
    return " ".join([text for text in map(_collapsed, out) if text])


def _collapsed(text: str) -> str:
    """' '.join(text.split()): the text's words, one space between them; text with nothing to collapse is returned
    as it is, without splitting it into words (a tenth of the decoding of an abstract). (Every whitespace character
    but the space is unprintable for str.isprintable.)"""
    text = text.strip()
    if "  " not in text and text.isprintable():
        return text
    return " ".join(text.split())


@lru_cache(maxsize=None)
def _decode_word(word: str) -> str:
    try:
        return _LATEX.latex_to_text(_BARE_PERCENT.sub(r"\\%", word))
    except Exception:  # pylatexenc gives up on some malformed LaTeX: show the text as written, minus braces
        return word.replace("{", "").replace("}", "")


def paragraphs(value: str) -> tuple[str, ...]:
    """Long text (an abstract) as decoded paragraphs, split at blank lines."""
    if "\n" not in value:  # (most abstracts: one paragraph)
        text = latex_to_text(value)
        return (text,) if text else ()
    return tuple(text for text in (latex_to_text(part) for part in re.split(r"\n\s*\n", value)) if text)


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
    return Author(*(latex_to_text(" ".join(getattr(parts, attr))) for attr in ("first", "von", "last", "jr")))


def read_papers(path: Path, shown: str, memo: Memo | None = None) -> tuple[list[PaperEntry], list[SiteError]]:
    """Read the proceedings' BibTeX file; every unusable entry is an error naming its line."""
    if not path.exists():
        return [], []
    text, error = read_text(path, shown)
    if error:
        return [], [error]
    return papers_from_text(text, shown, memo)


def papers_from_text(text: str, shown: str, memo: Memo | None = None
                     ) -> tuple[list[PaperEntry], list[SiteError]]:
    """The papers in BibTeX text. Entries that others crossref (a @proceedings) are venues, not papers.

    With a `memo` (the preview's), an entry read as the same BibEntry as last build (bibtex.parse_bibtex) gives the
    same PaperEntry, without decoding it again."""
    parsed = parse_bibtex(text, shown, memo)
    errors, papers = list(parsed.errors), []
    for entry in parsed.entries:
        if entry.key.lower() in parsed.crossref_targets:
            continue
        paper, found = remembered(memo, "paper entry", (shown, id(entry)), lambda: _decoded(entry, shown), entry)
        errors.extend(found)
        if paper is not None:
            papers.append(paper)
    return papers, errors


def _decoded(entry: BibEntry, shown: str) -> tuple[PaperEntry | None, tuple]:
    found: list = []
    return _paper(entry, shown, found), tuple(found)


def _paper(entry: BibEntry, shown: str, errors: list) -> PaperEntry | None:
    title = latex_to_text(entry.fields.get("title", ""))
    authors, et_al = split_authors(entry.fields.get("author", ""))
    edited = not authors and entry.fields.get("editor", "").strip() != ""
    if edited:
        authors, et_al = split_authors(entry.fields["editor"])
    if not title:
        errors.append(SiteError(shown, entry.field_lines.get("title", entry.line), f"the entry '{entry.key}' has no title",
                                "add title = {...}"))
    if not authors:
        errors.append(SiteError(shown, entry.field_lines.get("author", entry.line),
                                f"the entry '{entry.key}' has no author",
                                "add author = {Last, First and Last, First} (or editor = {...} for an edited volume)"))
    if not title or not authors:
        return None
    exported = {name: value for name, value in entry.fields.items() if name in CITATION_FIELDS}
    return PaperEntry(entry.key, entry.entry_type, entry.line, title, authors, et_al, edited, entry.fields, entry.raw,
                      format_entry(entry.entry_type, entry.key, exported))
