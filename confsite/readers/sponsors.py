"""data/sponsors.yaml (optional): sponsors by tier, with their logos under static/."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.readers.images import missing_image
from confsite.readers.yaml_data import load_yaml_file
from confsite.schema import SponsorsFile
from confsite.validate import validate

SPONSORS_FILE = "data/sponsors.yaml"


def read_sponsors(site_dir: Path) -> tuple[SponsorsFile | None, list[SiteError]]:
    """Read and check the sponsors file; every logo must be a file under the site's static/."""
    path = site_dir / SPONSORS_FILE
    if not path.exists():
        return None, []
    data, error = load_yaml_file(path, SPONSORS_FILE)
    if error:
        return None, [error]
    if isinstance(data, list):
        return None, [SiteError(SPONSORS_FILE, getattr(data, "line", 1), "the file starts with a list",
                                "start with 'tiers:' and indent the list of tiers under it")]
    sponsors, errors = validate(SponsorsFile, data, SPONSORS_FILE)
    if sponsors is None:
        return None, errors
    for t, tier in enumerate(sponsors.tiers):
        for s, sponsor in enumerate(tier.sponsors):
            error = missing_image(site_dir, SPONSORS_FILE, data["tiers"][t]["sponsors"][s], "logo", sponsor.logo)
            errors += [error] if error else []
    return (None if errors else sponsors), errors
