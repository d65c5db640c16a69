"""BibTeX as BibTeX means it: @string and month macros, '#' concatenation, crossref, located errors.

bibtexparser (v2) splits the file into blocks and remembers where each starts; this module gives the
blocks their meaning. It runs no bibtexparser middleware: macros are expanded here, once per macro,
so that '"10~" # jan' and chains of @string work, and LaTeX is left as written for the caller.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model as bib

from confsite.errors import SiteError

# bibtexparser logs a warning for every block it cannot parse; confsite reports them itself, located.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTHS = {name[:3]: name for name in ("January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December")}
MONTHS = {key.lower(): value for key, value in MONTHS.items()}

# Fields whose repetition with two different values is a real ambiguity (others keep their first value).
SHOWN_FIELDS = {"title", "author", "booktitle", "journal", "year", "month", "abstract", "doi", "pdf", "url", "pages"}

# Text outside any entry that looks like 'name = {value}': an entry whose '@type{key,' line is missing.
_ORPHAN_FIELD = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[{\"0-9A-Za-z]", re.MULTILINE)


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


@dataclass
class BibFile:
    """What one .bib file holds: entries in file order, and the keys other entries crossref."""

    entries: list[BibEntry] = field(default_factory=list)
    crossref_targets: set = field(default_factory=set)  # lower-case keys
    errors: list[SiteError] = field(default_factory=list)


def parse_bibtex(text: str, shown: str) -> BibFile:
    """Parse BibTeX text; every problem becomes a SiteError at `shown:line`, and nothing raises."""
    result = BibFile()
    library = bibtexparser.parse_string(text, parse_stack=[])
    strings: dict[str, tuple[str, int]] = {}  # lower-case name -> (raw value, line)
    written: list[tuple[bib.Entry, list]] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
            block = block.ignore_error_block
        if isinstance(block, bib.String):
            _define(strings, block, line, shown, result.errors)
        elif isinstance(block, bib.Entry):
            written.append((block, []))
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            written.append((block.ignore_error_block, sorted(block.duplicate_keys)))
        elif isinstance(block, bib.ParsingFailedBlock):
            result.errors.append(_failed(block, line, shown))
        elif isinstance(block, bib.ImplicitComment):
            orphan = _ORPHAN_FIELD.search(block.comment)
            if orphan and "}" in block.comment:
                at = line + block.comment.count("\n", 0, orphan.start()) + (1 if block.comment.startswith("\n") else 0)
                result.errors.append(SiteError(
                    shown, at, "these lines look like the fields of an entry, but they belong to no entry",
                    "the entry above may end too early (check its quotes and braces), or this entry's first line "
                    "is missing: add '@article{key,' (or another type) above its fields"))
        # @preamble and @comment blocks carry nothing a site shows.
    expand = _Expander(strings)
    entries = _entries(written, expand, shown, result.errors)
    result.entries, result.crossref_targets = _fold_crossrefs(entries, shown, result.errors)
    return result


def _define(strings: dict, block: bib.String, line: int, shown: str, errors: list) -> None:
    name = block.key.lower()
    if name in strings and strings[name][0].strip() != block.value.strip():
        errors.append(SiteError(shown, line, f"the macro '{block.key}' is defined twice with different values",
                                f"the first definition is at line {strings[name][1]}; keep one, or rename one of them"))
        return
    strings.setdefault(name, (block.value, line))


def _failed(block: bib.ParsingFailedBlock, line: int, shown: str) -> SiteError:
    reason = str(getattr(block, "error", "") or "").strip().splitlines()
    detail = reason[-1] if reason else "the entry could not be read"
    if getattr(getattr(block, "error", None), "abort_reason", None):
        detail = block.error.abort_reason
    first = (block.raw or "").strip().splitlines()
    start = f" ('{first[0][:60]}')" if first else ""
    return SiteError(shown, line, f"malformed BibTeX entry{start}: {detail}",
                     "check the braces, quotes and the commas between the fields of this entry")


class _Expander:
    """Values as BibTeX reads them: {..} and ".." literals, numbers, macros, joined by '#'. Cached per macro."""

    def __init__(self, strings: dict):
        self.strings = strings
        self.expanded: dict[str, str] = {}
        self.active: set[str] = set()

    def value(self, raw) -> tuple[str, list]:
        """Expand one field value; also return the names of macros no @string defines (they read as '')."""
        if not isinstance(raw, str):
            return str(raw), []
        undefined: list[str] = []
        text = "".join(self._piece(piece, undefined) for piece in _split_concatenation(raw))
        return text, undefined

    def _piece(self, piece: str, undefined: list) -> str:
        if piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"' and len(piece) > 1:
            return piece[1:-1]
        if piece.isdigit() or not piece:
            return piece
        name = piece.lower()
        if name in self.expanded:
            return self.expanded[name]
        if name in self.strings and name not in self.active:
            self.active.add(name)
            try:
                value, missing = self.value(self.strings[name][0])
            finally:
                self.active.discard(name)
            undefined.extend(missing)
            self.expanded[name] = value
            return value
        if name in MONTHS:
            return MONTHS[name]
        undefined.append(piece)
        return ""


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


def _entries(written: list, expand: _Expander, shown: str, errors: list) -> list[BibEntry]:
    entries, first_line = [], {}
    for block, duplicates in sorted(written, key=lambda item: item[0].start_line or 0):
        line = (block.start_line or 0) + 1
        if block.key in first_line:
            errors.append(SiteError(shown, line, f"the key '{block.key}' is used by two entries",
                                    f"the other one is at line {first_line[block.key]}; give each entry its own key"))
            continue
        first_line[block.key] = line
        fields, lines, ok = {}, {}, True
        for item in block.fields:
            name = item.key.lower()
            item_line = (item.start_line or block.start_line or 0) + 1
            value, undefined = expand.value(item.value)
            for macro in undefined:  # as BibTeX does: a warning, and the macro reads as empty text
                errors.append(SiteError(shown, item_line, f"'{item.key}' uses the macro '{macro}', which no @string "
                                        "defines; it is left empty",
                                        f"define it with @string{{{macro} = {{...}}}} before this entry, "
                                        "or write the value in braces: {...}", warning=True))
            if name in fields:
                if name in SHOWN_FIELDS and value.strip() != fields[name].strip():
                    errors.append(SiteError(shown, item_line, f"the field '{item.key}' is given twice with different "
                                            f"values in the entry '{block.key}'",
                                            f"the first one is at line {lines[name]}; keep one of them"))
                    ok = False
                continue
            fields[name], lines[name] = value, item_line
        if ok:
            crossref = fields.get("crossref", "").strip() or None
            entries.append(BibEntry(block.key, block.entry_type.lower(), line, fields, lines, block.raw or "", crossref))
    return entries


def _fold_crossrefs(entries: list[BibEntry], shown: str, errors: list) -> tuple[list[BibEntry], set]:
    """Give each entry the fields of the entry it crossrefs (recursively) that it does not set itself."""
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
        fields, lines = dict(entry.fields), dict(entry.field_lines)
        for name, value in parent.fields.items():
            if name not in fields and name != "crossref":
                fields[name], lines[name] = value, parent.field_lines.get(name, parent.line)
        if "booktitle" not in fields and "title" in parent.fields and parent.entry_type in ("proceedings", "book",
                                                                                              "mvproceedings", "mvbook"):
            fields["booktitle"], lines["booktitle"] = parent.fields["title"], parent.field_lines.get("title", parent.line)
        result = BibEntry(entry.key, entry.entry_type, entry.line, fields, lines, entry.raw, entry.crossref)
        folded[entry.key] = result
        return result

    output = []
    for entry in entries:
        if entry.crossref is not None:
            parent = by_key.get(entry.crossref.lower())
            where = entry.field_lines.get("crossref", entry.line)
            if parent is None:
                errors.append(SiteError(shown, where, f"the entry '{entry.key}' has crossref = {{{entry.crossref}}}, "
                                        "but no entry has that key",
                                        "add the entry it refers to (e.g. the @proceedings), or remove the crossref"))
            elif _cycle(entry, by_key):
                errors.append(SiteError(shown, where, f"the crossref of '{entry.key}' leads back to itself",
                                        "a crossref must point to a different entry that has no crossref back"))
            else:
                targets.add(parent.key.lower())
        output.append(fold(entry, ()))
    return output, targets


def _cycle(entry: BibEntry, by_key: dict) -> bool:
    seen, current = set(), entry
    while current is not None and current.crossref is not None:
        if current.key.lower() in seen:
            return True
        seen.add(current.key.lower())
        current = by_key.get(current.crossref.lower())
    return False


def format_entry(entry_type: str, key: str, fields: dict) -> str:
    """One clean BibTeX entry: every value in braces (so no macro is needed to read it back)."""
    width = max((len(name) for name in fields), default=0)
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        lines.append(f"  {name.ljust(width)} = {{{_balanced(value)}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _balanced(value: str) -> str:
    """Values come from balanced BibTeX, but a quoted one may hold a lone brace: escape it to stay parseable."""
    if "}" not in value:
        return value if "{" not in value else value.replace("{", "\\{")
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            break
    if depth == 0:
        return value
    return value.replace("{", "\\{").replace("}", "\\}")
