"""data/committees.yaml: committees, their members, roles and affiliations."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.readers.yaml_data import load_yaml_file
from confsite.schema import CommitteesFile
from confsite.validate import validate

COMMITTEES_FILE = "data/committees.yaml"


def read_committees(site_dir: Path) -> tuple[CommitteesFile | None, list[SiteError]]:
    """Read and check the committees file; a site without one has no committees page."""
    path = site_dir / COMMITTEES_FILE
    if not path.exists():
        return None, []
    data, error = load_yaml_file(path, COMMITTEES_FILE)
    if error:
        return None, [error]
    if isinstance(data, list):
        return None, [SiteError(COMMITTEES_FILE, getattr(data, "line", 1), "the file starts with a list",
                                "start with 'committees:' and indent the list of committees under it")]
    return validate(CommitteesFile, data, COMMITTEES_FILE)
