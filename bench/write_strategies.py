"""Writing the output: swapping in a fresh folder against updating the existing one in place.

    .venv/bin/python bench/write_strategies.py [--files 2000] [--size 12000]

confsite swaps in a fresh folder when there is no output yet (or it is not confsite's), and
otherwise updates in place: it compares each file with what is on disk and writes only those
whose bytes changed. This measures both on a synthetic output of many pages.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confsite.output.write import _stage, write_site  # noqa: E402


def _swap_in(files: dict[str, bytes], out: Path) -> None:
    """The former way: every build writes a fresh folder and swaps it in whole."""
    staging = _stage(files, out, None)
    retired = out.with_name(f".{out.name}.old")
    os.replace(out, retired)
    os.replace(staging, out)
    shutil.rmtree(retired)


def _timed(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--size", type=int, default=12000)
    args = parser.parse_args()
    rng = random.Random(1)
    files = {f"papers/p{n:05d}/index.html": rng.randbytes(args.size) for n in range(args.files)}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        write_site(files, out)
        swap = _timed(lambda: _swap_in(files, out.resolve()))
        unchanged = _timed(lambda: write_site(files, out))
        changed = dict(files)

        def one_change():
            key = f"papers/p{rng.randrange(args.files):05d}/index.html"
            changed[key] = rng.randbytes(args.size)
            assert len(write_site(changed, out).written) == 1

        one = _timed(one_change)
        shutil.rmtree(out)
        cold = _timed(lambda: (write_site(files, out), shutil.rmtree(out)), repeat=3)
    print(f"{args.files} files of {args.size} bytes, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"| cold: no output yet, fresh folder swapped in | {cold:.0f} ms |")
    print(f"| every build swapping in a fresh folder (the former way) | {swap:.0f} ms |")
    print(f"| in place, nothing changed (compare only, writes nothing) | {unchanged:.0f} ms |")
    print(f"| in place, one file changed | {one:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
