"""data/calls.yaml: the calls (for papers, artifacts, workshops...) and the conference's important dates."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confsite.errors import SiteError
from confsite.readers.yaml_data import load_yaml_file
from confsite.schema_calls import CallsFile
from confsite.validate import validate

CALLS_FILE = "data/calls.yaml"


@dataclass(frozen=True)
class CallsData:
    """The validated file and the raw YAML it came from (whose marks locate later errors)."""

    calls: CallsFile
    raw: object


def read_calls(site_dir: Path) -> tuple[CallsData | None, list[SiteError]]:
    """Read and check data/calls.yaml; a site without one has no calls and no important dates."""
    path = site_dir / CALLS_FILE
    if not path.exists():
        return None, []
    data, error = load_yaml_file(path, CALLS_FILE)
    if error:
        return None, [error]
    if data is not None and not isinstance(data, dict):
        return None, [SiteError(CALLS_FILE, getattr(data, "line", 1), "the file must be a mapping, not a list",
                                "start with 'calls:' and indent the list of calls under it")]
    calls, errors = validate(CallsFile, data, CALLS_FILE)
    if errors:
        return None, errors
    return CallsData(calls, data), []
