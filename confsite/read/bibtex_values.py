"""What a BibTeX entry's values mean: @string and month macros, '#' concatenation, crossref inheritance.

bibtex.py cuts the file into blocks and parses them; this module gives the entries their values. Each step is a
function of what it is given, so that the preview can remember it by those inputs (confsite.memo): an entry's
expansion by its parsed block and the values of the macros it names, its folding by the entry and its crossref
parent's folded entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bibtexparser import model as bib

from confsite.errors import SiteError
from confsite.memo import remembered

MONTHS = {name[:3].lower(): name for name in ("January", "February", "March", "April", "May", "June", "July",
                                               "August", "September", "October", "November", "December")}

# Fields whose repetition with two different values is a real ambiguity (others keep their first value).
SHOWN_FIELDS = {"title", "author", "booktitle", "journal", "year", "month", "abstract", "doi", "pdf", "url", "pages"}


@dataclass(frozen=True)
class BibEntry:
    """One entry with its values expanded (macros, concatenation, crossref); LaTeX is left as written."""

    key: str
    entry_type: str  # lower case: article, inproceedings, ...
    line: int  # the file line of '@type{key,'
    fields: dict  # lower-case field name -> expanded value, in the order written, then inherited ones
    field_lines: dict  # lower-case field name -> file line (inherited fields: the parent's line)
    raw: str  # the entry exactly as written
    crossref: str | None = None  # the parent's key, when this entry inherits from one


def expanded_value(raw, name: Callable[[str], tuple[str, tuple]]) -> tuple[str, list]:
    """A field value as BibTeX reads it: {..} and ".." literals, numbers, and names, joined by '#'; `name(piece)`
    gives a name's value and the macros no @string defines that reading it found. Also returns those macros."""
    if not isinstance(raw, str):
        return str(raw), []
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:  # most values: one literal in braces
        return raw[1:-1], []
    undefined: list[str] = []
    parts = []
    for piece in _split_concatenation(raw):
        if _literal(piece):
            parts.append(piece[1:-1])
        elif piece.isdigit() or not piece:
            parts.append(piece)
        else:
            value, missing = name(piece)
            undefined.extend(missing)
            parts.append(value)
    return "".join(parts), undefined


def _literal(piece: str) -> bool:
    return piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"' and len(piece) > 1


def names_in(block: bib.Entry) -> tuple[str, ...]:
    """The names (macros and months) the entry's values use, as written, in the order `expanded_value` reads them."""
    names: list[str] = []
    for item in block.fields:
        expanded_value(item.value, lambda piece: names.append(piece) or ("", ()))
    return tuple(names)


class Macros:
    """The file's @string macros, expanded as the entries name them, in file order: each macro once, and a macro
    that names one no @string defines is reported at the first field that uses it (as BibTeX reports it)."""

    def __init__(self, strings: dict):
        self.strings = strings  # lower-case name -> (raw value, line)
        self.expanded: dict[str, str] = {}
        self.active: set[str] = set()

    def value(self, raw) -> tuple[str, list]:
        """Expand one value; also return the names of macros no @string defines (they read as '')."""
        return expanded_value(raw, self.name)

    def name(self, piece: str) -> tuple[str, tuple]:
        """What one name reads as, and the undefined macros this reading of it reports."""
        name = piece.lower()
        if name in self.expanded:
            return self.expanded[name], ()
        if name in self.strings and name not in self.active:
            self.active.add(name)
            try:
                value, missing = self.value(self.strings[name][0])
            finally:
                self.active.discard(name)
            self.expanded[name] = value
            return value, tuple(missing)
        if name in MONTHS:
            return MONTHS[name], ()
        return "", (piece,)


def _split_concatenation(raw: str) -> list[str]:
    """'"10~" # jan' -> ['"10~"', 'jan']: split at '#' outside braces and quotes."""
    if "#" not in raw:
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index].strip())
            start = index + 1
    pieces.append(raw[start:].strip())
    return pieces


@dataclass(frozen=True, eq=False)
class Expanded:
    """An entry's fields with the macros expanded; lines count from the start of its block's piece of the file."""

    key: str
    entry_type: str
    raw: str
    line: int  # of '@type{key,'
    fields: dict
    lines: dict
    problems: tuple  # (line, message, hint, warning, the line the hint names or None)
    ok: bool  # no shown field is given twice with different values

    def at(self, offset: int) -> BibEntry:
        """The entry where its piece starts at file line `offset` + 1."""
        crossref = self.fields.get("crossref", "").strip() or None
        return BibEntry(self.key, self.entry_type, self.line + offset, self.fields,
                        {name: at + offset for name, at in self.lines.items()}, self.raw, crossref)

    def errors(self, shown: str, offset: int) -> list[SiteError]:
        """The problems as errors at their file lines."""
        return [SiteError(shown, at + offset, message,
                          hint if named is None else hint.replace("{} ", str(named + offset)), warning=warning)
                for at, message, hint, warning, named in self.problems]


