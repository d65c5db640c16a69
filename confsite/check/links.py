"""The built site's internal links: every href/src and #fragment of every HTML output must resolve.

Every `.html` output is parsed for links and ids; every output (HTML or not) is a possible target.
External links (any scheme, `//host`, even to the site's own address: the same host may serve files that
are not part of the build) are not followed. A broken link is reported at the content file
and line where it was written when it can be found there, else at the template that wrote it, else at
the page's source.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from functools import lru_cache
from itertools import compress
from operator import is_not
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from confsite.errors import SiteError
from confsite.model import Output

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DATA_SUFFIXES = {".yaml", ".yml", ".bib", ".json", ".csv"}
# Fragments a browser understands without an element of that id.
_BUILTIN_FRAGMENTS = {"", "top"}


# One regular expression over the whole page reads the attributes that matter, many times faster than
# html.parser on large proceedings. Comments and the text of scripts, styles and code examples are not markup.
_NOT_MARKUP = re.compile(r"<(?:!--.*?-->|(script|style|code|pre)\b[^>]*>.*?</\1\s*>)", re.S | re.I)
# The same, its lazy '.*?' unrolled into possessive runs up to the next '<' (or '-'): the same matches (the first end
# tag or '-->' after the start), without stepping through a script's or code example's text one character at a time;
# the character after a '<' is looked at once first, so that most tags ('</', '<a', '<li') are passed at once.
_NOT_MARKUP_FAST = re.compile(r"<(?=[!scp])(?:!--[^-]*+(?:-(?!->)[^-]*+)*+-->"
                              r"|(script|style|code|pre)\b[^>]*>[^<]*+(?:<(?!/\1\s*>)[^<]*+)*+</\1\s*>)", re.S | re.I)
# Attribute names in either case spelled out: a third faster than re.I (which also takes 'ſrc' for 'src').
_ATTRIBUTE = re.compile(r"\s([hH][rR][eE][fF]|[sS][rR][cC](?:[sS][eE][tT])?|[pP][oO][sS][tT][eE][rR]|[iI][dD])"
                        r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
# _ATTRIBUTE read from its '=': the name is checked behind it (with the space before it), so the search jumps from
# one '=' to the next instead of trying at every space of the text. It finds the same attributes as _ATTRIBUTE
# in a text without a space next to a '=' (`href = "x"`, or `x= id=y` where a value would hide the space before
# the next name); a page that has one is read with _ATTRIBUTE. The two letters before the '=' are looked at once first
# (the ends of the five names: 'ef', 'et', 'rc', 'er', 'id'), so that most other attributes ('class=', 'content=',
# 'name=') are passed at once.
_AT_EQUALS = re.compile(r"=(?<=[eEtTrRiI][fFtTcCrRdD]=)(?:(?<=\s[hH][rR][eE][fF]=)|(?<=\s([sS][rR][cC][sS][eE][tT])=)|(?<=\s[sS][rR][cC]=)"
                        r"|(?<=\s[pP][oO][sS][tT][eE][rR]=)|(?<=\s([iI][dD])=))"
                        r"""\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_SPACE_EQUALS = re.compile(r"=(?:(?<=\s=)|(?=\s))")


def parse_page(html: bytes | str) -> tuple[set[str], list[str]]:
    """The ids and the link targets of one HTML page (its bytes, or its text as rendered)."""
    text = html if isinstance(html, str) else html.decode("utf-8", errors="replace")
    # ('<script' first: a page's head has one, and the others are then not looked for in the whole page)
    if "<script" in text or "<!--" in text or "<style" in text or "<code" in text or "<pre" in text:
        text = _NOT_MARKUP_FAST.sub(_keep_start_tag, text)
    if _SPACE_EQUALS.search(text):
        return _read_attributes(text)
    return _read_at_equals(text)


