"""What a build tells while it runs: the stage it is in, and how many of its files are rendered.

`pipeline.build()` names each stage and the rendering counts its outputs; the command line chooses what to show:
nothing (`--quiet`, and any build run from code or by the preview: `SILENT`), a line per stage with its time
(`Lines`, when the output is no terminal, as in CI), or on a terminal the stages and a bar of the files rendered
(`OnTerminal`, with rich), from the moment the build has taken a second.
"""
from __future__ import annotations

import os
import sys
import threading
import time


class Progress:
    """A build's progress, told to no one: the interface the others follow."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A stage starts (and the one before ends); `total`: how many files it counts, if it counts them."""

    def advance(self, count: int = 1) -> None:
        """`count` more files of the stage are done."""

    def end(self) -> None:
        """The build is over (built or failed): the last stage ends."""


SILENT = Progress()
SHOW_AFTER = 1.0  # seconds: a build quicker than this shows no progress (the command line's summary is enough)


class Lines(Progress):
    """A plain line per stage once it ends, with its time, for logs (where a moving bar would be noise); none for a
    build that ends within `delay` seconds, whose lines are held until then."""

    def __init__(self, out=None, delay: float | None = None):
        self.out = out or sys.stdout
        delay = SHOW_AFTER if delay is None else delay
        self.current: tuple[str, int | None, float] | None = None
        self.held: list[str] = []  # the lines of the stages that ended before the build had taken `delay` seconds
        self.until = time.perf_counter() + delay

    def stage(self, name: str, total: int | None = None) -> None:
        self._ended()
        self.current = (name, total, time.perf_counter())

    def end(self) -> None:
        self._ended()

    def _ended(self) -> None:
        if self.current is None:
            return
        name, total, start = self.current
        now, self.current = time.perf_counter(), None
        self.held.append(f"{name}{f' {total:,} files' if total is not None else ''}: {now - start:.2f} s")
        if now >= self.until:  # (and from then on, at once)
            for line in self.held:
                print(line, file=self.out, flush=True)
            self.held = []


class OnTerminal(Progress):
    """The stages, each with its time, and a bar of the files rendered, drawn on the terminal with rich once the
    build has run for `delay` seconds (a quick build shows nothing)."""

    def __init__(self, delay: float | None = None):
        delay = SHOW_AFTER if delay is None else delay
        self.stages: list[list] = []  # [name, total, done, start, end] of each stage so far
        self.shown = None  # the rich display, once it is on the screen
        self.tasks: list = []
        self.started = time.perf_counter()
        self.over = threading.Event()
        self.painter = threading.Thread(target=self._paint, args=(delay,), daemon=True)
        self.painter.start()

    def stage(self, name: str, total: int | None = None) -> None:
        with _SCREEN:
            now = time.perf_counter()
            if self.stages:
                self.stages[-1][4] = now
            self.stages.append([name, total, 0, now, None])

    def advance(self, count: int = 1) -> None:
        with _SCREEN:
            self.stages[-1][2] += count

    def end(self) -> None:
        self.over.set()
        self.painter.join()
        with _SCREEN:
            if self.stages and self.stages[-1][4] is None:
                self.stages[-1][4] = time.perf_counter()
            if self.shown is not None:
                self._draw()
                self.shown.stop()
                self.shown = None

    def _paint(self, delay: float) -> None:
        """Wait `delay` seconds, then redraw ten times a second until the build ends."""
        if self.over.wait(delay):
            return
        while True:
            with _SCREEN:
                self._draw()
            if self.over.wait(0.1):
                return

    def _draw(self) -> None:
        if self.shown is None:
            self.shown = _display()
            self.shown.start()
        for index, (name, total, done, start, end) in enumerate(self.stages):
            if index == len(self.tasks):
                self.tasks.append(self.shown.add_task(name, total=total or 1, counted="", seconds="", bar=False))
            task = self.tasks[index]
            counted = f"{done:,}/{total:,}" if total is not None else ""
            seconds = (end or time.perf_counter()) - start
            self.shown.update(task, completed=(done if total else 0) if end is None else (total or 1),
                              counted=counted, seconds=f"{seconds:.1f} s", bar=total is not None)
        self.shown.refresh()


# The painter thread draws while the render forks its processes: a fork waits until no drawing is under way, so no
# process starts with the terminal's locks held (os.register_at_fork).
_SCREEN = threading.RLock()
os.register_at_fork(before=_SCREEN.acquire, after_in_parent=_SCREEN.release)


def _display():
    from rich.progress import BarColumn, Progress as Display, SpinnerColumn, TextColumn
    from rich.text import Text

    class Bar(BarColumn):
        """A bar for the stage that counts its files, none for the others."""

        def render(self, task):
            return super().render(task) if task.fields.get("bar") else Text("")

    return Display(SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description}"), Bar(),
                   TextColumn("{task.fields[counted]}"), TextColumn("[dim]{task.fields[seconds]}"),
                   auto_refresh=False, transient=False)


def for_the_command_line(quiet: bool) -> Progress:
    """What the command line shows of a build: nothing when quiet, a bar on a terminal, else plain lines."""
    if quiet:
        return SILENT
    return OnTerminal() if sys.stdout.isatty() else Lines()
