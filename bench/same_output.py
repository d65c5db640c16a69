"""Whether this checkout builds exactly what another commit builds: the example site and a generated conference.

    .venv/bin/python bench/same_output.py COMMIT [--papers 1000] [--search-index]

Each site is built twice, by this checkout and by COMMIT (checked out into a temporary git worktree and run with
the same Python), with the same fixed "now"; the two output folders are compared file by file. Prints the files
that differ and exits 1 if any does. A change of the engine that must not change what users see is checked so.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

NOW = "2026-12-01T12:00:00Z"
BUILD = """
import sys
from pathlib import Path
from confsite.dates import parse_now
from confsite.pipeline import build
build(Path(sys.argv[1]), Path(sys.argv[2]), now=(parse_now(sys.argv[3]), True), search_index=sys.argv[4] == "yes")
"""


def build_with(code: Path, site: Path, out: Path, search_index: bool) -> None:
    """Build `site` into `out` with the confsite package of the checkout `code`."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-c", BUILD, str(site), str(out), NOW, "yes" if search_index else "no"],
                   cwd=code, env=environment, check=True)


def differences(left: Path, right: Path) -> list[str]:
    """The relative paths of files that only one folder has or whose bytes differ."""
    found = []
    comparison = [("", filecmp.dircmp(left, right))]
    while comparison:
        prefix, here = comparison.pop()
        found += [prefix + name for name in here.left_only + here.right_only + here.funny_files]
        found += [prefix + name for name in here.common_files
                  if (Path(here.left) / name).read_bytes() != (Path(here.right) / name).read_bytes()]
        comparison += [(prefix + name + "/", sub) for name, sub in here.subdirs.items()]
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--search-index", action="store_true", help="build the search index too (pagefind)")
    args = parser.parse_args()
    from vs_hugo import confsite_site, generate

    with tempfile.TemporaryDirectory(prefix="confsite-same-") as temporary:
        work = Path(temporary)
        other = work / "other"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), args.commit], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            generated = confsite_site(work / "generated", generate(args.papers))
            failed = False
            for name, site in (("the example site", ROOT), (f"{args.papers} generated papers", generated)):
                ours, theirs = work / f"ours-{site.name}", work / f"theirs-{site.name}"
                build_with(ROOT, site, ours, args.search_index)
                build_with(other, site if site != ROOT else other, theirs, args.search_index)
                different = differences(ours, theirs)
                files = sum(1 for path in ours.rglob("*") if path.is_file())
                print(f"{name}: {files} files, {'identical' if not different else f'{len(different)} differ'}")
                for path in different[:20]:
                    print(f"  {path}")
                failed |= bool(different)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False,
                           capture_output=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