def _read_at_equals(text: str) -> tuple[set[str], list[str]]:
    ids, links = set(), []
    for srcset, id_, double, single, bare in _AT_EQUALS.findall(text):
        value = double or single or bare
        if "&" in value:
            value = html_unescape(value)
        if id_:
            ids.add(value)
        elif srcset:
            links.extend(part.split()[0] for part in value.split(",") if part.split())
        else:
            links.append(value)
    return ids, links


def _parse_page_regex(html: bytes) -> tuple[set[str], list[str]]:
    """parse_page as it was written first, at every space of the text: what the faster one is tested against."""
    text = html.decode("utf-8", errors="replace")
    if "<!--" in text or "<script" in text or "<style" in text or "<code" in text or "<pre" in text:
        text = _NOT_MARKUP.sub(_keep_start_tag, text)
    return _read_attributes(text)


def _read_attributes(text: str) -> tuple[set[str], list[str]]:
    ids, links = set(), []
    for key, double, single, bare in _ATTRIBUTE.findall(text):
        value = double or single or bare
        if "&" in value:
            value = html_unescape(value)
        key = key.lower()
        if key == "id":
            ids.add(value)
        elif key == "srcset":
            links.extend(part.split()[0] for part in value.split(",") if part.split())
        else:
            links.append(value)
    return ids, links


def _keep_start_tag(match: re.Match) -> str:
    """A comment disappears; a script, style or code example keeps its start tag (a script's src) and loses its text."""
    if match.group(1) is None:
        return ""
    whole = match.group(0)
    return whole[: whole.index(">") + 1]


# A large page (the list of all papers, the program: megabytes) is read in pieces, each alone, cut before a '<' (not
# of a comment, which cleaning removes whole, so that each piece still starts with a '<' once cleaned): the
# preview keeps them, and after an edit reads again only the pieces whose bytes changed. A piece is read as parse_page
# reads a page; it may end before a '<' only where nothing after it can change how it reads ("closed"): no comment,
# script or code example starts in it without ending in it, and its last quote does not open an attribute's value.
# Then the page reads as its pieces do, one after the other (an attribute never spans a '<' but in quotes, and each
# piece starts from the scan's first state, as after the end of a match).
LARGE_PAGE = 256 * 1024  # bytes
PIECE = 32 * 1024  # bytes, about: a piece ends before the first '<' after it
_MARKERS = (b"<!--", b"<script", b"<style", b"<code", b"<pre")  # parse_page cleans a page that holds one
_OPENER = re.compile(r"<(?:!--|(?:script|style|code|pre)\b)", re.S | re.I)  # where a _NOT_MARKUP match may start
_OPEN = object()  # a piece that must not end there


class _Piece:
    """What one piece of a large page read, and what the link check made of it: its links' targets (`found`: the
    base path, [(link, target)] each link once) and the verdicts under which every one of them was fine (`fine`)."""

    __slots__ = ("ids", "links", "marked", "found", "fine")

    def __init__(self, ids: set[str], links: list[str], marked: bool):
        self.ids, self.links, self.marked = ids, links, marked  # (marked: it holds one of _MARKERS)
        self.found: tuple | None = None
        self.fine: dict | None = None


