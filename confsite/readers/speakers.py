"""data/speakers.yaml (optional): invited and keynote speakers, with optional photos under static/."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.readers.images import missing_image
from confsite.readers.yaml_data import load_yaml_file
from confsite.schema import SpeakersFile
from confsite.validate import validate

SPEAKERS_FILE = "data/speakers.yaml"


def read_speakers(site_dir: Path) -> tuple[SpeakersFile | None, list[SiteError]]:
    """Read and check the speakers file; every photo must be a file under the site's static/."""
    path = site_dir / SPEAKERS_FILE
    if not path.exists():
        return None, []
    data, error = load_yaml_file(path, SPEAKERS_FILE)
    if error:
        return None, [error]
    if isinstance(data, list):
        return None, [SiteError(SPEAKERS_FILE, getattr(data, "line", 1), "the file starts with a list",
                                "start with 'speakers:' and indent the list of speakers under it")]
    speakers, errors = validate(SpeakersFile, data, SPEAKERS_FILE)
    if speakers is None:
        return None, errors
    for index, speaker in enumerate(speakers.speakers):
        error = missing_image(site_dir, SPEAKERS_FILE, data["speakers"][index], "photo", speaker.photo)
        errors += [error] if error else []
    return (None if errors else speakers), errors
