"""What the preview keeps from one build to the next to redo only what changed (readers, assembly).

A `Recent` table maps a key to a result; a build that starts with `turn()` keeps, for the next build, only
the entries it used, so the table holds one build's worth and never grows with the edits. Keys are the
inputs themselves (a chunk of BibTeX text), or objects held in the entry next to the result (an entry
reused by the reader, which keeps its identity), so that a hit gives exactly what computing again gives.
"""
from __future__ import annotations

_NONE = object()


class Recent:
    """A dict that forgets what the last build did not use."""

    __slots__ = ("_old", "_new")

    def __init__(self):
        self._old: dict = {}
        self._new: dict = {}

    def turn(self) -> None:
        """Start a build: what the previous one used stays available, the rest is dropped."""
        self._old, self._new = self._new, {}

    def keep_all(self) -> None:
        """Keep what the previous build used too: this one stopped early (an error) and did not ask for all of it."""
        self._new = {**self._old, **self._new}

    def get(self, key, default=None):
        value = self._new.get(key, _NONE)
        if value is _NONE:
            value = self._old.get(key, _NONE)
            if value is _NONE:
                return default
            self._new[key] = value
        return value

    def __setitem__(self, key, value) -> None:
        self._new[key] = value

    def __len__(self) -> int:
        return len(self._new)
