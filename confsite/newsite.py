"""`confsite new DIR`: a new conference site from the starter in confsite/starter/, ready to build, with a CI
workflow from confsite/ci/ that publishes it (GitHub Pages by default, GitLab Pages, or none)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from confsite import __version__

HERE = Path(__file__).resolve().parent
STARTER = HERE / "starter"
CI_FILES = HERE / "ci"
RENAMED = {"gitignore": ".gitignore"}  # dotfiles are kept under plain names so that packaging keeps them
TODAY, VERSION, PUBLISHING, PIN = "@TODAY@", "@CONFSITE_VERSION@", "@PUBLISHING@\n", "@PIN@"


@dataclass(frozen=True)
class Publishing:
    """How a new site is published: the CI file written (if any), the README's section, where the version is pinned."""

    workflow: str | None  # where the CI file goes in the site, e.g. .github/workflows/publish.yml
    template: str | None  # its template in confsite/ci/
    readme: str  # the README's section on publishing, in confsite/ci/
    pin: str  # the README's last words on upgrading: where to raise the pinned version
    ignored: tuple[str, ...] = ()  # more lines of .gitignore (the build's output folder in CI)


def _raise_pin(path: str) -> str:
    return (f"write the new version into `{path}`\n(`CONFSITE_VERSION: \"0.2.0\"`) and commit it with your changes: "
            "the next build publishes with it.")


CI = {
    "github": Publishing(".github/workflows/publish.yml", "github.yml", "github.md",
                         _raise_pin(".github/workflows/publish.yml")),
    "gitlab": Publishing(".gitlab-ci.yml", "gitlab.yml", "gitlab.md", _raise_pin(".gitlab-ci.yml"),
                         ("/public/", "/.public.new/", "/.public.old/")),
    "none": Publishing(None, None, "none.md", "use that version wherever the site is built for publishing."),
}


class FolderNotEmpty(Exception):
    """The target folder already holds files (or is a file): confsite new never overwrites anything."""


def starter_files(ci: str = "github") -> dict[str, bytes]:
    """The new site's files, {relative path: bytes}: the starter with the first news post dated today, the CI file
    of `ci` (a key of CI), and a README that says how to publish and how to pin and upgrade confsite."""
    publishing = CI[ci]
    values = {TODAY: dt.date.today().isoformat(), VERSION: __version__,
              PUBLISHING: (CI_FILES / publishing.readme).read_text(encoding="utf-8"), PIN: publishing.pin}
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(STARTER).as_posix()
            files[RENAMED.get(relative, relative)] = _filled(path.read_text(encoding="utf-8"), values)
    if publishing.template:
        files[publishing.workflow] = _filled((CI_FILES / publishing.template).read_text(encoding="utf-8"), values)
    if publishing.ignored:
        files[".gitignore"] += "".join(f"{line}\n" for line in publishing.ignored).encode()
    return files


def _filled(text: str, values: dict[str, str]) -> bytes:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text.encode("utf-8")


def create_site(folder: Path, ci: str = "github") -> list[str]:
    """Write a new site into `folder` (created if needed), published by `ci`; return the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(str(folder))
    files = starter_files(ci)
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)
