"""data/sponsors.yaml (optional): sponsors by tier, with their logos under static/."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.read.images import missing_image
from confsite.read.data_file import read_data_file
from confsite.schema import SponsorsFile

SPONSORS_FILE = "data/sponsors.yaml"


def read_sponsors(site_dir: Path) -> tuple[SponsorsFile | None, list[SiteError]]:
    """Read and check the sponsors file; every logo must be a file under the site's static/."""
    sponsors, data, errors = read_data_file(site_dir, SPONSORS_FILE, SponsorsFile, "tiers")
    if sponsors is None:
        return None, errors
    for t, tier in enumerate(sponsors.tiers):
        for s, sponsor in enumerate(tier.sponsors):
            error = missing_image(site_dir, SPONSORS_FILE, data["tiers"][t]["sponsors"][s], "logo", sponsor.logo)
            errors += [error] if error else []
    return (None if errors else sponsors), errors
