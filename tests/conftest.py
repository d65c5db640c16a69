"""Shared test helpers: small sites written inline, the CLI run in-process, a browser, a local server."""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import itertools
import os
import posixpath
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from confsite.cli import main

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]

MINIMAL_SITE = {
    "site.yaml": "name: TestConf\nedition: TestConf 2030\ntimezone: Europe/Berlin\n",
    "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nWelcome to TestConf.\n",
    "content/venue.md": "---\ntitle: Venue\nnav_order: 2\n---\n## Getting there\n\nSee the [home page](/).\n",
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` ({relative path: text or bytes}) under `root`; return `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str


def confsite(*args: str) -> Run:
    """Run the confsite command line in this process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits on usage errors
            code = exc.code
    return Run(code, out.getvalue(), err.getvalue())


def build(site: Path, *extra: str) -> Run:
    """`confsite build --site SITE` with extra arguments."""
    return confsite("build", "--site", site, *extra)


def posix_relative(target: str, current: str) -> str:
    """The link from page `current` to `target` as posixpath.relpath computes it, folders keeping their '/'."""
    folder = posixpath.dirname(current.rstrip("/") + "/x") if current else ""
    path, mark, fragment = target.partition("#")
    expected = posixpath.relpath(path or ".", folder or ".") if (path or folder) else "."
    expected = "./" if expected == "." else expected + ("/" if (not path or path.endswith("/"))
                                                       and not expected.endswith("/") else "")
    return expected + mark + fragment


def html(path: Path) -> BeautifulSoup:
    """Parse a built page."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to compare two builds or check that nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class PreviewAgainstClean:
    """Builds `site` in the preview (one Memory kept across builds) and clean (a fresh folder each time);
    `check()` asserts that both give the same files, or the same errors, and returns that result."""

    def __init__(self, site: Path, root: Path):
        from confsite.pipeline import Memory

        self.site, self.root, self.cache, self.builds = site, root, Memory(), itertools.count()

    def check(self):
        preview = self._result(self.root / "preview", self.cache)
        assert preview == self._result(self.root / f"clean{next(self.builds)}", None)
        return preview

    def _result(self, out: Path, cache):
        from confsite.errors import BuildFailed
        from confsite.pipeline import build

        try:
            build(self.site, out, drafts=True, memory=cache, search_index=False)
        except BuildFailed as failed:
            return "failed", [str(error) for error in failed.errors]
        return "built", snapshot(out)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small valid site in a temporary folder."""
    return write_tree(tmp_path / "site", MINIMAL_SITE)


ICLR2020 = REPO / "examples" / "iclr2020"


@pytest.fixture(scope="session")
def iclr2020(tmp_path_factory) -> Path:
    """The ICLR 2020 example site (examples/iclr2020/), built once for every test that reads it: its output folder."""
    out = tmp_path_factory.mktemp("iclr2020") / "_site"
    result = build(ICLR2020, "--out", out, "--strict")
    assert result.code == 0, result.err
    return out


@pytest.fixture
def forked_children(monkeypatch):
    """The processes that os.fork makes during the test; when it ends, each was waited for: none is left running or
    as a zombie."""
    children, fork = [], os.fork

    def forked():
        pid = fork()
        if pid:
            children.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", forked)
    yield children
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def http_server(folder: Path):
    """Serve `folder` on 127.0.0.1 on a free port; yields the root URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