class PagePieces:
    """A large page read in pieces: its bytes (`data`), where each piece starts (`starts`, the first at 0), what each
    read (`parts`), and whether the page is cleaned (it holds a marker)."""

    __slots__ = ("data", "starts", "parts", "cleaned", "read")

    def __init__(self, data: bytes, starts: list[int], parts: list[_Piece], cleaned: bool):
        self.data, self.starts, self.parts, self.cleaned = data, starts, parts, cleaned
        self.read: tuple | None = None

    def parse(self) -> tuple[set[str], list[str]]:
        """What parse_page reads in the whole page (the same object each time it is asked)."""
        if self.read is None:
            parts = self.parts
            self.read = set().union(*(part.ids for part in parts)), [link for part in parts for link in part.links]
        return self.read

    def updated(self, data: bytes) -> PagePieces | None:
        """The pieces of `data`, an edited version of this page: the pieces before and after the changed bytes are
        kept (moved), those between read again; None if parse_page reads `data` the slow way (see read_in_pieces)."""
        before, starts = self.data, self.starts
        if not starts or len(before) < len(starts):
            return read_in_pieces(data)
        count, delta = len(starts), len(data) - len(before)
        ends = [*starts[1:], len(before)]
        first = 0  # the first piece whose bytes changed
        while first < count and data[starts[first]:ends[first]] == before[starts[first]:ends[first]]:
            first += 1
        if first == count:
            if not delta:
                return PagePieces(data, starts, self.parts, self.cleaned)
            first = count - 1  # (bytes added at the end)
        if not _starts_a_piece(data, starts[first]):  # (the piece before it is the same: it starts one)
            first -= 1
        window = starts[first]
        last = count - 1  # the last piece whose bytes changed; those after it are the same bytes, moved by `delta`
        while (last > first and starts[last] + delta >= window
               and data[starts[last] + delta:ends[last] + delta] == before[starts[last]:ends[last]]):
            last -= 1
        while last < count - 1 and ends[last] + delta < window:
            last += 1
        stops = [start + delta for start in starts[last + 1:]] + [len(data)]
        found = _read_from(data, window, stops, self.cleaned)
        if found is None:
            return None
        end, new_starts, new_parts = found
        kept = last + 1 + bisect_left(stops, end)  # the first old piece kept after the new ones
        parts = self.parts[:first] + new_parts + self.parts[kept:]
        if any(part.marked for part in parts) != self.cleaned:  # a marker came or went: the page reads otherwise
            return read_in_pieces(data)
        return PagePieces(data, starts[:first] + new_starts + [start + delta for start in starts[kept:]], parts,
                          self.cleaned)


def read_in_pieces(data: bytes) -> PagePieces | None:
    """`data` read in pieces of about PIECE bytes; None if parse_page reads it the slow way (a space next to a '=')."""
    cleaned = any(marker in data for marker in _MARKERS)
    found = _read_from(data, 0, [len(data)], cleaned)
    return None if found is None else PagePieces(data, found[1], found[2], cleaned)


def _read_from(data: bytes, position: int, stops: list[int], cleaned: bool) -> tuple[int, list, list] | None:
    """Read `data` in closed pieces from `position` until a piece ends at one of `stops` (in order, the last the end
    of `data`): (that end, where each piece starts, what each read); None if a piece holds a space next to a '='."""
    starts, parts = [], []
    while True:
        next_stop = stops[bisect_left(stops, position)]
        if next_stop == position:
            return position, starts, parts
        size = PIECE
        while True:
            end = _cut_after(data, position + size)
            if end >= next_stop:
                end = stops[bisect_left(stops, end)]
            part = _read_piece(data, position, end, cleaned)
            if part is None:
                return None
            if part is not _OPEN:
                break
            size *= 2  # (a long script or code example: the piece grows until it closes)
        starts.append(position)
        parts.append(part)
        position = end


def _cut_after(data: bytes, at: int) -> int:
    """Where a piece that reaches `at` ends: before the next '<' that does not start a comment (a comment is cleaned
    away whole, and what follows it must not meet the end of the piece before it), else at the end of `data`."""
    found = data.find(b"<", at) if at < len(data) else -1
    while found >= 0 and data.startswith(b"<!--", found):
        found = data.find(b"<", found + 1)
    return len(data) if found < 0 else found


def _starts_a_piece(data: bytes, at: int) -> bool:
    return at == 0 or (data.startswith(b"<", at) and not data.startswith(b"<!--", at))


def _read_piece(data: bytes, start: int, end: int, cleaned: bool):
    """What data[start:end] read alone as parse_page reads a page (cleaned or not);
    _OPEN if the piece is not closed; None if it holds a space next to a '=' (parse_page reads such a page otherwise)."""
    chunk = data[start:end]
    marked = any(marker in chunk for marker in _MARKERS)
    text = chunk.decode("utf-8", errors="replace")  # (cut before a '<', an ASCII byte: decoded as in the whole page)
    last = end == len(data)
    if cleaned:
        openers = [match.start() for match in _OPENER.finditer(text)]
        if openers:
            if not last and not _all_inside(openers, [match.span() for match in _NOT_MARKUP_FAST.finditer(text)]):
                return _OPEN
            text = _NOT_MARKUP_FAST.sub(_keep_start_tag, text)
    if _SPACE_EQUALS.search(text):
        return None
    if not last:
        for quote in "\"'":
            at = text.rfind(quote)
            if at > 0 and text[at - 1] == "=":  # (perhaps a value that a quote after the piece would end)
                return _OPEN
    return _Piece(*_read_at_equals(text), marked)


