"""Check raw YAML data against a pydantic schema and turn its findings into located, fixable errors."""
from __future__ import annotations

import difflib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from confsite.errors import SiteError
from confsite.read.yaml_data import YDict, YList, line_of, position_of

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: object, shown: str, first_line: int = 1) -> tuple[M | None, list[SiteError]]:
    """Validate `data` (read from `shown`) as `model`; return the instance or every problem found."""
    if data is None:
        data = YDict()
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found = exc.errors()
        misspelled = _misspelled(model, data, found)
        return None, [_located(model, data, shown, first_line, error) for error in found
                      if not (error["type"] == "missing" and tuple(error["loc"]) in misspelled)]


def _misspelled(model, data, errors) -> set[tuple]:
    """Required keys that are absent because they were misspelled: 'titel' already says what is wrong."""
    unknown = [tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
    result = set()
    for loc in unknown:
        _, _, holder = _walk(data, loc, model)
        known = sorted(holder.model_fields) if holder is not None else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        if close:
            result.add(loc[:-1] + (close[0],))
    return result


def _located(model: type[BaseModel], data: object, shown: str, first_line: int, error: dict) -> SiteError:
    loc = tuple(error["loc"])
    line, container, fields_model = _walk(data, loc, model)
    kind = error["type"]
    column = None
    if loc and isinstance(container, (YDict, YList)):
        found_line, column = position_of(container, loc[-1], of_value=kind not in ("extra_forbidden", "missing"))
        line = found_line or line
    if kind == "missing" or not loc:
        column = None  # the key is absent: the line of the mapping that lacks it is all there is to point at
    line = line or first_line
    dotted = _dotted(loc)
    if kind == "extra_forbidden":
        key = loc[-1]
        known = sorted(fields_model.model_fields) if fields_model else []
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys here: {', '.join(known)}"
        return SiteError(shown, line, f"unknown key '{key}'", hint, column)
    if kind == "missing":
        return SiteError(shown, line, f"'{loc[-1]}' is required here" + (f" (in {_dotted(loc[:-1])})" if loc[:-1] else ""),
                         _example_hint(fields_model, loc[-1]) or f"add '{loc[-1]}: ...'")
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    hint = _example_hint(fields_model, loc[-1] if loc else None)
    return SiteError(shown, line, f"{dotted}: {message}" if dotted else message, hint, column)


def _walk(data, loc, model):
    """Follow `loc` through the YAML data: the line of its last step found, and the schema that holds that step."""
    line = getattr(data, "line", None)
    container, holder = data, model
    for index, step in enumerate(loc):
        if index == len(loc) - 1 or not isinstance(container, (YDict, YList)):
            if isinstance(container, (YDict, YList)):
                line = line_of(container, step) or line
            return line, container, holder
        try:
            inner = container[step]
        except (KeyError, IndexError, TypeError):
            return line, container, holder
        line = line_of(container, step) or line
        if isinstance(step, str):
            field = holder.model_fields.get(step) if holder is not None else None
            holder = _inner_model(field.annotation) if field is not None else None
        container = inner
    return line, container, holder


def _inner_model(annotation):
    """The BaseModel inside an annotation such as `list[Member]` or `Venue | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _example_hint(model, key) -> str:
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return ""
    info = model.model_fields[key]
    parts = []
    if info.description:
        parts.append(info.description)
    if info.examples:
        parts.append(f"for example {key}: {info.examples[0]}")
    return "; ".join(parts)


def _dotted(loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
