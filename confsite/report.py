"""What a build tells its caller: a module of its own, so that a build with nothing to do needs nothing else."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from confsite.errors import SiteError


@dataclass(frozen=True)
class BuildReport:
    """What a successful build (or check) produced, and the warnings it printed."""

    out_dir: Path | None
    files: int
    pages: int
    notes: tuple[str, ...] = ()  # what the build left out, and how to get it
    warnings: tuple[SiteError, ...] = ()
    rendered: tuple[str, ...] = ()  # outputs rendered by this build (the others had not changed)
    written: tuple[str, ...] = ()  # files whose bytes changed on disk
    removed: tuple[str, ...] = ()  # files the site no longer has
    # the moments the build compared with its "now" (deadlines, calls opening): when its pages would change
    instants: tuple = field(default=(), repr=False, compare=False)