def _all_inside(positions: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether each position (in order) is inside one of the spans (in order)."""
    index = 0
    for position in positions:
        while index < len(spans) and spans[index][1] <= position:
            index += 1
        if index == len(spans) or spans[index][0] > position:
            return False
    return True


class LinkTargets:
    """The preview's memory of the last link check: where each page's links point, {page: (base path, its links,
    [(link, target)])}; the links resolved alike on many pages (`alike`); and `last`, what the check saw."""

    def __init__(self):
        self.pages: dict = {}
        self.alike: dict = {}  # (base path, depth) -> {link: target} for links that resolve alike on every page that
        # deep, and (base path, page) -> {link: target} for the other links of a page
        self.last: tuple | None = None  # (base path, filled_later, the files' paths, broken pages)
        self.verdicts: dict | None = None  # target -> what is wrong with it (None: nothing), as `last` saw the site
        # each page's last bytes, and parse_page of them: two dicts with the same keys in the same order, so that
        # the pages whose bytes object changed are found with map() over both
        self.data: dict[str, bytes] = {}
        self.parses: dict[str, tuple] = {}
        self.other_files: set[str] = set()  # the files seen that are not pages
        self.pieces: dict[str, PagePieces] = {}  # large page -> its last bytes read in pieces


def check_links(files: dict[str, bytes], outputs: list[Output], site_dir: Path, template_dirs: list[Path],
                base_url: str = "/", filled_later: tuple[str, ...] = (), parsed: dict | None = None,
                targets: LinkTargets | None = None) -> list[SiteError]:
    """Every broken internal link and anchor of the built site, located where it was written.

    `filled_later` names folders ('search-index/') that a tool fills after rendering: links into them are not checked.
    `parsed` holds parse_page() of pages already read (the render's processes read them as they render);
    the pages read here are added to it. `targets` (the preview's) keeps each page's last bytes and what they read
    (a page with the very same bytes object is not read again; a large page, in pieces, only where it changed);
    where the links of a page point while its parse is the same object, so a page reused from the last build has
    its links resolved once; and while the site has the same files and every page the same ids, only the pages
    that changed and those with broken links are checked again (see _to_check).
    """
    parsed, changes = _pages_read(files, parsed if parsed is not None else {}, targets)
    base_path = urlsplit(base_url).path or "/"
    if targets is not None and sum(map(len, targets.alike.values())) > 1_000_000:  # links long gone: start again
        targets.alike.clear()
    pages = sorted(parsed) if targets is None else _to_check(targets, parsed, changes, files, base_path, filled_later)
    sources = None
    locator = _Locator(site_dir, template_dirs)
    found: dict[tuple, list[str]] = {}
    # a target is judged once, however many pages link to it (in the preview, while files and ids stay the same,
    # once for as many builds)
    verdicts: dict[str, tuple[str, str] | None] = {}
    if targets is not None:
        if targets.verdicts is not None and len(pages) < len(parsed):
            verdicts = targets.verdicts
        targets.verdicts = verdicts
    # links that resolve alike on many pages: by depth with the preview's memory (_resolved), else by the folder above
    # the page's own (_resolved_in)
    alike: dict[int | str | None, dict[str, str | None]] = {}
    broken = set()
    # in a build without the preview's memory, by the folder above the page's own (papers/ for papers/x/index.html):
    # the links that resolve alike from every page in it (see _resolved_in), and those of them known to be fine
    # (external, or resolved to a target that is there), which a page's links are sifted through at once
    fine: dict[str | None, set[str]] = {}
    for page in pages:
        links = parsed[page][1]
        if targets is None:
            page_dir = page.rpartition("/")[0]
            above = page_dir.rpartition("/")[0] if page_dir else None
            fine_here = fine.get(above)
            if fine_here is None:
                fine_here = fine[above] = set()
                alike[above] = {}
            if fine_here.issuperset(links):
                continue
            left = set(links).difference(fine_here)  # (each once, in the order the page has them:)
            links = sorted(left, key=links.index) if len(left) < 16 else [value for value in dict.fromkeys(links)
                                                                          if value in left]
        pieces = targets.pieces.get(page) if targets is not None else None
        if pieces is not None and pieces.read is parsed[page]:
            pairs = _pairs_in_pieces(page, pieces, base_path, targets, alike, verdicts, filled_later)
        elif targets is None:
            pairs = _resolved_in(page, page_dir, links, base_path, alike[above])
        else:
            pairs = _targets(page, links, base_path, targets, alike)
        for value, target in pairs:
            if target.startswith(filled_later):
                continue
            if target not in verdicts:
                verdicts[target] = _problem(target, files, parsed)
            if verdicts[target] is None:
                continue
            message, hint = verdicts[target]
            if sources is None:
                sources = {output.path: output for output in outputs}
            where = locator.locate(value, page, sources.get(page), target)
            found.setdefault((*where, value, message, hint), []).append(page)
            broken.add(page)
        if targets is None:
            alike_here = alike[above]
            for value in links:
                target = alike_here.get(value, _UNKNOWN)
                if target is None or (target is not _UNKNOWN and (target.startswith(filled_later)
                                                                   or verdicts.get(target, _UNKNOWN) is None)):
                    fine_here.add(value)
    if targets is not None:
        targets.last = (base_path, filled_later, set(files), broken)
    errors = []
    for (path, line, column, value, message, hint), pages in found.items():
        on = f"on {pages[0]}" if len(pages) == 1 else f"on {len(pages)} pages, e.g. {pages[0]}"
        errors.append(SiteError(path, line, f"broken link '{value}' ({on}): {message}", hint, column))
    return errors


def _pages_read(files, known: dict, memo: LinkTargets | None) -> tuple[dict, dict | None]:
    """{page: parse_page of it} for every HTML file, from `known`, the memory of the last build or reading it; and,
    with the memory, {page read anew: its parse in the last build (None: a new page)} (the memory's dict is given)."""
    if memo is None:
        parsed = {}
        for path in files:  # (only the pages not read yet are asked for: files may be read from the disk)
            if path.endswith(".html"):
                parse = known.get(path)
                parsed[path] = parse if parse is not None else known.setdefault(path, parse_page(files[path]))
        return parsed, None
    data, parses = memo.data, memo.parses
    pages = list(data)
    changes = {}
    for page in list(compress(pages, map(is_not, map(files.get, pages), data.values()))):  # changed or gone
        if page not in files:
            del data[page], parses[page]
        else:
            changes[page] = parses[page]
    fresh = files.keys() - data.keys()
    if fresh:
        fresh -= memo.other_files
        if len(memo.other_files) > 2 * len(files):  # (files gone long ago)
            memo.other_files = set()
        for path in sorted(fresh):
            if path.endswith(".html"):
                changes[path] = None
            else:
                memo.other_files.add(path)
    for page in changes:
        parse = known.get(page)
        if parse is None:
            parse = known[page] = _read_page(page, files[page], memo)
        data[page], parses[page] = files[page], parse
    return parses, changes


def _read_page(page: str, data: bytes, memo: LinkTargets) -> tuple[set[str], list[str]]:
    """parse_page(data); a large page from the pieces of its last version that did not change, and those that did."""
    if not isinstance(data, bytes) or len(data) < LARGE_PAGE:
        return parse_page(data)
    before = memo.pieces.get(page)
    pieces = read_in_pieces(data) if before is None else before.updated(data)
    if pieces is None:
        memo.pieces.pop(page, None)
        return parse_page(data)
    memo.pieces[page] = pieces
    return pieces.parse()


def _to_check(memo: LinkTargets, parsed: dict, changes: dict, files, base_path: str, filled_later: tuple) -> list[str]:
    """The pages whose links must be checked again, in order: all of them, unless the site has the very files of
    the last check and no page's ids changed; then only the pages whose bytes changed (`changes`, with their
    parse then) and those that had broken links (every other page's links point to the same files and ids as
    then, which were all there)."""
    if memo.last is None:
        return _all(memo, parsed)
    last_base, last_filled, last_files, broken = memo.last
    if last_base != base_path or last_filled != filled_later or len(last_files) != len(files):
        return _all(memo, parsed)
    for page, before in changes.items():
        if before is None or before[0] != parsed[page][0]:
            return _all(memo, parsed)
    if files.keys() != last_files:
        return _all(memo, parsed)
    return sorted({*changes, *(page for page in broken if page in parsed)})


def _all(memo: LinkTargets, parsed: dict) -> list[str]:
    """Every page, in order; what the memory holds of pages the site no longer has is dropped."""
    for kept in (memo.pages, memo.pieces):
        for gone in kept.keys() - parsed.keys():
            del kept[gone]
    return sorted(parsed)


def _pairs_in_pieces(page: str, pieces: PagePieces, base_path: str, memo: LinkTargets, alike: dict, verdicts: dict,
                     filled_later: tuple):
    """As _targets, for a page read in pieces: each piece's links resolved once while it is kept, and the pieces whose
    every link was fine under these very verdicts (the same files and ids as then) left out."""
    seen = set()
    for part in pieces.parts:
        if part.fine is verdicts:
            continue
        if part.found is None or part.found[0] != base_path:
            part.found = (base_path, _resolved(page, part.links, base_path, memo, alike))
        pairs = part.found[1]
        for pair in pairs:
            if pair[0] not in seen:
                seen.add(pair[0])
                yield pair  # (its verdict is reached before the next one is asked for)
        if all(target.startswith(filled_later) or verdicts.get(target, _UNKNOWN) is None for _, target in pairs):
            part.fine = verdicts


def _targets(page: str, links, base_path: str, memo: LinkTargets | None, alike: dict) -> list[tuple[str, str]]:
    """Each distinct internal link of a page once, with the site path it points to.

    `alike` keeps, by depth, the links that resolve alike on every page that deep (most do: they climb to the
    root first), so that they are resolved once for all of them.
    """
    known = memo.pages.get(page) if memo is not None else None
    if known is not None and known[1] is links and known[0] == base_path:
        return known[2]
    found = _resolved(page, links, base_path, memo, alike)
    if memo is not None:
        memo.pages[page] = (base_path, links, found)
    return found


def _resolved(page: str, links, base_path: str, memo: LinkTargets | None, alike: dict) -> list[tuple[str, str]]:
    """_targets, worked out."""
    page_dir = page.rpartition("/")[0]
    depth = page_dir.count("/") + 1 if page_dir else 0
    known_here = alike.get(depth)
    if known_here is None:
        known_here = alike[depth] = memo.alike.setdefault((base_path, depth), {}) if memo is not None else {}
    # the links of this page alone (relative to it), kept by the preview for the next time the page changes
    own = memo.alike.setdefault((base_path, page), {}) if memo is not None else {}
    found = []
    for value in dict.fromkeys(links):
        target = known_here.get(value, _UNKNOWN)
        if target is _UNKNOWN:
            target = own.get(value, _UNKNOWN)
            if target is _UNKNOWN:
                target, shared = _site_path(value, page, base_path)
                (known_here if shared else own)[value] = target
        if target is not None:
            found.append((value, target))
    return found


def _resolved_in(page: str, page_dir: str, links: list[str], base_path: str, alike: dict) -> list[tuple[str, str]]:
    """_resolved, in a build without the preview's memory: `alike` keeps the links that resolve alike from every
    page whose folder is in the same folder as this page's: external and rooted links, and those that climb out of
    the page's folder first ('../', '../#session-3', '../../css/site.css' on papers/x/), so that each of them is
    resolved once for all these pages (a link's first '..' takes off the page's own folder, whatever its name)."""
    climbs = bool(page_dir) and page_dir.rpartition("/")[2] != ".."
    found = []
    for value in links:
        target = alike.get(value, _UNKNOWN)
        if target is _UNKNOWN:
            target, shared = _site_path(value, page, base_path)
            # (a target that starts with the page may be _SELF's, a path that starts with '\x00' or '%00')
            if shared or (climbs and value.strip().startswith("../") and not (target or page).startswith(page)):
                alike[value] = target
        if target is not None:
            found.append((value, target))
    return found


def _site_path(value: str, page: str, base_path: str) -> tuple[str | None, bool]:
    """The site-relative path (with '#fragment') a link points to, or None for an external link; and whether it
    is the same from every page as deep as this one (external and rooted links, and those that climb to the root
    first, such as '../../css/site.css' on papers/x/: most links of a large site)."""
    page_dir, _, _ = page.rpartition("/")
    value = value.strip()
    if value.startswith("#") and len(value) > 1 and "%" not in value:  # an anchor of this page ('#main')
        return page + value, False
    if value.startswith(("https://", "http://")):
        return None, True
    if value.startswith("../") and page_dir:
        depth = page_dir.count("/") + 1
        rest = value[3 * depth:]
        if rest and rest[0] not in "./#?" and ":" not in rest and value.startswith("../" * depth):
            return (rest if _PLAIN.fullmatch(rest) else _resolve(rest, "", base_path)), True
        if value == "../" * depth:  # the site's root folder
            return "", True
    elif _PLAIN.fullmatch(value):  # ('p12.bib', 's1-6/': most links that do not climb)
        return (f"{page_dir}/{value}" if page_dir else value), False
    target = _resolve(value, page_dir, base_path)
    if target is not None and target.startswith(_SELF):
        return page + target[1:], False
    return target, target is None or value.startswith("/")


_UNKNOWN = object()
_SELF = "\x00"  # stands for the linking page itself in cached resolutions
# A relative link that _resolve would only append to the page's folder: names (none '.' or '..', none empty) joined by
# '/', perhaps a last '/', without a scheme, query, fragment, percent-encoding, space or _SELF.
_PLAIN = re.compile(r"[^\s/.%#?:\x00][^\s/%#?:\x00]*(?:/[^\s/.%#?:\x00][^\s/%#?:\x00]*)*/?")


@lru_cache(maxsize=100_000)
def _resolve(value: str, page_dir: str, base_path: str) -> str | None:
    if value.startswith("//") or (":" in value and _SCHEME.match(value)):
        return None
    path, _, fragment = value.partition("#")
    path = path.partition("?")[0]
    if "%" in value:
        path, fragment = unquote(path), unquote(fragment)
    fragment = f"#{fragment}" if fragment else ""
    if not path:
        return _SELF + fragment  # '#id' or '?query': this same page
    if path.startswith("/"):
        start, path = [], path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    else:
        start = page_dir.split("/") if page_dir else []
    parts = _normalize(start, path.split("/"))
    if not parts:
        return fragment  # the site's root folder
    return "/".join(parts) + ("/" if path.endswith("/") else "") + fragment


def _normalize(parts: list[str], steps: list[str]) -> list[str]:
    """Walk `steps` ('..', '.', names) from the folder `parts`; climbing above the root keeps a leading '..'."""
    parts = list(parts)
    for step in steps:
        if step == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append("..")
        elif step and step != ".":
            parts.append(step)
    return parts


def _problem(target: str, files, parsed) -> tuple[str, str] | None:
    """What is wrong with a link to `target` (a site path with '#fragment'), or None when it resolves."""
    path, _, fragment = target.partition("#")
    if path == ".." or path.startswith("../"):
        return "it points outside the site", "link to a page of the site, e.g. '/' for the home page"
    if path == "" or path.endswith("/"):
        file = path + "index.html"
    elif path in files:
        file = path
    elif path + "/index.html" in files:
        file = path + "/index.html"
    else:
        file = None
    if file is None or file not in files:
        return f"there is no {path or 'home page'} in the built site", _suggest_page(path, files)
    if fragment in _BUILTIN_FRAGMENTS or file not in parsed:
        return None
    ids = parsed[file][0]
    if fragment in ids:
        return None
    close = difflib.get_close_matches(fragment, sorted(ids), n=1)
    hint = f"did you mean '#{close[0]}'?" if close else "link to a heading's id; Markdown headings get ids from their text"
    return f"{file} has no element with id '{fragment}'", hint


def _suggest_page(path: str, files: dict[str, bytes]) -> str:
    pages = sorted("/" + name[: -len("index.html")] for name in files if name.endswith("index.html"))
    others = sorted("/" + name for name in files if not name.endswith("index.html"))
    close = difflib.get_close_matches("/" + path, pages + others, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"link to one of the site's pages: {', '.join(pages[:8])}{' ...' if len(pages) > 8 else ''}"


class _Locator:
    """Finds where a link was written: the content file's line, else a template's line, else the page's source."""

    def __init__(self, site_dir: Path, template_dirs: list[Path]):
        self.site_dir = site_dir
        self.template_dirs = [folder for folder in template_dirs if folder.is_dir()]
        self._texts: dict[Path, list[str] | None] = {}

    def locate(self, value: str, page: str, output: Output | None, target: str | None) -> tuple[str, int | None, int | None]:
        source = output.source if output else page
        written = [value] + ([f"/{target}"] if target is not None and not value.startswith("#") else [])
        if output and not source.startswith("("):
            candidates = [(source, self.site_dir / source)]
        else:  # a page made from data, e.g. '(program data)': the link may be written in any data file
            data_dir = self.site_dir / "data"
            candidates = [(path.relative_to(self.site_dir).as_posix(), path)
                          for path in sorted(data_dir.rglob("*")) if path.suffix in _DATA_SUFFIXES] if data_dir.is_dir() else []
        for form in written:
            for shown, path in candidates:
                found = _find(self._lines(path), form)
                if found:
                    return (shown, *found)
        if target is not None:
            plain = target.partition("#")[0]
            call = re.compile(r"url\(\s*['\"]/?" + re.escape(plain) + r"(#[^'\"]*)?['\"]")
            for folder in self.template_dirs:
                for path in sorted(folder.rglob("*.html")):
                    for number, line in enumerate(self._lines(path) or (), start=1):
                        match = call.search(line) or _find([line], value)
                        if match:
                            column = match.start() + 1 if isinstance(match, re.Match) else match[1]
                            return (_shown(path, self.site_dir), number, column)
        if output is None:
            return (page, None, None)
        if source.startswith("(") and output.template:  # a page made from data: its template made the link
            for folder in self.template_dirs:
                if (folder / output.template).is_file():
                    return (_shown(folder / output.template, self.site_dir), None, None)
        return (source, None, None)

    def _lines(self, path: Path) -> list[str] | None:
        if path not in self._texts:
            try:
                self._texts[path] = path.read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                self._texts[path] = None
        return self._texts[path]


def _find(lines: list[str] | None, form: str) -> tuple[int, int] | None:
    """(line, column) where a link target is written in Markdown or HTML: after '(', '"', '<', ': ' or a space."""
    if not lines or not form:
        return None
    pattern = re.compile(r"(?:(?<=[(\"'<\s])|^)" + re.escape(form) + r"(?=[)\"'>\s]|$)")
    for number, line in enumerate(lines, start=1):
        match = pattern.search(line)
        if match:
            return number, match.start() + 1
    return None


def _shown(path: Path, site_dir: Path) -> str:
    from confsite.read.theme import BUILTIN_THEMES

    resolved = path.resolve()
    for root in (site_dir.resolve(), BUILTIN_THEMES.parent):
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)
