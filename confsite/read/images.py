"""Images named in data files (photos, logos): each must be a file under the site's static/ folder."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.read.yaml_data import position_of


def missing_image(site_dir: Path, shown: str, entry, key: str, relative: str | None) -> SiteError | None:
    """An error at the value of `entry[key]` when `relative` is not a file under static/, else None."""
    if not relative or (site_dir / "static" / relative).is_file():
        return None
    line, column = position_of(entry, key, of_value=True)
    return SiteError(shown, line, f"there is no file static/{relative}",
                     f"put the image at static/{relative} in the site's folder, or correct the path", column)
