"""Remembering per-item work by value between the builds of one process (the preview's), Salsa-style.

The build is written as if it were not incremental. A step that is done per item (an entry's text to its parsed
entry, an entry to its Paper, a person to its Person, an output to its bytes) asks a `Memo` for the result of its
inputs: `memo.get("paper", key, make)` returns what `make()` gave for an equal key, in this build or the last one,
and calls `make()` otherwise. A key holds the inputs themselves (hashable values), or the `id()` of objects that
another step of the memo made (given as `keep`, kept alive with the result): an unchanged paper is the very same
object as last build, so a person made from it is found again.

Whole-list steps (orders, groups, letters, indexes) simply run again; `memo.kept(name, value)` then gives back the
last build's object when the new one is equal to it ("backdating"), so that what reads it finds the very same object.

Without a memo (`None`, a plain `confsite build`) each step computes: `remembered(None, ...)` is `make()`.
A build starts with `memo.turn()`: what neither of the last two builds used is forgotten, so the tables hold two
builds' worth.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Callable, TypeVar

T = TypeVar("T")
_NONE = object()


class Memo:
    """Results of per-item steps by their inputs, and the last build's whole-list values, kept across builds."""

    def __init__(self):
        self._last: dict = {}  # step -> {key: result}, from the build before this one
        self._now: dict = {}  # step -> {key: result}, used or made by this build
        # step -> {key: result} the last build did not use but the one before made: a whole result remembered (the
        # schedule files) spares the lookups of its parts, which the next edit needs again
        self._spare: dict = {}
        self._values: dict = {}  # name -> the value `kept` gave the last time
        self._parts: dict = {}  # name -> the Memo of a part of the site built with its own steps (a past edition)

    def part(self, name: str) -> "Memo":
        """The memo of a part of the site that is assembled like the site itself (a past edition), turned with it."""
        found = self._parts.get(name)
        if found is None:
            found = self._parts[name] = Memo()
        return found

    def turn(self) -> None:
        """Start a build: what the last build used stays available, and for one more build what it did not use; the
        rest is dropped."""
        self._spare = self._last  # (what is left in it: the last build did not ask for it)
        self._last, self._now = self._now, {}
        for part in self._parts.values():
            part.turn()

    def keep_all(self) -> None:
        """This build stopped early (an error) and did not ask for all it will need: keep the last build's too."""
        for step, last in self._last.items():
            self._now[step] = {**self._spare.get(step, {}), **last, **self._now.get(step, {})}
        for part in self._parts.values():
            part.keep_all()

    def get(self, step: str, key, make: Callable[[], T], keep=None) -> T:
        """What `make()` gives for the inputs `key` of `step`, made once while they stay the same.

        A key may hold objects by their `id()` (an object that another step made, which is the very same object
        while it is unchanged): `keep` holds those objects, kept alive with the result, so that their ids stay theirs.
        """
        now = self._now.get(step)
        if now is None:
            now = self._now[step] = {}
        last = self._last.get(step)
        found = last.pop(key, _NONE) if last is not None else _NONE
        if found is _NONE:
            found = now.get(key, _NONE)
            if found is _NONE:
                spare = self._spare.get(step)
                found = spare.pop(key, _NONE) if spare is not None else _NONE
                if found is _NONE:
                    found = (keep, make())
        now[key] = found
        return found[1]

    def kept(self, name: str, value: T) -> T:
        """`value`, or the last build's value of `name` when it is equal to it and of the same type (that object)."""
        last = self._values.get(name, _NONE)
        if last is not _NONE and type(last) is type(value) and same_value(last, value):
            return last
        self._values[name] = value
        return value


def remembered(memo: Memo | None, step: str, key, make: Callable[[], T], keep=None) -> T:
    """`memo.get(step, key, make, keep)`, or `make()` when there is no memo."""
    return make() if memo is None else memo.get(step, key, make, keep)


def kept(memo: Memo | None, name: str, value: T) -> T:
    """`memo.kept(name, value)`, or `value` when there is no memo."""
    return value if memo is None else memo.kept(name, value)


_PLAIN = frozenset({str, int, float, bool, bytes, type(None)})


@functools.cache
def _shown_fields(kind: type) -> tuple[str, ...]:
    """The fields of a view model that pages may show: not those marked `metadata={"shown": False}` (the line of a
    paper's entry, for messages), so that lines added above an entry do not make its paper render anew."""
    return tuple(item.name for item in dataclasses.fields(kind) if item.metadata.get("shown", True))


def same_value(old, new) -> bool:
    """Whether two values render alike: the same types all the way down (a str and the same text marked safe differ),
    sequences and mappings item by item and in order, dataclasses field by field; other values by `==`."""
    if old is new:
        return True
    kind = type(old)
    if kind is not type(new):
        return False
    if kind in _PLAIN:
        return old == new
    if kind is tuple or kind is list:
        return len(old) == len(new) and all(map(same_value, old, new))
    if isinstance(old, dict):
        return list(old) == list(new) and all(same_value(value, new[key]) for key, value in old.items())
    if hasattr(kind, "__dataclass_fields__"):
        return all(same_value(getattr(old, name), getattr(new, name)) for name in _shown_fields(kind))
    values = getattr(old, "__dict__", None)
    if values is not None and hasattr(old, "__pydantic_extra__"):  # a pydantic model (the site's configuration)
        return same_value(values, new.__dict__) and same_value(old.__pydantic_extra__, new.__pydantic_extra__)
    try:
        return bool(old == new)
    except Exception:  # a value that cannot be compared counts as changed
        return False