def expand(block: bib.Entry, shift: int, readings: tuple) -> Expanded:
    """The entry with its values expanded, its names read as `readings` say (Macros.name of each of `names_in`);
    `shift` is the line where its piece started in the text bibtexparser read."""
    fields, lines, problems, ok = {}, {}, [], True
    replay = iter(readings).__next__
    first = (block.start_line or 0) - shift + 1
    for item in block.fields:
        name = item.key.lower()
        item_line = item.start_line - shift + 1 if item.start_line else first
        value, undefined = expanded_value(item.value, lambda piece: replay())
        for macro in undefined:  # as BibTeX does: a warning, and the macro reads as empty text
            problems.append((item_line, f"'{item.key}' uses the macro '{macro}', which no @string defines; it is "
                             "left empty", f"define it with @string{{{macro} = {{...}}}} before this entry, "
                             "or write the value in braces: {...}", True, None))
        if name in fields:
            if name in SHOWN_FIELDS and value.strip() != fields[name].strip():
                problems.append((item_line, f"the field '{item.key}' is given twice with different values in the "
                                 f"entry '{block.key}'", "the first one is at line {} ; keep one of them", False,
                                 lines[name]))
                ok = False
            continue
        fields[name], lines[name] = value, item_line
    return Expanded(block.key, block.entry_type.lower(), block.raw or "", first, fields, lines, tuple(problems), ok)


def fold_crossrefs(entries: list[BibEntry], shown: str, errors: list, memo=None) -> tuple[list[BibEntry], set]:
    """Give each entry the fields of the entry it crossrefs (recursively) that it does not set itself; also return
    the lower-case keys that entries crossref. An entry folded with the same parent is remembered in `memo`."""
    by_key = {entry.key.lower(): entry for entry in entries}
    targets, folded = set(), {}

    def fold(entry: BibEntry, seen: tuple) -> BibEntry:
        if entry.key in folded:
            return folded[entry.key]
        if entry.crossref is None:
            return entry
        parent = by_key.get(entry.crossref.lower())
        if parent is None or parent.key.lower() in seen:
            return entry  # reported below; keep what the entry says itself
        parent = fold(parent, seen + (entry.key.lower(),))
        result = folded[entry.key] = remembered(memo, "bib folded", (id(entry), id(parent)),
                                                lambda: inherit(entry, parent), (entry, parent))
        return result

    output = []
    for entry in entries:
        if entry.crossref is None:  # (most entries)
            output.append(entry)
            continue
        parent = by_key.get(entry.crossref.lower())
        where = entry.field_lines.get("crossref", entry.line)
        if parent is None:  # (dblp entries are often copied one by one, without their volume: they still read)
            errors.append(SiteError(shown, where, f"the entry '{entry.key}' has crossref = {{{entry.crossref}}}, "
                                    "but no entry has that key; it is shown with its own fields only",
                                    "add the entry it refers to (the @proceedings of its volume: dblp links it from "
                                    "the entry's page), or remove the crossref", warning=True))
        elif _cycle(entry, by_key):
            errors.append(SiteError(shown, where, f"the crossref of '{entry.key}' leads back to itself",
                                    "a crossref must point to a different entry that has no crossref back"))
        else:
            targets.add(parent.key.lower())
        output.append(fold(entry, ()))
    return output, targets


# A volume's entry types: a paper that crossrefs one of these appears in it (its title is the paper's booktitle).
VOLUME_TYPES = frozenset({"proceedings", "mvproceedings", "book", "mvbook", "collection", "mvcollection"})
# What a paper never takes from its volume: what names, identifies or links one work (a volume's DOI is not its
# papers' DOI), and the bookkeeping of the volume's own record.
OWN_FIELDS = frozenset({"title", "author", "crossref", "doi", "url", "ee", "pdf", "abstract", "keywords", "file",
                        "urldate", "eprint", "eprinttype", "archiveprefix", "primaryclass", "openreview", "software",
                        "code", "video", "slides", "poster", "supplementary", "section", "pages", "biburl",
                        "bibsource", "timestamp", "ids", "shorttitle", "subtitle", "titleaddon", "note"})


def inherit(entry: BibEntry, parent: BibEntry) -> BibEntry:
    """`entry` with the fields of its (folded) volume `parent` that it does not set, but for the fields of a work of
    its own (OWN_FIELDS); a volume's title becomes its booktitle."""
    fields, lines = dict(entry.fields), dict(entry.field_lines)
    for name, value in parent.fields.items():
        if name not in fields and name not in OWN_FIELDS:
            fields[name], lines[name] = value, parent.field_lines.get(name, parent.line)
    if "booktitle" not in fields and "title" in parent.fields and parent.entry_type in VOLUME_TYPES:
        fields["booktitle"], lines["booktitle"] = parent.fields["title"], parent.field_lines.get("title", parent.line)
    return BibEntry(entry.key, entry.entry_type, entry.line, fields, lines, entry.raw, entry.crossref)


def _cycle(entry: BibEntry, by_key: dict) -> bool:
    seen, current = set(), entry
    while current is not None and current.crossref is not None:
        if current.key.lower() in seen:
            return True
        seen.add(current.key.lower())
        current = by_key.get(current.crossref.lower())
    return False
