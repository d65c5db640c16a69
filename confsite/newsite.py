"""`confsite new DIR`: a new conference site from the starter in confsite/starter/, ready to build."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"
RENAMED = {"gitignore": ".gitignore"}  # dotfiles are kept under plain names so that packaging keeps them
TODAY = "@TODAY@"


class FolderNotEmpty(Exception):
    """The target folder already holds files (or is a file): confsite new never overwrites anything."""


def starter_files() -> dict[str, bytes]:
    """The starter site's files, {relative path: bytes}, with the first news post dated today."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(STARTER).as_posix()
            data = path.read_bytes().replace(TODAY.encode(), dt.date.today().isoformat().encode())
            files[RENAMED.get(relative, relative)] = data
    return files


def create_site(folder: Path) -> list[str]:
    """Write a new site into `folder` (created if needed); return the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(str(folder))
    files = starter_files()
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)
