"""The common first steps of every optional YAML data file: read it, parse it, check its schema."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from confsite.errors import SiteError
from confsite.read.yaml_data import YDict, load_yaml_file
from confsite.read.validate import validate

Model = TypeVar("Model", bound=BaseModel)


def read_data_file(site_dir: Path, relative: str, schema: type[Model], first_key: str,
                   ) -> tuple[Model | None, YDict | None, list[SiteError]]:
    """The validated file and the YAML it came from (whose marks locate later errors), or its errors.

    A missing file is no error: it gives (None, None, []). `first_key` is the key the file is expected
    to start with, named in the hint when the file is a list or a single value instead of a mapping.
    """
    path = site_dir / relative
    if not path.exists():
        return None, None, []
    data, error = load_yaml_file(path, relative)
    if error:
        return None, None, [error]
    if data is not None and not isinstance(data, dict):
        what = "the file starts with a list" if isinstance(data, list) else "the file must be a mapping of keys to values"
        return None, None, [SiteError(relative, getattr(data, "line", 1), what,
                                      f"start the file with '{first_key}:' and indent the list of {first_key} under it")]
    model, errors = validate(schema, data, relative)
    return model, data, errors
