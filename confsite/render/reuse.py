"""The preview's reuse of rendered outputs: each output records what its template read, and keeps its bytes while
that is unchanged.

As Lektor does, dependencies are recorded, not declared. While a template renders, each view model of its context
(a dataclass: the site, a paper, a session) stands behind a `Recording` proxy that notes every field the template
takes from it (`site.calendar.event`, `site.program.session_of_paper[key]`); any other context value counts as read
whole. The templates themselves are an input of every output. At the next build an output is rendered again only
when its templates, or a value it read, differ (`same_value`: the very same object, which the memoized assembly
gives for what did not change, or a value that renders alike). Pages that read the same fields of the same view
model (every paper page reads the same fields of the site) share one verdict a build.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, is_dataclass
from pathlib import Path

from confsite.memo import same_value
from confsite.model import Lookup

WHOLE = ""  # the read of a value as a whole (printed, looped over, compared, handed to a filter)
TRUTH = "?"  # the read of whether a value is true (`{% if site.program %}`)
_MISSING = object()  # what a read path gives where the value has no such field or key


class Key(tuple):
    """A step of a read path that looks up a key of a Lookup (`site.program.session_of_paper.get(key)`)."""

    def __new__(cls, key):
        return super().__new__(cls, (key,))


class Recording:
    """Stands in for a view model in a template and notes what the template reads of it."""

    __slots__ = ("_value", "_path", "_reads")

    def __init__(self, value: object, path: tuple, reads: set):
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_reads", reads)

    def _whole(self):
        self._reads.add((self._path, WHOLE))
        return self._value

    def __getattr__(self, name: str):
        if name.startswith("__"):
            return getattr(self._whole(), name)
        value = getattr(self._value, name)
        if callable(value) and not isinstance(value, type) and not is_dataclass(value):
            self._whole()  # a method may use any of the object's data
            return value
        return _recorded(value, (*self._path, name), self._reads)

    def __setattr__(self, name, value):
        raise AttributeError("the site's data is read-only in templates")

    def __bool__(self) -> bool:
        self._reads.add((self._path, TRUTH))
        return bool(self._value)

    def __getitem__(self, key):
        return self._whole()[key]

    def __iter__(self):
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def __contains__(self, item) -> bool:
        return item in self._whole()

    def __eq__(self, other) -> bool:
        return self._whole() == other

    def __hash__(self) -> int:
        return hash(self._whole())

    def __str__(self) -> str:
        return str(self._whole())

    def __html__(self) -> str:
        value = self._whole()
        return value.__html__() if hasattr(value, "__html__") else str(value)

    def __repr__(self) -> str:
        return repr(self._whole())


class RecordingLookup(Recording):
    """A Lookup in a template: `.get(key)` and `[key]` record that entry alone; any other use records it whole."""

    __slots__ = ()

    def get(self, key, default=None):
        if key not in self._value:
            self._reads.add(((*self._path, Key(key)), WHOLE))
            return default
        return _recorded(self._value[key], (*self._path, Key(key)), self._reads)

    def __getitem__(self, key):
        if key not in self._value:
            self._reads.add(((*self._path, Key(key)), WHOLE))
        return _recorded(self._value[key], (*self._path, Key(key)), self._reads)

    def __getattr__(self, name: str):
        return getattr(self._whole(), name)


def _recorded(value, path: tuple, reads: set):
    """`value` as a template gets it: a view model or Lookup behind a proxy, anything else recorded as read whole."""
    if is_dataclass(value) and not isinstance(value, type):
        return Recording(value, path, reads)
    if type(value) is Lookup:
        return RecordingLookup(value, path, reads)
    reads.add((path, WHOLE))
    return value


def unwrapped(value):
    """The value behind a recording proxy (read whole), or `value` itself."""
    return value._whole() if isinstance(value, Recording) else value


def _read(root, path: tuple, how: str):
    """What the read `(path, how)` of the view model `root` gives."""
    value = root
    for step in path[1:]:
        try:
            value = value.get(step[0], _MISSING) if type(step) is Key else getattr(value, step)
        except AttributeError:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return bool(value) if how == TRUTH else value


@dataclass(slots=True)
class _Rendered:
    """What one output read when it was rendered, and its bytes."""

    templates: bytes
    names: frozenset  # its context's names
    plain: dict  # context name -> value, for the values that are not view models
    models: dict  # context name -> (the view model, the reads of it: a tuple shared by pages that read alike)
    fragments: dict  # its {% fragment %} blocks as rendered (fragments.py)
    data: bytes


_SHARED: dict = {}  # each distinct tuple of reads once, shared by the records of every page that made it


class Reuse:
    """The outputs of the last builds in this process (the preview's): their reads and their bytes, by output path."""

    def __init__(self):
        self.rendered: dict[str, _Rendered] = {}
        self.block_links: dict = {}  # page -> {a piece of it: its links and ids} for pages with fragments

    def start(self) -> "_BuildReuse":
        """What one build uses to find reusable outputs (its verdicts live as long as the build)."""
        return _BuildReuse(self)


class _BuildReuse:
    def __init__(self, reuse: Reuse):
        self.reuse = reuse
        self._verdicts: dict = {}  # (id of the old model, id of the new one, id of the reads) -> (both, reads, same?)

    def bytes_of(self, path: str, templates: bytes, context: dict) -> bytes | None:
        """The bytes rendered before for `path`, if its templates and everything it read are unchanged since."""
        entry = self.reuse.rendered.get(path)
        if entry is None or entry.templates != templates or entry.names != context.keys():
            return None
        for name, old in entry.plain.items():
            new = context[name]
            # (most are the page's address and such, strings made anew for each build: compared here, not by a call)
            if old is not new and not (type(old) is str and type(new) is str and old == new) \
                    and not same_value(old, new):
                return None
        for name, (old, reads) in entry.models.items():
            new = context[name]
            if old is not new and not self._same_reads(old, new, reads):
                return None
        entry.models = {name: (context[name], reads) for name, (_, reads) in entry.models.items()}
        return entry.data

    def _same_reads(self, old, new, reads: tuple) -> bool:
        key = (id(old), id(new), id(reads))
        known = self._verdicts.get(key)
        if known is None or known[0] is not old or known[1] is not new or known[2] is not reads:
            same = type(old) is type(new) and all(
                same_value(_read(old, path, how), _read(new, path, how)) for path, how in reads)
            known = self._verdicts[key] = (old, new, reads, same)
        return known[3]

    def tracked(self, context: dict) -> tuple[dict, set]:
        """The context to render with, each view model behind a Recording, and the set that collects the reads."""
        reads: set = set()
        return {name: Recording(value, (name,), reads) if is_dataclass(value) and not isinstance(value, type)
                else value for name, value in context.items()}, reads

    def links_by_blocks(self, path: str, text: str, blocks: list[str], page_links) -> tuple[frozenset, tuple]:
        """`page_links(text)` of a page made of its outermost fragments' `blocks` and the markup between them: each
        piece is read alone, once while its text is the same. (A list page of 10,000 papers is 8 MB: reading it
        whole after a one-paper edit took 80 ms.) Fragments are whole elements, so the pieces hold the same links
        and ids as the page."""
        pieces, at = [], 0
        for block in blocks:
            start = text.find(block, at)
            if start < 0:  # (not written as rendered: the page is read whole)
                return page_links(text)
            pieces += (text[at:start], block)
            at = start + len(block)
        pieces.append(text[at:])
        ids, links = set(), {}
        last, now = self.reuse.block_links.get(path, {}), {}
        for piece in pieces:
            found = now.get(piece) or last.get(piece)
            if found is None:
                found = page_links(piece)
            now[piece] = found
            ids.update(found[0])
            links.update(dict.fromkeys(found[1]))
        self.reuse.block_links[path] = now  # (the pieces it has now: those of a page not rendered again stay)
        return frozenset(ids), tuple(links)

    def fragments_of(self, path: str) -> dict | None:
        """The {% fragment %} blocks of `path` as last rendered."""
        entry = self.reuse.rendered.get(path)
        return entry.fragments if entry is not None else None

    def store(self, path: str, templates: bytes, context: dict, reads: set, fragments: dict, data: bytes) -> None:
        """Remember what rendering `path` read, and its bytes."""
        plain, models, by_name = {}, {}, {}
        for path_read, how in reads:
            by_name.setdefault(path_read[0], []).append((path_read, how))
        for name, value in context.items():
            if is_dataclass(value) and not isinstance(value, type):
                shared = tuple(sorted(by_name.get(name, ()), key=repr))
                models[name] = (value, _SHARED.setdefault(shared, shared))
            else:
                plain[name] = value
        self.reuse.rendered[path] = _Rendered(templates, frozenset(context), plain, models, fragments, data)

    def forget_others(self, paths) -> None:
        """Forget the outputs this build no longer has."""
        rendered = self.reuse.rendered
        for gone in rendered.keys() - set(paths):
            del rendered[gone]
            self.reuse.block_links.pop(gone, None)


def templates_digest(template_dirs: list[Path]) -> bytes:
    """A fingerprint of every template file of the theme chain, in lookup order."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in template_dirs:
        hasher.update(str(folder).encode() + b"\0")
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.digest()
