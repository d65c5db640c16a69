"""Merging imported sessions into data/program.yaml: a session already there (same id) is updated in place, a new
one is added to its day; whatever was written by hand (comments, a chair, a second talk, sessions and days of
its own) stays, because the file is edited as YAML that keeps its comments and order (ruamel.yaml)."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from confsite.errors import SiteError
from confsite.importers.schedule import ImportedSession

# what an import owns in a session: set from the export, or removed when the export no longer has it
_OWNED = ("title", "kind", "start", "end", "room", "track")
# what an import sets when the export has it, and never removes (it may have been written by hand)
_GIVEN = ("description",)
_OWNED_IN_TALK = ("title", "speakers")
_GIVEN_IN_TALK = ("abstract", "url")


@dataclass(frozen=True)
class ProgramReport:
    """What an import changed in data/program.yaml."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    kept: tuple[str, ...]  # sessions of the file that the export does not have (left as they were)
    text: str  # the file's new text


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, key order and quotes are kept
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long lines stay whole: a wrapped plain scalar leaves trailing spaces
    yaml.preserve_quotes = True
    return yaml


def merge_program(text: str, sessions: list[ImportedSession], shown: str, header: str) -> ProgramReport:
    """`text` (data/program.yaml, '' when there is none) with `sessions` merged in. SiteError: the file is no
    YAML, or not a program (no 'days' list)."""
    yaml = _yaml()
    try:
        document = yaml.load(text) if text.strip() else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SiteError(shown, mark.line + 1 if mark else None, f"not valid YAML: {exc.problem}",
                        "fix the file (or move it away) and import again") from None
    if document is None:
        document = CommentedMap()
        document.yaml_set_start_comment(header)
    if not isinstance(document, dict) or not isinstance(document.get("days", []), list):
        raise SiteError(shown, 1, "the file has no 'days' list", "start the file with 'days:' (see the program docs)")
    days = document.setdefault("days", CommentedSeq())
    found = {}
    for day in days:
        for session in (day.get("sessions") or []) if isinstance(day, dict) else []:
            if isinstance(session, dict) and session.get("id") is not None:
                found[str(session["id"])] = (day, session)
    added, updated, unchanged = [], [], []
    for imported in sorted(sessions, key=lambda s: (s.date, s.start, s.room or "", s.id)):
        if imported.id in found:
            day, node = found[imported.id]
            before = _plain(node)
            _update(node, imported)
            if _date(day.get("date")) != imported.date:
                day["sessions"].remove(node)
                _sessions_of(days, imported.date).append(node)
            (unchanged if _plain(node) == before else updated).append(imported.id)
        else:
            _sessions_of(days, imported.date).append(_new(imported))
            added.append(imported.id)
    imported_ids = {s.id for s in sessions}
    kept = tuple(sorted(i for i in found if i not in imported_ids))
    out = io.StringIO()
    yaml.dump(document, out)
    return ProgramReport(tuple(added), tuple(updated), tuple(unchanged), kept, out.getvalue())


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _sessions_of(days: CommentedSeq, date: dt.date) -> CommentedSeq:
    """The sessions list of the day `date`, made (in date order among the others) when the file has no such day."""
    for day in days:
        if isinstance(day, dict) and _date(day.get("date")) == date:
            if not isinstance(day.get("sessions"), list):
                day["sessions"] = CommentedSeq()
            return day["sessions"]
    day = CommentedMap([("date", date), ("sessions", CommentedSeq())])
    position = next((i for i, other in enumerate(days) if isinstance(other, dict)
                     and (_date(other.get("date")) or dt.date.max) > date), len(days))
    days.insert(position, day)
    return day["sessions"]


def _values(imported: ImportedSession) -> dict:
    return {"title": imported.title, "kind": imported.kind, "start": DoubleQuotedScalarString(f"{imported.start:%H:%M}"),
            "end": DoubleQuotedScalarString(f"{imported.end:%H:%M}"), "room": imported.room, "track": imported.track,
            "description": imported.subtitle}


def _talk_values(imported: ImportedSession) -> dict:
    speakers = CommentedSeq(imported.speakers)
    speakers.fa.set_flow_style()
    abstract = imported.abstract
    return {"title": imported.title, "speakers": speakers if imported.speakers else None,
            "abstract": LiteralScalarString(abstract) if abstract and "\n" in abstract else abstract,
            "url": imported.url}


def _new(imported: ImportedSession) -> CommentedMap:
    values = _values(imported)
    node = CommentedMap([("title", values.pop("title")), ("id", imported.id)])
    node.update((key, value) for key, value in values.items() if value is not None)
    if imported.papers:  # a paper session holds its papers, not a talk named after itself
        node["items"] = CommentedSeq(CommentedMap([("paper", key)]) for key in imported.papers)
        return node
    if not imported.talk:
        return node
    talk = CommentedMap((key, value) for key, value in _talk_values(imported).items() if value is not None)
    node["items"] = CommentedSeq([talk])
    return node


def _update(node: CommentedMap, imported: ImportedSession) -> None:
    _set(node, _values(imported), _OWNED, _GIVEN)
    items = node.get("items")
    if imported.papers:  # the export owns the session's papers; talks added by hand stay after them
        items = items if isinstance(items, list) else []
        papers = [item.get("paper") for item in items if isinstance(item, dict) and item.get("paper") is not None]
        if papers != imported.papers:
            talks = [item for item in items if not (isinstance(item, dict) and item.get("paper") is not None)]
            node["items"] = CommentedSeq([*(CommentedMap([("paper", key)]) for key in imported.papers), *talks])
        return
    if not imported.talk:  # its items, if any, were written by hand
        return
    if not isinstance(items, list) or not items:
        node["items"] = items = CommentedSeq([CommentedMap()])
    talk = items[0]
    if isinstance(talk, dict) and talk.get("paper") is None:  # a talk replaced by a paper by hand stays the paper
        _set(talk, _talk_values(imported), _OWNED_IN_TALK, _GIVEN_IN_TALK)


def _set(node: CommentedMap, values: dict, owned: tuple, given: tuple) -> None:
    for key in owned + given:
        value = values[key]
        if value is None:
            if key in owned:
                node.pop(key, None)
        elif _plain(node.get(key)) != _plain(value):
            node[key] = value


def _plain(value):
    """The value without its YAML styling, to tell a changed value from a re-quoted one."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, int, float, bool)) or value is None:
        return value
    return str(value)


def write_program(path: Path, text: str) -> None:
    """Replace data/program.yaml atomically."""
    from confsite.importers.merge import _write_atomically

    _write_atomically(path, text)
