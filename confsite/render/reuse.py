"""Incremental rendering: each output records what it read, and is rendered again only when that changed.

As Lektor does, dependencies are recorded, not declared: while a template renders, every value of
its context counts as read, and `site` is handed over behind a proxy that notes each field the
template takes from it (`site.papers`, `site.calendar.event`, ...). The templates themselves are a
global input: any change to a file of the theme chain renders every page again. A new kind of
page therefore needs no rule of its own here; it is tracked through what it reads.

Each value read is kept and compared with the next build's value (see `Comparison`): field by
field, and stricter than `==`, which takes `{'a': 1, 'b': 2}` and `{'b': 2, 'a': 1}` or a
string and the same text marked safe for HTML as equal although they render otherwise. The rule
this relies on: whatever a template shows reaches it through its context, and the same values
render alike.
"""
from __future__ import annotations

import functools
import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from pydantic import BaseModel

from confsite.model import Lookup
from confsite.render import fragments
from confsite.read.text import note_reads

TEMPLATES = "(templates)"
_MISSING = object()  # a value the new build does not have
_PLAIN = frozenset({str, int, float, bool, bytes, type(None)})


class Comparison:
    """Whether a value of the last build and one of this build render alike: the same types all the way
    down, dataclasses and pydantic models field by field (but the fields no page shows), sequences and mappings item by item and in
    order; other values by `==`. Objects compared once are remembered, so that the papers shared by the
    list, the paper pages and the people pages are compared once a build.
    """

    def __init__(self):
        self._known: dict[tuple[int, int], tuple[object, object, bool]] = {}  # the values, kept so their ids stay theirs

    def same(self, old, new) -> bool:
        if old is new:
            return True
        kind = type(old)
        if kind is not type(new):
            return False
        if kind in _PLAIN:
            return old == new
        if (kind is tuple or kind is list or kind is dict) and len(old) <= _SMALL:
            return self._objects(old, new)
        # a dataclass, or a long sequence (all the papers, which thousands of pages read): compared once a build
        pair = (id(old), id(new))
        known = self._known.get(pair)
        if known is None:
            known = self._known[pair] = (old, new, self._objects(old, new))
        return known[2]

    def _objects(self, old, new) -> bool:
        kind = type(old)
        if kind is tuple or kind is list:
            return len(old) == len(new) and all(map(self.same, old, new))
        if kind is dict or kind is Lookup:  # (a Lookup read whole: the session of each paper, on the papers list)
            return list(old) == list(new) and all(self.same(value, new[key]) for key, value in old.items())
        if is_dataclass(old):
            return all(self.same(getattr(old, name), getattr(new, name)) for name in _field_names(type(old)))
        if isinstance(old, BaseModel):
            return self.same(old.__dict__, new.__dict__) and self.same(old.__pydantic_extra__, new.__pydantic_extra__)
        try:
            return bool(old == new)
        except Exception:  # a value that cannot be compared counts as changed
            return False


