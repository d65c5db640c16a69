"""BibTeX as BibTeX means it: the file cut into pieces, each parsed once by its text, then given its meaning.

A piece starts at each line that starts a block as bibtexparser sees one ('@name{' or '@name('; any other '@' is
text of a comment or a value). A piece parsed alone gives what parsing the whole file gives there, its lines
counted from its start: bibtexparser ends any block still open at such a line (an error), and starts the next block
there, whatever came before. Only a piece with a block that could not be read depends on what follows it: that
block ends at the next piece's '@name', which its error names, so it is parsed together with the next piece.
Outside entries, '%' starts a comment to the end of the line, as biber, JabRef and Zotero read it: a piece with an
'@name{' in such a comment is parsed again with that '@' blanked out (`_parsed_alone`).

So the preview remembers each piece's parse by its text alone (confsite.memo), and an entry that only moved is the
same parsed block, its file line added afterwards. Pieces not known yet (all of them, in a plain build) are joined and
parsed in one bibtexparser call, as the whole file: one call costs less than many. bibtex_values.py gives the
entries their values; no bibtexparser middleware runs, and LaTeX is left as written for the caller.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model as bib

from confsite.errors import SiteError
from confsite.memo import Memo, remembered
from confsite.read.bibtex_values import BibEntry, Macros, expand, fold_crossrefs, names_in

__all__ = ["BibEntry", "BibFile", "format_entry", "parse_bibtex"]

# bibtexparser logs a warning for every block it cannot parse; confsite reports them itself, located.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# Where a piece starts: after a newline, a block start as bibtexparser's splitter matches one (`_pieces` skips a
# newline after a backslash, which bibtexparser does not count as a line: each piece then ends on a line of its own;
# a look-behind in the pattern would make it try every character, 0.37 s instead of 14 ms on 17 MB).
_PIECE_START = re.compile(r"\n(?=@\w*[ \t]*[{(])")
# What an unfinished block before a piece runs into: its block start without the bracket.
_HEAD = re.compile(r"@\w*[ \t]*")

# Text outside any entry that looks like 'name = {value}': an entry whose '@type{key,' line is missing.
_ORPHAN_FIELD = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[{\"0-9A-Za-z]", re.MULTILINE)


@dataclass
class BibFile:
    """What one .bib file holds: entries in file order, and the keys other entries crossref."""

    entries: list[BibEntry] = field(default_factory=list)
    crossref_targets: set = field(default_factory=set)  # lower-case keys
    errors: list[SiteError] = field(default_factory=list)


@dataclass(eq=False)
class _Piece:
    """What bibtexparser made of one piece: its blocks, their lines counted in the text it read from `shift` on."""

    blocks: list | None = None  # None: not parsed yet
    names: list = field(default_factory=list)  # for each block, the macros an entry's values name (bibtex_values)
    shift: int = 0
    lines: int = 0  # the newlines in the piece
    failed: bool = False  # some block could not be read: where it ends depends on the piece after it
    follows: str | None = None  # then, the '@name' of the piece it was parsed before (None: the end of the text)


def parse_bibtex(text: str, shown: str, memo: Memo | None = None) -> BibFile:
    """Parse BibTeX text; every problem becomes a SiteError at `shown:line`, and nothing raises.

    With a `memo` (the preview's), each piece's parse, each entry's expansion and folding are remembered by their
    inputs: an entry whose text, macros and crossref parent did not change is the same BibEntry as last build."""
    result = BibFile()
    strings: dict[str, tuple[str, int]] = {}  # lower-case name -> (raw value, line)
    written: list[tuple] = []  # (entry, the names it uses, its piece's shift, the file line before its piece)
    for offset, piece in _pieces(text, memo):
        for block, names in zip(piece.blocks, piece.names):
            if type(block) is bib.Entry:  # (most blocks: the quickest test first)
                written.append((block, names, piece.shift, offset))
                continue
            line = (block.start_line or 0) - piece.shift + 1 + offset
            if isinstance(block, bib.String):
                _define(strings, block, line, shown, result.errors)
            elif isinstance(block, bib.Entry):
                written.append((block, names, piece.shift, offset))
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
    entries = _entries(written, Macros(strings), shown, result.errors, memo)
    result.entries, result.crossref_targets = fold_crossrefs(entries, shown, result.errors, memo)
    return result


def _pieces(text: str, memo: Memo | None) -> list[tuple[int, _Piece]]:
    """The text's pieces as (the file line before the piece, its parse), each parse remembered by the piece's text;
    the pieces not parsed yet are parsed together, in one call."""
    starts = [0, *(match.end() for match in _PIECE_START.finditer(text)
                   if text[match.start() - 1:match.start()] != "\\")]
    texts = [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])]
    pieces = [remembered(memo, "bib block", chunk, _Piece) for chunk in texts]
    new = {id(piece): (chunk, piece) for chunk, piece in zip(texts, pieces) if piece.blocks is None}
    if new:
        _parse_together(list(new.values()))
    result, line = [], 0
    for index, (chunk, piece) in enumerate(zip(texts, pieces)):
        if piece.failed:
            after = texts[index + 1] if index + 1 < len(texts) else None
            head = _HEAD.match(after).group() if after is not None else None
            if piece.follows != head:  # parsed before another piece: its unfinished block ends at this one instead
                piece = remembered(memo, "bib block before", (chunk, head), lambda: _parsed_before(chunk, after))
        result.append((line, piece))
        line += piece.lines
    return result


def _parse_together(new: list[tuple[str, _Piece]]) -> None:
    """Parse the pieces' texts joined, in file order, and give each piece the blocks that start in it."""
    starts, line = [], 0
    for chunk, _ in new:
        starts.append(line)
        line += _counted_lines(chunk)
    parsed = _parsed("".join(chunk for chunk, _ in new))
    index, last, blocks = 0, len(new) - 1, [[] for _ in new]
    for block in parsed:
        at = block.start_line or 0
        while index < last and starts[index + 1] <= at:
            index += 1
        blocks[index].append(block)
    for index, (chunk, piece) in enumerate(new):
        piece.blocks, piece.shift, piece.lines = blocks[index], starts[index], chunk.count("\n")
        if "%" in chunk and _commented_start(chunk, piece.blocks) is not None:
            piece.blocks, piece.shift = _parsed_alone(chunk), 0  # (at the end of the text it was parsed in)
        elif index < last:
            piece.follows = _HEAD.match(new[index + 1][0]).group()
        piece.names = [names_in(block) if isinstance(block, bib.Entry) else () for block in piece.blocks]
        piece.failed = any(isinstance(block, bib.ParsingFailedBlock) for block in piece.blocks)
        if not piece.failed:
            piece.follows = None


def _counted_lines(text: str) -> int:
    """The newlines in `text` as bibtexparser counts lines: not one after a backslash (which its splitter reads as
    escaped). Within a piece, lines are bibtexparser's; where a piece starts is the file's line."""
    return text.count("\n") - text.count("\\\n")


def _parsed_before(text: str, after: str | None) -> _Piece:
    """A piece with a block that could not be read, parsed with the piece `after` it (None: it ends the file)."""
    blocks = _parsed_alone(text, after)
    names = [names_in(block) if isinstance(block, bib.Entry) else () for block in blocks]
    return _Piece(blocks, names, 0, text.count("\n"), True)


def _parsed_alone(text: str, after: str | None = None) -> list:
    """The blocks of one piece (followed by the piece `after` it), with '%' comments outside entries read as
    comments: an '@' in one starts nothing, as biber, JabRef and Zotero read them (bibtexparser starts a block at
    any '@name{' outside entries). Each such '@' is blanked out, and the piece parsed again from there."""
    counted = _counted_lines(text)
    while True:
        blocks = _parsed(text if after is None else text + after)
        if after is not None:
            blocks = [block for block in blocks if (block.start_line or 0) < counted]
        at = _commented_start(text, blocks) if "%" in text else None
        if at is None:
            return blocks
        text = text[:at] + " " + text[at + 1:]


def _commented_start(text: str, blocks: list) -> int | None:
    """Where the first block of `text` that starts in a '%' comment outside entries starts (None: none does); the
    blocks' texts are found one after the other (outside entries, each '@name{' starts a block: the first found
    after the last block is the next)."""
    end = 0  # where the text outside the blocks found so far starts
    for block in blocks:
        raw = block.raw or ""
        if isinstance(block, bib.ImplicitComment) or not raw:
            continue
        at = text.find(raw.split("\n", 1)[0], end)  # (a block cut short may end in the next piece: its first line)
        if at < 0:
            return None
        if "%" in text[max(text.rfind("\n", 0, at) + 1, end):at]:
            return at
        end = at + len(raw)
    return None


def _parsed(text: str) -> list:
    """bibtexparser's blocks of `text`; an entry given twice, or with a field given twice, as it is written (the
    reader reports those itself, knowing the whole file)."""
    blocks = []
    for block in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
            block = block.ignore_error_block
        if isinstance(block, bib.DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        blocks.append(block)
    return blocks


def _entries(written: list, macros: Macros, shown: str, errors: list, memo: Memo | None) -> list[BibEntry]:
    """The entries with their values expanded, in file order; an entry whose key was used before is an error."""
    entries, first_line = [], {}
    for block, names, shift, offset in written:
        line = (block.start_line or 0) - shift + 1 + offset
        if block.key in first_line:
            errors.append(SiteError(shown, line, f"the key '{block.key}' is used by two entries",
                                    f"the other one is at line {first_line[block.key]}; give each entry its own key"))
            continue
        first_line[block.key] = line
        # (read in file order: a macro's own problems are reported at its first use)
        readings = tuple(map(macros.name, names)) if names else ()
        expanded, entry = remembered(memo, "bib entry", (id(block), readings, offset),
                                     lambda: _located(memo, block, shift, readings, offset), block)
        if expanded.problems:
            errors.extend(expanded.errors(shown, offset))
        if entry is not None:
            entries.append(entry)
    return entries


def _located(memo: Memo | None, block: bib.Entry, shift: int, readings: tuple, offset: int):
    """(the entry's expansion, the entry where its piece starts after file line `offset`, or None when a field is
    given twice with different values); an entry that only moved keeps its expansion."""
    expanded = remembered(memo, "bib expanded", (id(block), readings), lambda: expand(block, shift, readings),
                          block)
    return expanded, expanded.at(offset) if expanded.ok else None


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
    rest = value  # balanced when taking out innermost {...} pairs again and again leaves no brace
    while True:
        inner = _INNERMOST_BRACES.sub("", rest)
        if inner == rest:
            break
        rest = inner
    if "{" not in rest and "}" not in rest:
        return value
    return value.replace("{", "\\{").replace("}", "\\}")


_INNERMOST_BRACES = re.compile(r"\{[^{}]*\}")
