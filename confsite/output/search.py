"""The static search index: pagefind runs over the finished pages before they replace the previous output."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from confsite.errors import BuildFailed, SiteError

SEARCH_FOLDER = "pagefind"  # where the index lands in the output; search.js loads it from there, relatively
# pagefind also writes its ready-made search interfaces; the theme has its own (js/search.js), so they are
# removed rather than published (about 420 kB a site).
UNUSED_BUNDLES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                  "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
HINT = "install confsite's dependencies again (pip install 'pagefind[bin]'), which ship the pagefind program"


def pagefind_program() -> str | None:
    """The pagefind executable shipped by the `pagefind[bin]` package, else one on PATH."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def build_index(staged: Path) -> None:
    """Index the staged output folder in place; raise BuildFailed (and keep the previous site) if pagefind fails."""
    program = pagefind_program()
    if program is None:
        raise BuildFailed([SiteError("(search index)", None, "the pagefind program was not found", HINT)])
    # pagefind also reads a pagefind.yml (.json, .toml) of the folder it runs in and PAGEFIND_* variables: it runs in
    # an empty folder without them, so the index is the site's alone, wherever the build is run from
    program = os.path.abspath(program) if os.sep in program else program  # (found through a relative PATH entry)
    environment = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND")}
    try:
        with tempfile.TemporaryDirectory(prefix="confsite-pagefind-") as empty:
            result = subprocess.run([program, "--site", str(Path(staged).resolve()), "--output-subdir", SEARCH_FOLDER,
                                     "--silent"], cwd=empty, env=environment, capture_output=True, text=True,
                                    timeout=600, check=False)
    except OSError as exc:
        raise BuildFailed([SiteError("(search index)", None, f"pagefind could not run: {exc.strerror}", HINT)]) from None
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout).split())[-500:] or f"exit code {result.returncode}"
        raise BuildFailed([SiteError("(search index)", None, f"pagefind failed to index the site: {detail}",
                                     "check that every page is valid HTML; run the build again with --debug")])
    for name in UNUSED_BUNDLES:
        (staged / SEARCH_FOLDER / name).unlink(missing_ok=True)