_SMALL = 8  # sequences and mappings up to this length are compared again each time they are read


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a view model that pages may show: not those marked `metadata={"shown": False}` (the line
    of a paper's entry, for messages), which a template reading a whole list of papers would otherwise depend on."""
    return tuple(item.name for item in fields(kind) if item.metadata.get("shown", True))


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


_READS: dict = {}  # each distinct read (path, WHOLE or TRUTH) once, shared by the records of every page

WHOLE = ""  # the read of a value as a whole (printed, looped over, compared, handed to a filter)
TRUTH = "?"  # the read of whether a value is true (`{% if site.program %}`)


class Recording:
    """Stands in for a view model in a template and notes what the template read of it.

    Reading a field of a dataclass gives another Recording, so that `site.calendar.event` depends on
    the event alone, not on the whole calendar; any other use of a value records the value whole.
    """

    __slots__ = ("_value", "_path", "_reads")

    def __init__(self, value: object, path: tuple[str, ...], reads: set):
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


def _recorded(value, path: tuple, reads: set):
    """`value` as a template gets it: a dataclass or Lookup behind a recording proxy, anything else recorded whole."""
    if is_dataclass(value) and not isinstance(value, type):
        return Recording(value, path, reads)
    if type(value) is Lookup:
        return RecordingMapping(value, path, reads)
    reads.add((path, WHOLE))
    return value


class Key(tuple):
    """A step of a read path that looks up a key of a mapping (`site.program.session_of_paper.get(key)`)."""

    def __new__(cls, key):
        return super().__new__(cls, (key,))


class RecordingMapping(Recording):
    """A Lookup field of the site in a template: `.get(key)` and `[key]` record that entry alone, so that a
    page reading its own paper's session does not depend on every session; any other use records it whole."""

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


def _resolve(root: object, path: tuple[str, ...]):
    value = root
    for name in path:
        value = value.get(name[0], _MISSING) if type(name) is Key else getattr(value, name)
    return value


def _step(value, step):
    """One step of a read path from `value` (a field or a Key), as _resolve takes it; _MISSING where it fails."""
    if value is _MISSING:
        return _MISSING
    try:
        return value.get(step[0], _MISSING) if type(step) is Key else getattr(value, step)
    except AttributeError:
        return _MISSING


@dataclass(slots=True)
class _Rendered:
    names: frozenset  # the names of its context
    reads: dict  # context name -> its value when rendered (context values that are not view models, the templates)
    fields: dict  # context name of a view model -> (the object, {(path, WHOLE or TRUTH): the value read})
    data: bytes
    output: object = None  # the Output it was rendered from, or last found unchanged with
    base: object = None  # the site it was rendered with, when its `site`, `config` and `nav` came from that site


class _Readers:
    """The pages that read one view model of an earlier build (the `site` most pages read, a paper, a session),
    and, once two pages read it, what each read of it as a trie: context name, then each field or Key, then WHOLE
    or TRUTH -> the set of pages that read that. Comparing the model with this build's is then one walk of the
    trie that stops where the old and new objects are the very same (the assembly reuses unchanged ones)."""

    __slots__ = ("model", "pages", "trie")

    def __init__(self, model):
        self.model = model
        self.pages: set = set()
        self.trie: dict | None = None

    def add(self, reads: dict, page: str) -> None:
        for path, how in reads:
            node = self.trie
            for step in path:
                below = node.get(step)
                node = below if below is not None else node.setdefault(step, {})
            readers = node.get(how)
            if readers is None:
                node[how] = {page}
            else:
                readers.add(page)

    def remove(self, reads: dict, page: str) -> None:
        for path, how in reads:
            nodes = [self.trie]
            for step in path:
                below = nodes[-1].get(step)
                if below is None:
                    break
                nodes.append(below)
            else:
                readers = nodes[-1].get(how)
                if readers is not None:
                    readers.discard(page)
                    if not readers:
                        del nodes[-1][how]
                        for parent, step in zip(reversed(nodes[:-1]), reversed(path)):  # (empty nodes go too)
                            if parent[step]:
                                break
                            del parent[step]


@dataclass
class BuildCache:
    """What earlier builds in this process read and rendered; kept by `confsite serve` between builds."""

    entries: dict[str, _Rendered] = field(default_factory=dict)  # output path -> what it read, its bytes
    readings: dict = field(default_factory=dict)  # (reader, arguments) -> (input files' stats, result)
    environment: tuple | None = None  # (templates fingerprint, compiled and checked template environment)
    written: dict = field(default_factory=dict)  # output folder -> {path: (bytes, stat)} as written there (write.py)
    last_build: dict | None = None  # the last build's inputs and output (nochange.py): an unchanged one is not redone
    memos: dict = field(default_factory=dict)  # class -> its instance: what a reader or assembly keeps between builds
    fragments: dict = field(default_factory=dict)  # page address -> its {% fragment %} blocks as rendered (fragments.py)
    readers: dict = field(default_factory=dict)  # id of a view model read by entries -> its _Readers
    pieces: dict = field(default_factory=dict)  # page address -> {id: (a large piece of its text, its bytes)} (render.py)
    planned: dict = field(default_factory=dict)  # id of an Output -> (it, templates, site, bytes, path) of its entry

    def memo(self, kind: type):
        """The one `kind()` this cache keeps (a reader's or the assembly's memory of the last build)."""
        found = self.memos.get(kind)
        if found is None:
            found = self.memos[kind] = kind()
        return found

    def read(self, reader, files: list[Path], *args):
        """`reader(*args)`, or its result from an earlier build if none of `files` changed since."""
        stats = tuple(_stat(path) for path in files)
        key = (getattr(reader, "__qualname__", repr(reader)), *map(str, args))
        known = self.readings.get(key)
        if known is not None and known[0] == stats:
            note_reads(files)  # so that checks of what the build read see these files as read
            return known[1]
        result = reader(*args)
        self.readings[key] = (stats, result)
        return result


def read_with(cache: BuildCache | None, reader, files: list[Path], *args):
    """Run a reader, through the cache when there is one."""
    return cache.read(reader, files, *args) if cache is not None else reader(*args)


def input_files(folder: Path, pattern: str) -> list[Path]:
    """The files a reader of `folder` will read, to key its cached result on."""
    return sorted(folder.rglob(pattern)) if folder.is_dir() else [folder]


def _stat(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


class BuildRecorder:
    """One build's view of the cache: reuses outputs whose reads are unchanged, records the others."""

    def __init__(self, cache: BuildCache | None):
        self.cache = cache
        self._comparison = Comparison()
        self._templates: bytes = b""
        self._environment: tuple | None = None  # (templates fingerprint, environment) of this build
        self.rendered: list[str] = []
        self._fragments: dict | None = None  # the fragments of the page being rendered
        self.pieces: tuple[dict, dict] | None = None  # its large pieces of text as last rendered, and this rendering's
        self._verdicts: dict = {}  # (read, id of the view model) -> (the value last build, the view model, same?)
        self._changed: dict = {}  # (id of an old view model, name, id of this build's) -> (both, pages that read a change)
        self._bases: dict = {}  # id of a site of an earlier build -> (it, the pages whose reads of it changed, or None)

    def environment(self, template_dirs: list[Path], make):
        """The template environment `make()` gives with its errors, compiled once while the templates stay the same."""
        fragments.end_page()  # (a page whose rendering failed in an earlier build left its fragments active)
        fingerprint = templates_digest(template_dirs)
        self._templates = fingerprint
        for known in (self._environment, self.cache.environment if self.cache is not None else None):
            if known is not None and known[0] == fingerprint:
                self._templates = known[0]  # (the very object the pages rendered with it recorded)
                return known[1], []
        env, errors = make()
        if not errors:
            self._environment = (fingerprint, env)
            if self.cache is not None:
                self.cache.environment = self._environment
        return env, errors

    def _value(self, key, context: dict):
        if key == TEMPLATES:
            return self._templates
        if isinstance(key, tuple):  # (path: a context name, then fields and keys, WHOLE or TRUTH)
            path, how = key
            try:
                value = _resolve(context.get(path[0], _MISSING), path[1:])
            except AttributeError:
                return _MISSING
            return bool(value) if how == TRUTH and value is not _MISSING else value
        return context.get(key, _MISSING)

    def _unchanged(self, old, new) -> bool:
        if old is _MISSING or new is _MISSING:
            return old is new
        return self._comparison.same(old, new)

    def reused_as_planned(self, outputs: list, site) -> dict:
        """{id of an output: (it, .., the bytes rendered before, its path)} for each of `outputs` that is the very Output object of then
        (its context the same objects), rendered with `site`'s configuration, menu and templates alike and none of
        the fields it read of the site changed. For the others, `reusable` looks at each value they read.
        (Outputs are found by their id, without reading them: 13,750 outputs, 2 µs each, mostly memory.)"""
        if self.cache is None:
            return {}
        planned, templates, bases = self.cache.planned, self._templates, self._bases
        reused = {}
        for output in outputs:
            known = planned.get(id(output))
            if known is None or known[0] is not output or known[1] is not templates:
                continue
            base = known[2]
            if base is not site:
                if base is None:
                    continue
                verdict = bases.get(id(base))
                if verdict is None or verdict[0] is not base:
                    verdict = bases[id(base)] = (base, self._outputs_of(self._site_changes(base, site)))
                if verdict[1] is None or id(output) in verdict[1]:
                    continue
            reused[id(output)] = known
        return reused

    def _outputs_of(self, paths: set | None) -> set | None:
        """The ids of the Outputs last rendered (or found unchanged) for `paths`."""
        if paths is None:
            return None
        entries = self.cache.entries
        return {id(entry.output) for entry in map(entries.get, paths) if entry is not None and entry.output is not None}

    def _plan(self, path: str, entry: _Rendered, output, base) -> None:
        """Note `entry` as rendered from (or found unchanged with) `output` for reused_as_planned."""
        planned = self.cache.planned
        if entry.output is not None and entry.output is not output:
            planned.pop(id(entry.output), None)
        entry.output, entry.base = output, base
        if output is not None:
            planned[id(output)] = (output, entry.reads[TEMPLATES], base, entry.data, path)

    def _site_changes(self, base, site) -> set | None:
        """The pages rendered with the site `base` whose reads of it give another value with `site`; None if its
        configuration or menu (which every page reads) changed."""
        if not (self._same_as_before("config", base.config, site.config)
                and self._same_as_before("nav", base.nav, site.nav)):
            return None
        readers = self.cache.readers.get(id(base))
        if readers is None or readers.model is not base or readers.trie is None:
            return None
        return self._changed_readers(readers, "site", site)

    def _changed_readers(self, readers: _Readers, name: str, root) -> set:
        """The pages whose reads of `readers.model` under the context name `name` give another value from `root`."""
        key = (id(readers.model), name, id(root))
        known = self._changed.get(key)
        if known is None or known[0] is not readers.model or known[1] is not root:
            changed: set = set()
            below = readers.trie.get(name)
            if below is not None:
                self._walk(below, readers.model, root, changed)
            known = self._changed[key] = (readers.model, root, changed)
        return known[2]

    def _walk(self, node: dict, old, new, changed: set) -> None:
        """Add to `changed` the readers, in the trie `node`, of what gives another value from `new` than from `old`;
        a step whose old and new values are the very same object is not followed."""
        if type(old) is Lookup and type(new) is Lookup and len(node) * 4 > len(old):  # (read for most of its keys)
            self._walk_lookup(node, old, new, changed)
            return
        lookups = isinstance(old, dict) and isinstance(new, dict)
        for step, below in node.items():
            if lookups and type(step) is Key:
                old_value, new_value = old.get(step[0], _MISSING), new.get(step[0], _MISSING)
                if old_value is not new_value:
                    self._walk(below, old_value, new_value, changed)
            elif step == WHOLE or step == TRUTH:
                # (pages already known to have read a change need no comparison: the list pages read whole the
                # papers, the groups, the letters, each a comparison of thousands of items)
                if not below <= changed and self._read_changed(step, old, new):
                    changed |= below
            else:
                old_value, new_value = _step(old, step), _step(new, step)
                if old_value is not new_value:
                    self._walk(below, old_value, new_value, changed)

    def _walk_lookup(self, node: dict, old: Lookup, new: Lookup, changed: set) -> None:
        """_walk from a large Lookup, read key by key (its other reads are WHOLE or TRUTH): only the keys whose entry
        is not the very same object are followed, found in one pass over the tables instead of one per key read."""
        new_get = new.get
        differing = [key for key, value in old.items() if new_get(key, _MISSING) is not value]
        differing.extend(new.keys() - old.keys())
        for key in differing:
            below = node.get(Key(key))
            if below is not None:
                self._walk(below, old.get(key, _MISSING), new_get(key, _MISSING), changed)
        for how in (WHOLE, TRUTH):
            below = node.get(how)
            if below is not None and not below <= changed and self._read_changed(how, old, new):
                changed |= below

    def _read_changed(self, how: str, old, new) -> bool:
        """Whether reading a value WHOLE or its TRUTH gives another result for `new` than for `old`."""
        if old is new:
            return False
        if old is _MISSING or new is _MISSING:
            return True
        return bool(old) != bool(new) if how == TRUTH else not self._comparison.same(old, new)

    def reusable(self, path: str, context: dict, output=None) -> bytes | None:
        """The bytes rendered before for `path`, if nothing it read has changed since."""
        fragments.end_page()
        if self.cache is None:
            return None
        entry = self.cache.entries.get(path)
        if entry is None or entry.names != context.keys():
            return None
        templates = self._templates
        for key, old in entry.reads.items():  # (context names, and the templates)
            new = templates if key == TEMPLATES else context.get(key, _MISSING)
            if old is new or (type(old) in _PLAIN and type(new) is type(old) and old == new):
                continue
            # the configuration and the menu, the same objects for every page: compared once a build
            if not self._same_as_before(key, old, new):
                return None
        readers_of = self.cache.readers
        for name, (model, reads) in entry.fields.items():
            root = context[name]
            if root is model:  # the very same view model as last build (the assembly reuses unchanged ones)
                continue
            readers = readers_of.get(id(model))
            if readers is not None and readers.trie is not None and readers.model is model:
                if path in self._changed_readers(readers, name, root):  # (`site`, which most pages read)
                    return None
                continue
            for key, old in reads.items():
                if not self._same_as_before(key, old, root, context):
                    return None
        if output is not None:  # found unchanged with this Output: the next build may stop at `is`
            entry.reads[TEMPLATES] = templates
            base = entry.base if entry.base is not None and _base_of(context, output, entry.base) else None
            self._plan(path, entry, output, base)
        return entry.data

    def _same_as_before(self, key, old, root, context: dict | None = None) -> bool:
        """Whether `old`, what the read `key` gave last build, renders alike with what it gives now: `root` itself,
        or with `context`, the field `key` of the view model `root`. The verdict for (read, old value, `root`) is
        reached once a build, however many pages ask."""
        known = self._verdicts.get((key, id(root)))
        if known is not None and known[0] is old and known[1] is root:
            return known[2]
        same = self._unchanged(old, root if context is None else self._value(key, context))
        self._verdicts[(key, id(root))] = (old, root, same)
        return same

    def track(self, context: dict) -> tuple[dict, set]:
        """The context to render with (each view model behind a recording proxy) and the set that collects its reads."""
        read: set = set()
        if self.cache is not None:
            page = context.get("page_url")
            self._fragments = fragments.start_page(self.cache.fragments.get(page), self._comparison, context,
                                                   self._templates)
            self.pieces = (self.cache.pieces.get(page, {}), {})
        tracked = {name: Recording(value, (name,), read) if is_dataclass(value) and not isinstance(value, type)
                   else value for name, value in context.items()}
        return tracked, read

    def store(self, path: str, context: dict, reads_of_fields: set, data: bytes, output=None, site=None) -> None:
        """Remember what rendering `path` (from `output`, with `site`) read, the values themselves to compare with
        the next build's, and its bytes."""
        self.rendered.append(path)
        fragments.end_page()
        if self.cache is None:
            return
        page = context.get("page_url")
        if self._fragments and len(self._fragments) > 1:  # (more than what they all depend on)
            self.cache.fragments[page] = self._fragments
        else:
            self.cache.fragments.pop(page, None)
        self._fragments = None
        if self.pieces is not None and self.pieces[1]:
            self.cache.pieces[page] = self.pieces[1]
        else:
            self.cache.pieces.pop(page, None)
        self.pieces = None
        reads: dict = {}
        models: dict = {}
        for name, value in context.items():
            if is_dataclass(value) and not isinstance(value, type):
                models[name] = (value, {})
            else:
                reads[name] = value
        reads[TEMPLATES] = self._templates
        for key in reads_of_fields:  # thousands of pages read the same fields: one key object for all of them
            models[key[0][0]][1][_READS.setdefault(key, key)] = self._value(key, context)
        entry = _Rendered(frozenset(context), reads, models, data)
        entries = self.cache.entries
        earlier = entries.get(path)
        if earlier is not None:
            self._leave(path, earlier)
        entries[path] = entry
        self._join(path, entry)
        self._plan(path, entry, output, site if output is not None and _base_of(context, output, site) else None)

    def _join(self, path: str, entry: _Rendered) -> None:
        """Index `entry` under each view model it read (see _Readers)."""
        readers_of, entries = self.cache.readers, self.cache.entries
        for name, (model, reads) in entry.fields.items():
            readers = readers_of.get(id(model))
            if readers is None or readers.model is not model:
                readers = readers_of[id(model)] = _Readers(model)
            readers.pages.add(path)
            if readers.trie is not None:
                readers.add(reads, path)
            elif len(readers.pages) > 1:  # read by more than one page: worth its trie
                readers.trie = {}
                for other in readers.pages:
                    for model_read, reads_of_other in entries[other].fields.values():
                        if model_read is model:
                            readers.add(reads_of_other, other)

    def _leave(self, path: str, entry: _Rendered) -> None:
        if entry.output is not None and self.cache.planned.get(id(entry.output), (None,))[0] is entry.output:
            del self.cache.planned[id(entry.output)]
        readers_of = self.cache.readers
        for model, reads in entry.fields.values():
            readers = readers_of.get(id(model))
            if readers is None or readers.model is not model:
                continue
            if readers.trie is not None:
                readers.remove(reads, path)
            readers.pages.discard(path)
            if not readers.pages:
                del readers_of[id(model)]

    def forget_others(self, paths: set[str]) -> None:
        """Drop cache entries of outputs this build no longer has."""
        if self.cache is not None:
            entries = self.cache.entries
            for gone in entries.keys() - paths:
                self._leave(gone, entries.pop(gone))
            for kept in (self.cache.fragments, self.cache.pieces):  # (by page address)
                for gone in [page for page in kept if page not in paths and page + "index.html" not in paths]:
                    del kept[gone]


def _base_of(context: dict, output, site) -> bool:
    """Whether `context`, made from `output`, takes its site, configuration and menu from `site` (not the Output's
    own, as an edition's pages do): then the same Output with another site differs only in what comes from it."""
    return context.get("site") is site and not ({"site", "config", "nav"} & output.context.keys())


@contextmanager
def earlier_builds_frozen(cache: BuildCache | None):
    """While a preview build runs, the cyclic garbage collector leaves alone what earlier builds left.

    The cache holds millions of objects (pages, what they read, the parsed entries); each full collection
    during a build scanned them all again (3 to 5 of them, 1.5-2 s each on 10,000 papers: half of a
    one-paper edit). `gc.freeze` sets them aside for the build, `gc.unfreeze` gives them back to the
    collector after. What they drop during a build is freed by reference counting as usual; 30 edits in a
    row left 300 objects for the next full collection.
    """
    if cache is None:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
