"""BibTeX as BibTeX means it: @string and month macros, '#' concatenation, crossref, located errors.

bibtexparser (v2) splits the file into blocks and remembers where each starts; this module gives the
blocks their meaning. It runs no bibtexparser middleware: macros are expanded here, once per macro,
so that '"10~" # jan' and chains of @string work, and LaTeX is left as written for the caller.
"""
from __future__ import annotations

import bisect
import logging
import marshal
import os
import re
import signal
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model as bib

from confsite.bulk import forkable
from confsite.errors import SiteError
from confsite.memo import Recent

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


def parse_bibtex(text: str, shown: str, memo: BibMemo | None = None) -> BibFile:
    """Parse BibTeX text; every problem becomes a SiteError at `shown:line`, and nothing raises.

    With a `memo` (the preview's), the text is cut before each line that starts a block and each piece is
    parsed alone, once per distinct text (its lines counted from its start and moved to where it now is);
    expanding macros and folding crossrefs is redone only for what changed. A piece that does not parse
    alone (an '@' line inside a value, a broken entry) and all the text after it are parsed in one go,
    which is what parsing the whole file does from there on. Without one, a large text is parsed in two pieces
    at once where it can be (`_pieces`).
    """
    result = BibFile()
    pieces = _pieces(text) if memo is None else memo.pieces_of(text)
    if memo is not None:
        memo.last = None
    strings: dict[str, tuple[str, int]] = {}  # lower-case name -> (raw value, line)
    written: list[tuple[int, _Piece, int]] = []  # (first line of the piece, piece, index of the entry in it)
    for offset, piece in pieces:
        for index, (block, duplicates) in enumerate(piece.blocks):
            line = (block.start_line or 0) + 1 + offset
            if isinstance(block, bib.String):
                _define(strings, block, line, shown, result.errors)
            elif isinstance(block, bib.Entry):
                written.append((offset, piece, index))
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
    macros = {name: value for name, (value, _) in strings.items()}
    entries = _entries(written, expand, macros, shown, result.errors)
    by_key = {entry.key.lower(): entry for entry in entries}
    result.entries, result.crossref_targets = _fold_crossrefs(entries, shown, result.errors,
                                                              memo.folded if memo is not None else None, by_key)
    if memo is not None and not result.errors and not memo.incomplete:
        parts = [piece for _, piece in pieces]
        memo.last = _LastParse(shown, text, memo.starts, [line for line, _ in pieces], parts,
                               _first_entries(parts, 0), strings, macros, by_key, result)
    return result


@dataclass(eq=False)
class _LastParse:
    """The preview's last parse of a file without errors, piece by piece: what `BibMemo.edited` starts from."""

    shown: str
    text: str
    starts: list  # where each piece starts in `text`
    lines: list  # the first line of each piece (counted from 0)
    pieces: list  # each piece
    first_entry: list  # index in `result.entries` of each piece's first entry (and, last, the number of entries)
    strings: dict
    macros: dict
    by_key: dict  # lower-case key -> the entry before folding
    result: BibFile


