"""data/speakers.yaml (optional): invited and keynote speakers, with optional photos under static/."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError
from confsite.read.images import missing_image
from confsite.read.data_file import read_data_file
from confsite.schema import SpeakersFile

SPEAKERS_FILE = "data/speakers.yaml"


def read_speakers(site_dir: Path) -> tuple[SpeakersFile | None, list[SiteError]]:
    """Read and check the speakers file; every photo must be a file under the site's static/."""
    speakers, data, errors = read_data_file(site_dir, SPEAKERS_FILE, SpeakersFile, "speakers")
    if speakers is None:
        return None, errors
    for index, speaker in enumerate(speakers.speakers):
        error = missing_image(site_dir, SPEAKERS_FILE, data["speakers"][index], "photo", speaker.photo)
        errors += [error] if error else []
    return (None if errors else speakers), errors
