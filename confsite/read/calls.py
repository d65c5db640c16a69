"""data/calls.yaml: the calls (for papers, artifacts, workshops...) and the conference's important dates."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confsite.errors import SiteError
from confsite.read.data_file import read_data_file
from confsite.schema_calls import CallsFile

CALLS_FILE = "data/calls.yaml"


@dataclass(frozen=True)
class CallsData:
    """The validated file and the raw YAML it came from (whose marks locate later errors)."""

    calls: CallsFile
    raw: object


def read_calls(site_dir: Path) -> tuple[CallsData | None, list[SiteError]]:
    """Read and check data/calls.yaml; a site without one has no calls and no important dates."""
    calls, data, errors = read_data_file(site_dir, CALLS_FILE, CallsFile, "calls")
    if calls is None:
        return None, errors
    return CallsData(calls, data), []
