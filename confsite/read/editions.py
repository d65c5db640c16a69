"""Past editions of the conference, each a folder `editions/<year>/` with an `edition.yaml` (name, dates, venue,
time zone) and, optionally, its own `content/` and `data/`, read by the same readers as the site itself.
assemble/editions.py puts them beside the current edition, render/editions.py plans their pages under /<year>/.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from confsite.errors import Problems, SiteError
from confsite.read.checks import images_without_text, unused_data_files
from confsite.read.site import EDITIONS_DIR, Sources
from confsite.read.validate import validate
from confsite.read.yaml_data import load_yaml_file
from confsite.schema import SLUG, Dates, NavItem, SiteConfig, Strict, Venue, check_timezone

EDITION_FILE = "edition.yaml"


class EditionFile(Strict):
    """editions/<year>/edition.yaml: the conference part of site.yaml, for one past edition."""

    edition: str = Field(description="this edition's name", examples=["SysML 2019"])
    name: str | None = Field(None, description="the conference's short name that year (default: site.yaml's)",
                             examples=["SysML"])
    full_name: str | None = Field(None, description="the conference's full name that year",
                                  examples=["Conference on Systems and Machine Learning"])
    description: str | None = Field(None, description="one sentence about this edition, for search engines")
    dates: Dates | None = None
    venue: Venue | None = None
    status: str | None = Field(None, description="scheduled, cancelled, postponed, rescheduled or moved-online",
                               examples=["scheduled"])
    timezone: str | None = Field(None, description="the edition's IANA time zone (default: site.yaml's)",
                                 examples=["America/Los_Angeles"])
    nav: list[NavItem] | None = None

    _timezone = field_validator("timezone")(classmethod(lambda cls, value: check_timezone(value)))


@dataclass
class PastEdition:
    """A past edition as read from editions/<slug>/, not yet assembled."""

    slug: str
    folder: str  # 'editions/2019/', the prefix of its files in messages
    config: SiteConfig
    sources: Sources


def has_editions(site_dir: Path) -> bool:
    """True when the site keeps past editions (an editions/ folder)."""
    return (site_dir / EDITIONS_DIR).is_dir()


def current_slug(config: SiteConfig) -> str:
    """The current edition's folder: the year it starts, or '' when site.yaml gives no dates."""
    return str(config.dates.start.year) if config.dates else ""


def read_editions(site_dir: Path, config: SiteConfig | None, problems: Problems, reads: set,
                  read_sources) -> list[PastEdition]:
    """Read every editions/<slug>/ with the site's readers; every error is located in the edition's files."""
    if not has_editions(site_dir):
        return []
    editions = []
    for folder in sorted(path for path in (site_dir / EDITIONS_DIR).iterdir() if not path.name.startswith(".")):
        shown = f"{EDITIONS_DIR}/{folder.name}/"
        if not folder.is_dir():
            problems.add(shown.rstrip("/"), None, "editions/ holds one folder per past edition, not files",
                         f"move this file into a folder such as {EDITIONS_DIR}/2019/, or out of {EDITIONS_DIR}/")
            continue
        if not SLUG.match(folder.name):
            problems.add(shown + EDITION_FILE, None, f"'{folder.name}' cannot be an address: the edition's pages go "
                         f"under /{folder.name}/", "name the folder after the edition's year, e.g. editions/2019/")
            continue
        if config is not None and folder.name == current_slug(config):
            problems.add(shown + EDITION_FILE, 1, f"{folder.name} is the current edition's year (site.yaml's dates), "
                         "which the site's own content/ and data/ already build under /" + folder.name + "/",
                         "move the current edition's files into this folder and site.yaml to the next edition, "
                         "or rename the folder")
            continue
        edition = _read_edition(site_dir, folder, shown, config, problems, reads, read_sources)
        if edition is not None:
            editions.append(edition)
    return editions


def _read_edition(site_dir, folder: Path, shown: str, root: SiteConfig | None, problems: Problems, reads: set,
                  read_sources) -> PastEdition | None:
    path = folder / EDITION_FILE
    if not path.is_file():
        problems.add(shown + EDITION_FILE, None, f"the edition in {shown} has no {EDITION_FILE}",
                     f"write {shown}{EDITION_FILE} with at least 'edition: {root.name if root else 'Conf'} "
                     f"{folder.name}' (and its dates and venue)")
        return None
    data, error = load_yaml_file(path, shown + EDITION_FILE)
    if error:
        problems.extend([error])
        return None
    if not isinstance(data, dict):
        problems.add(shown + EDITION_FILE, getattr(data, "line", 1), f"{EDITION_FILE} must be a mapping of keys to values",
                     f"write 'edition: SysML {folder.name}' and the edition's dates and venue, one per line")
        return None
    edition, errors = validate(EditionFile, data, shown + EDITION_FILE)
    sub = Problems(strict=problems.strict)
    sources = read_sources(folder, sub)
    sub.extend(unused_data_files(folder, reads))
    sub.extend(images_without_text(sources.pages))
    problems.extend(errors)
    problems.extend(located(sub.errors + sub.warnings, shown, site_dir))
    if edition is None or root is None:
        return None
    values = {key: getattr(edition, key) for key in ("edition", "full_name", "description", "dates", "venue", "nav")}
    values["name"] = edition.name or root.name
    values["timezone"] = edition.timezone or root.timezone
    if edition.status is not None:
        values["status"] = edition.status
    config = root.model_copy(update=values)
    config._data = data
    return PastEdition(folder.name, shown, config, sources)


def located(errors: list[SiteError], folder: str, site_dir: Path) -> list[SiteError]:
    """Errors of an edition's files, named from the site's folder ('editions/2019/data/papers.bib').

    Photos and logos are the site's: a path under the site's static/ is no error.
    """
    result = []
    for error in errors:
        missing = re.match(r"there is no file static/(.+)$", error.message)
        if missing and (site_dir / "static" / missing.group(1)).is_file():
            continue
        path = EDITION_FILE if error.path == "site.yaml" else error.path
        result.append(dataclasses.replace(error, path=folder + path))
    return result