def common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` start with alike (compared in blocks: a 17 MB file in a few ms)."""
    return _alike_for(min(len(a), len(b)), lambda low, high: a.startswith(b[low:high], low))  # (b copied, not a)


def common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters `a` and `b` end with alike, at most `limit` (at most the shorter's length)."""
    la, lb = len(a), len(b)
    return _alike_for(limit, lambda low, high: a.endswith(b[lb - high:lb - low], 0, la - low))


def _alike_for(size: int, alike) -> int:
    """The largest n <= size such that the first n characters are alike, given `alike(low, high)`, which tells
    whether characters low to high are (counted from the start or the end): blocks of 64 K, then halves."""
    low, step = 0, 1 << 16
    while low < size:
        high = min(low + step, size)
        if not alike(low, high):
            break
        low = high
    else:
        return size
    while high - low > 1:  # characters before `low` are alike; one from `low` to `high` is not
        middle = (low + high) // 2
        if alike(low, middle):
            low = middle
        else:
            high = middle
    return low


@dataclass(eq=False)
class _Piece:
    """What bibtexparser makes of a stretch of the file parsed alone; lines count from the stretch's start."""

    blocks: list  # (block, names of fields given twice): entries, strings, comments, failed blocks
    failed: bool  # some block could not be read, so what follows may belong to it
    macros: dict | None = None  # the @string values that `expanded` was computed with
    expanded: dict = field(default_factory=dict)  # index of an entry -> _Expanded
    located: dict = field(default_factory=dict)  # index of an entry -> (first line of the piece, BibEntry)


def _parse_piece(text: str) -> _Piece:
    blocks, failed = [], False
    for block in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        if isinstance(block, bib.DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
            block = block.ignore_error_block  # reported by _entries, which sees the whole file
        if isinstance(block, bib.DuplicateFieldKeyBlock):
            blocks.append((block.ignore_error_block, sorted(block.duplicate_keys)))
        else:
            blocks.append((block, []))
            failed = failed or isinstance(block, bib.ParsingFailedBlock)
    return _Piece(blocks, failed)


# Where a piece starts: a line that starts a block as bibtexparser sees one ('@name{' or '@name('); any other '@'
# is text of a comment, which must stay whole.
_PIECE_START = re.compile(r"\n(?=@\w*[ \t]*[{(])")

# A text of at least this many characters is parsed in two pieces at once where `_pieces` can fork (10,000 papers,
# 17 MB: 0.79 -> 0.57-0.61 s; 4 MB 0.19-0.22 -> 0.15-0.17 s; at 2 MB forking, and the copies of memory pages that
# both processes then write, cost what the second core saves)
PARALLEL_FROM = 2_000_000
# The share of the text the parent parses: the child also has its blocks to write out (0.06-0.08 s of 17 MB), which
# the parent's longer parse covers (17 MB: 0.60-0.64 s at half, 0.57-0.61 s at 0.55, 0.59-0.66 s at 0.6)
_PARENT_SHARE = 0.55
# What a piece parsed in the child may hold (a failed block makes the parent read the whole text instead)
_SENT = (bib.Entry, bib.String, bib.ImplicitComment, bib.ExplicitComment, bib.Preamble)


def _pieces(text: str) -> list[tuple[int, _Piece]]:
    """The text as (first line, piece) pairs, read without a memo: a large text, where a process can be forked and
    may run on two cores, is cut before a line that starts a block near its middle, and the piece after the cut is
    parsed in a forked process while this one parses the piece before it. Should either piece not parse alone, or
    the child fail in any way, the whole text is parsed here in one piece, as it always is otherwise."""
    if len(text) >= PARALLEL_FROM and forkable():
        cut = _PIECE_START.search(text, int(len(text) * _PARENT_SHARE))
        pieces = _parsed_at_once(text, cut.end()) if cut is not None else None
        if pieces is not None:
            return pieces
    return [(0, _parse_piece(text))]


def _parsed_at_once(text: str, cut: int) -> list[tuple[int, _Piece]] | None:
    """text[:cut] parsed here and text[cut:] in a forked child at the same time; None when either piece failed or the
    child did not send its piece whole. The child writes nothing but the pipe and ends with os._exit (no cleanup of
    the parent's, no buffered output written twice); it is always waited for, and killed if not needed."""
    read, write = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if child == 0:  # pragma: no cover - the child (coverage does not follow it)
        status = 1
        try:
            os.close(read)
            piece = _parse_piece(text[cut:])
            if not piece.failed:
                with open(write, "wb") as pipe:
                    pipe.write(marshal.dumps(_piece_to_send(piece)))
                status = 0
        finally:
            os._exit(status)
    os.close(write)
    data, status = None, 1
    try:
        first = _parse_piece(text[:cut])
        if not first.failed:
            with open(read, "rb", closefd=False) as pipe:
                data = pipe.read()
    finally:
        os.close(read)  # (a child still writing then stops, on a broken pipe)
        if data is None:
            os.kill(child, signal.SIGKILL)
        try:
            _, status = os.waitpid(child, 0)
        except ChildProcessError:  # (reaped by someone else: what it sent cannot be told whole)
            status = 1
    if data is None or status != 0:
        return None
    try:
        second = _piece_received(data)
    except Exception:  # noqa: BLE001 - whatever arrived, the parent parses the whole text itself
        return None
    return [(0, first), (text.count("\n", 0, cut), second)]


def _piece_to_send(piece: _Piece) -> list:
    """A piece as plain values marshal writes in a few ms (pickling bibtexparser's objects cost 0.2 s to write and
    0.3 s to read back for 5,000 entries): each block's class and attributes, an entry's fields' attributes."""
    rows = []
    for block, duplicates in piece.blocks:
        kind = _SENT.index(type(block))  # (anything else is an error: nothing is sent, and the parent parses alone)
        attributes = block.__dict__
        if kind == 0:
            attributes = dict(attributes, _fields=[item.__dict__ for item in block.fields])
        rows.append((kind, attributes, duplicates))
    return rows


def _piece_received(data: bytes) -> _Piece:
    """The piece `_piece_to_send` sent: the same classes with the same attributes."""
    new, blocks = object.__new__, []
    for kind, attributes, duplicates in marshal.loads(data):
        cls = _SENT[kind]
        if kind == 0:
            fields = []
            for values in attributes["_fields"]:
                item = new(bib.Field)
                item.__dict__ = values
                fields.append(item)
            attributes["_fields"] = fields
        block = new(cls)
        block.__dict__ = attributes
        blocks.append((block, duplicates))
    return _Piece(blocks, False)


class BibMemo:
    """The preview's memory of a .bib file between builds: its pieces by text, and the crossrefs folded."""

    def __init__(self):
        self.pieces = Recent()  # text of a piece -> _Piece
        self.folded = Recent()  # (id of an entry, id of its folded parent) -> (entry, parent, folded entry)
        self.incomplete = False  # the last text had a piece that does not parse alone
        self.starts: list = []  # where each piece of the last text starts
        self.last: _LastParse | None = None  # the last parse, when it found no problem

    def edited(self, text: str, shown: str) -> tuple[BibFile, int, list] | None:
        """The last parse with the stretch of pieces that `text` changed parsed again: (the file, the index of
        the first entry made again, those entries); None when the change is more than entries whose text changed
        in place (then `parse_bibtex` reads the file).

        The changed stretch is found by comparing with the last text (common prefix and suffix), widened to the
        whole pieces around it, one more before (so that the cut at its start cannot move) and through the piece
        of the first unchanged character after it (so that the cut at its end is unchanged text too). The same
        entries (keys, in order), the same lines below, no @string in it, no crossref added, removed or pointing
        at it, and no problem found: otherwise None."""
        last = self.last
        # (this path adds to the tables without dropping what the last builds used: bounded here, as a full read
        # keeps only what it used)
        if last is None or last.shown != shown or len(self.pieces) > 2 * len(last.pieces) + 64 \
                or len(self.folded) > 2 * len(last.result.entries) + 64:
            return None
        old = last.text
        if text == old:
            return last.result, 0, []
        prefix = common_prefix(old, text)
        suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
        starts = last.starts
        first = max(bisect.bisect_right(starts, max(prefix - 1, 0)) - 2, 0)
        end_old = len(old) - suffix  # the first unchanged character after the change (or the end)
        after = bisect.bisect_right(starts, min(end_old, len(old) - 1))  # the first piece kept after the stretch
        begin = starts[first]
        stop_old = starts[after] if after < len(starts) else len(old)
        stop = stop_old + len(text) - len(old)
        if text.count("\n", begin, stop) != old.count("\n", begin, stop_old):
            return None
        cuts = [begin, *(match.end() for match in _PIECE_START.finditer(text, begin, stop)), stop]
        pieces, written, lines, line = [], [], [], last.lines[first]
        for start, end in zip(cuts, cuts[1:]):
            chunk = text[start:end]
            piece = self.pieces.get(chunk)
            if piece is None:
                piece = _parse_piece(chunk)
                if piece.failed:
                    return None
                self.pieces[chunk] = piece
            for index, (block, _) in enumerate(piece.blocks):
                if isinstance(block, bib.Entry):
                    written.append((line, piece, index))
                elif not _harmless(block):
                    return None
            pieces.append(piece)
            lines.append(line)
            line += chunk.count("\n")
        if not all(_harmless(block) for piece in last.pieces[first:after] for block, _ in piece.blocks
                   if not isinstance(block, bib.Entry)):
            return None
        at, until = last.first_entry[first], last.first_entry[after]
        before = last.result.entries[at:until]
        if [piece.blocks[index][0].key for _, piece, index in written] != [entry.key for entry in before]:
            return None
        errors: list = []
        unfolded = _entries(written, _Expander(last.strings), last.macros, shown, errors)
        targets = last.result.crossref_targets
        if errors or len(unfolded) != len(before) or any(
                entry.key.lower() in targets or (entry.crossref or "").lower() != (was.crossref or "").lower()
                for entry, was in zip(unfolded, before)):
            return None
        entries = unfolded
        if any(entry.crossref for entry in entries):  # (these entries are nobody's parent: by_key holds the parents)
            entries, _ = _fold_crossrefs(entries, shown, errors, self.folded, last.by_key)
            if errors:
                return None
        result = BibFile(last.result.entries[:at] + entries + last.result.entries[until:], targets, [])
        for entry in unfolded:
            last.by_key[entry.key.lower()] = entry
        shift = len(text) - len(old)
        self.last = _LastParse(shown, text, starts[:first] + cuts[:-1] + [start + shift for start in starts[after:]],
                               last.lines[:first] + lines + last.lines[after:],
                               last.pieces[:first] + pieces + last.pieces[after:],
                               last.first_entry[:first] + _first_entries(pieces, at)[:-1] + last.first_entry[after:],
                               last.strings, last.macros, last.by_key, result)
        self.starts = self.last.starts
        return result, at, entries

    def pieces_of(self, text: str) -> list[tuple[int, _Piece]]:
        """The file as (first line, piece) pairs, pieces known from an earlier build reused."""
        self.pieces.turn()
        self.folded.turn()
        self.incomplete = False
        starts = self.starts = [0, *(match.end() for match in _PIECE_START.finditer(text))]
        ends = [*starts[1:], len(text)]
        result, line = [], 0
        for index, (begin, end) in enumerate(zip(starts, ends)):
            chunk = text[begin:end]
            piece = self.pieces.get(chunk)
            if piece is None:
                piece = _parse_piece(chunk)
                if piece.failed:  # it does not stand alone: the rest of the file is read as the whole file would be
                    result.append((line, _parse_piece(text[begin:])))
                    # the pieces after it are kept for the build that follows the fix
                    for after, stop in zip(starts[index + 1:], ends[index + 1:]):
                        self.pieces.get(text[after:stop])
                    self.folded.keep_all()
                    self.incomplete = True
                    return result
                self.pieces[chunk] = piece
            result.append((line, piece))
            line += chunk.count("\n")
        return result

    def __repr__(self) -> str:  # part of the preview cache's key for the reader (incremental.read_with)
        return "BibMemo()"


def _first_entries(pieces: list, first: int) -> list[int]:
    """The index of each piece's first entry among the file's entries, the first piece's being `first`, and last
    the index after the last piece's entries."""
    indexes = [first]
    for piece in pieces:
        first += sum(isinstance(block, bib.Entry) for block, _ in piece.blocks)
        indexes.append(first)
    return indexes


def _harmless(block) -> bool:
    """A block that is neither an entry nor anything with a meaning or an error: a comment or a preamble."""
    if isinstance(block, bib.ImplicitComment):
        return not (_ORPHAN_FIELD.search(block.comment) and "}" in block.comment)
    return isinstance(block, (bib.ExplicitComment, bib.Preamble))


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
        if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:  # most values: one literal in braces
            return raw[1:-1], []
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


@dataclass(frozen=True)
class _Expanded:
    """An entry's fields with the macros expanded; lines count from the start of its piece."""

    fields: dict
    lines: dict
    problems: tuple  # (line, message, hint, warning, the line the hint names or None)
    ok: bool  # no shown field is given twice with different values


def _expand(block: bib.Entry, expand: _Expander) -> _Expanded:
    fields, lines, problems, ok = {}, {}, [], True
    for item in block.fields:
        name = item.key.lower()
        item_line = (item.start_line or block.start_line or 0) + 1
        value, undefined = expand.value(item.value)
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
    return _Expanded(fields, lines, tuple(problems), ok)


def _entries(written: list, expand: _Expander, macros: dict, shown: str, errors: list) -> list[BibEntry]:
    """The entries with their values expanded, each piece's expansion reused while the macros stay the same."""
    # a macro whose own value names an unknown macro is reported once, at the first field that uses it: then
    # which entry reports it depends on the others, and nothing is reused
    reusable = not any(_Expander(expand.strings).value(value)[1] for value in macros.values())
    entries, first_line = [], {}
    for offset, piece, index in written:
        block = piece.blocks[index][0]
        line = (block.start_line or 0) + 1 + offset
        if block.key in first_line:
            errors.append(SiteError(shown, line, f"the key '{block.key}' is used by two entries",
                                    f"the other one is at line {first_line[block.key]}; give each entry its own key"))
            continue
        first_line[block.key] = line
        if not reusable or piece.macros != macros:
            piece.macros, piece.expanded, piece.located = (macros if reusable else None), {}, {}
        expanded = piece.expanded.get(index)
        if expanded is None:
            expanded = _expand(block, expand)
            if reusable:
                piece.expanded[index] = expanded
        for at, message, hint, warning, named in expanded.problems:
            hint = hint if named is None else hint.replace("{} ", str(named + offset))
            errors.append(SiteError(shown, at + offset, message, hint, warning=warning))
        if not expanded.ok:
            continue
        located = piece.located.get(index)
        if located is None or located[0] != offset:  # a moved entry gets its new lines
            crossref = expanded.fields.get("crossref", "").strip() or None
            lines = {name: at + offset for name, at in expanded.lines.items()}
            located = (offset, BibEntry(block.key, block.entry_type.lower(), line, expanded.fields, lines,
                                        block.raw or "", crossref))
            if reusable:
                piece.located[index] = located
        entries.append(located[1])
    return entries


def _fold_crossrefs(entries: list[BibEntry], shown: str, errors: list, memo: Recent | None = None,
                    by_key: dict | None = None) -> tuple[list[BibEntry], set]:
    """Give each entry the fields of the entry it crossrefs (recursively) that it does not set itself.

    With a memo, an entry folded with the very same parent as in the last build is that build's result.
    `by_key` (lower-case key -> entry) is where parents are looked up: by default `entries`.
    """
    if by_key is None:
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
        known = memo.get((id(entry), id(parent))) if memo is not None else None
        if known is not None and known[0] is entry and known[1] is parent:
            folded[entry.key] = known[2]
            return known[2]
        fields, lines = dict(entry.fields), dict(entry.field_lines)
        for name, value in parent.fields.items():
            if name not in fields and name != "crossref":
                fields[name], lines[name] = value, parent.field_lines.get(name, parent.line)
        if "booktitle" not in fields and "title" in parent.fields and parent.entry_type in ("proceedings", "book",
                                                                                              "mvproceedings", "mvbook"):
            fields["booktitle"], lines["booktitle"] = parent.fields["title"], parent.field_lines.get("title", parent.line)
        result = BibEntry(entry.key, entry.entry_type, entry.line, fields, lines, entry.raw, entry.crossref)
        folded[entry.key] = result
        if memo is not None:
            memo[(id(entry), id(parent))] = (entry, parent, result)
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
