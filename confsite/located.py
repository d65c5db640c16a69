"""Values read from a file that remember where they were written, so that errors can say `path:line`."""
from __future__ import annotations


class YDict(dict):
    """A mapping read from YAML; `line` is where it starts, `key_lines[key]` where each key is.

    `positions[key]` is ((key line, key column), (value line, value column)), columns counted from 1.
    """

    line: int = 0
    key_lines: dict = {}
    positions: dict = {}


class YList(list):
    """A sequence read from YAML; `line` is where it starts, `item_lines[i]` where each item is.

    `positions[i]` is (line, column) of each item, columns counted from 1.
    """

    line: int = 0
    item_lines: list = []
    positions: list = []


def line_of(container, key, default: int | None = None) -> int | None:
    """The line of `container[key]` (a key of a YDict or an index of a YList)."""
    if isinstance(container, YDict):
        return container.key_lines.get(key, container.line or default)
    if isinstance(container, YList) and isinstance(key, int) and key < len(container.item_lines):
        return container.item_lines[key]
    return getattr(container, "line", None) or default


def line_at(root, *steps) -> int | None:
    """The line where the value at `steps` below `root` was written, e.g. line_at(data, 'nav', 2); where the
    path stops early (a missing key), the line of the last value found."""
    container, line = root, None
    for step in steps:
        if container is None:
            break
        line = line_of(container, step) or line
        try:
            container = container[step]
        except (KeyError, IndexError, TypeError):
            break
    return line


def position_of(container, key, of_value: bool = False) -> tuple[int | None, int | None]:
    """(line, column) of a key of a YDict (or of its value when `of_value`), or of an item of a YList."""
    if isinstance(container, YDict) and key in getattr(container, "positions", {}):
        return container.positions[key][1 if of_value else 0]
    if isinstance(container, YList) and isinstance(key, int) and key < len(getattr(container, "positions", [])):
        return container.positions[key]
    return line_of(container, key), None
