"""YAML that remembers where each value was written, so that errors can say `path:line`."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser alone
    CParser = None
from confsite.errors import SiteError
from confsite.located import YDict, YList, line_at, line_of, position_of  # noqa: F401  (read here, used by the readers)
from confsite.read.text import read_text


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _DuplicateKey(Exception):
    def __init__(self, key, line: int, column: int):
        self.key, self.line, self.column = key, line, column


class _LocatingLoader(yaml.SafeLoader):
    """SafeLoader that builds YDict/YList and refuses a key given twice in one mapping."""

    def construct_yaml_map(self, node):
        data = YDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        data.positions = {}
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in data:
                raise _DuplicateKey(key, *_mark(key_node))
            data[key] = self.construct_object(value_node, deep=True)
            data.key_lines[key] = key_node.start_mark.line + 1
            data.positions[key] = (_mark(key_node), _mark(value_node))

    def construct_yaml_seq(self, node):
        data = YList()
        data.line = node.start_mark.line + 1
        data.item_lines = [item.start_mark.line + 1 for item in node.value]
        data.positions = [_mark(item) for item in node.value]
        yield data
        data.extend(self.construct_object(item, deep=True) for item in node.value)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_yaml_map)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _LocatingLoader.construct_yaml_seq)
# Timestamps stay strings: dates are parsed (and their errors located) by the code that knows what they mean.
# YAML 1.1 also reads `10:30` as the base-60 number 630; clock times must stay text.
_LocatingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LocatingLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"))
_LocatingLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


if CParser is not None:
    class _FastLocatingLoader(CParser, _LocatingLoader):
        """The same loader over libyaml's parser (four times faster on a large program); errors are located by the other."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # PyYAML built without libyaml
    _FastLocatingLoader = None


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[object, SiteError | None]:
    """Parse YAML text; `first_line` is the file line where `text` starts (front matter is inside a page)."""
    text = "\n" * (first_line - 1) + text  # so that every mark is already a line of the whole file
    if _FastLocatingLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLocatingLoader), None  # noqa: S506 - a SafeLoader subclass
        except Exception:  # noqa: BLE001 - any failure is read again below, which names the error as always
            pass
    try:
        return yaml.load(text, Loader=_LocatingLoader), None  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        return None, SiteError(shown, exc.line, f"the key '{exc.key}' is given twice in the same mapping",
                               "keep one of them; YAML would silently use only the last", exc.column)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in f"{exc.problem} {exc.context}".replace("<stream end>", "end of stream"):
            mark = exc.context_mark  # an unclosed bracket or quote: point where it was opened, not at the file's end
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        unclosed = _unclosed_quote(text, line) if line else None
        if unclosed:  # the parser stumbles a line later; the mistake is the quote left open
            return None, SiteError(shown, unclosed[0], "YAML syntax error: this quote is never closed on its line",
                                   "close the quote, e.g. start: \"09:00\"", unclosed[1])
        return None, SiteError(shown, line, f"YAML syntax error: {problem}", _yaml_hint(problem), column)
    except yaml.YAMLError as exc:
        return None, SiteError(shown, first_line, f"YAML error: {exc}", "check the file's syntax")
    except RecursionError:
        return None, SiteError(shown, first_line, "the YAML is nested too deeply to be read",
                               "check for unclosed or repeated [ and { brackets")


def _unclosed_quote(text: str, line: int) -> tuple[int, int] | None:
    """(line, column) of a double quote opened and left open on the line before `line`, if there is one."""
    lines = text.split("\n")
    if line < 2 or line - 2 >= len(lines):
        return None
    before = lines[line - 2]
    content = before.split(" #")[0]
    value_start = content.find(": ") + 2 if ": " in content else content.find("- ") + 2
    value = content[value_start:].lstrip() if value_start >= 2 else ""
    if value.startswith('"') and (value.count('"') - value.count('\\"')) % 2 == 1:
        return line - 1, len(before) - len(before[value_start:].lstrip()) + 1
    return None


def _yaml_hint(problem: str) -> str:
    if "end of stream" in problem:
        return "a quote or bracket opened here is never closed; close it, e.g. title: \"MLSys 2025\" or [a, b]"
    if "tab" in problem:
        return "indent with spaces, never tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"MLSys: the conference\""
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "each line of a mapping is 'key: value'; check the indentation and the quotes on this line and the one before"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation: items of one list or mapping must start in the same column"
    return "check the quotes, colons and indentation around this line"


def load_yaml_file(path: Path, shown: str) -> tuple[object, SiteError | None]:
    """Read and parse one YAML file."""
    text, error = read_text(path, shown)
    if error:
        return None, error
    return parse_yaml(text, shown)
