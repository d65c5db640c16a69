"""Live preview: build into a preview folder, serve it under the site's base path, rebuild what changed, reload the browser.

The browser side is livereload's (its livereload.js and the websocket that tells the page to reload);
this module is the only one that knows about livereload and tornado, so either can be replaced here.
Watching is confsite's own polling: livereload's watcher stops at the first changed file and holds
reloads back for seconds after the previous one, while a preview should react to every save at once.
"""
from __future__ import annotations

import html
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from confsite.read.config import load_config
from confsite.errors import BuildFailed, SiteError
from confsite.pipeline import Memory, build
from confsite.read.theme import BUILTIN_THEMES
from confsite.output.write import put_back

# The inputs of a site; a change anywhere under them rebuilds the preview.
WATCHED = ("site.yaml", "content", "data", "editions", "templates", "static", "themes")
POLL_SECONDS = 0.2
SETTLE_SECONDS = 0.05  # an editor may save in several steps: wait until the files are still
IGNORED_DIRS = {"__pycache__", "node_modules"}
LIVE_SCRIPT = '<script src="/livereload.js?port={port}&amp;mindelay=250&amp;maxdelay=2000"></script>'


@dataclass
class Preview:
    """The preview of one site: its last build's outcome, what it rendered, and the files it watches."""

    site_dir: Path
    out_dir: Path
    memory: Memory = field(default_factory=Memory)  # what each build keeps for the next
    errors: list[SiteError] = field(default_factory=list)
    internal_error: str | None = None
    base_path: str = "/"
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)
    built: bool = False  # a build ran since the last put_back

    @property
    def failed(self) -> bool:
        """Whether the last build failed (the browser then shows why)."""
        return bool(self.errors) or self.internal_error is not None

    def watched_files(self) -> dict[str, tuple[int, int]]:
        """Every input file with its modification time and size."""
        roots = [self.site_dir / name for name in WATCHED] + [BUILTIN_THEMES]
        files: dict[str, tuple[int, int]] = {}
        for root in dict.fromkeys(root.resolve() for root in roots if root.exists()):
            if root.is_file():
                _note(root, files)
            else:
                _walk(root, files)
        return files

    def rebuild(self) -> list[str] | None:
        """Build again; return the site paths that changed in the output ('*' for a whole reload), None if none did."""
        was_failed, old_errors = self.failed, (list(self.errors), self.internal_error)
        start = time.perf_counter()
        self.built = True
        try:
            report = build(self.site_dir, self.out_dir, drafts=True, memory=self.memory, search_index=False)
        except BuildFailed as failed:
            self.errors, self.internal_error = failed.errors, None
            for error in failed.errors:
                print(error, file=sys.stderr, flush=True)
            print(f"preview not updated: {len(failed.errors)} error{'s' if len(failed.errors) != 1 else ''}; "
                  "the browser shows them until the files are fixed", file=sys.stderr, flush=True)
            return ["*"] if (self.errors, self.internal_error) != tuple(old_errors) else None
        except Exception as exc:  # a bug in confsite must not end the preview
            traceback.print_exc()
            self.errors, self.internal_error = [], f"{type(exc).__name__}: {exc}"
            return ["*"]
        self.errors, self.internal_error = [], None
        for warning in report.warnings:
            print(warning, file=sys.stderr, flush=True)
        self.base_path = _base_path(self.site_dir, self.base_path)
        changed = [*report.written, *report.removed]
        took = (time.perf_counter() - start) * 1000
        print(f"rebuilt in {took:.0f} ms: {len(report.rendered)} rendered, {len(changed)} "
              f"file{'s' if len(changed) != 1 else ''} changed", flush=True)
        if was_failed:
            return ["*"]
        if not changed:
            return None
        if all(path.endswith(".css") for path in changed):
            return [self.base_path + path for path in changed]  # livereload swaps stylesheets without a reload
        return ["*"]

    def put_back(self) -> list[str] | None:
        """After a build, rewrite the preview's files that another program changed or removed (a build compares with
        what the preview wrote, not with each file on disk); return what to reload in the browser, None if nothing."""
        if not self.built:
            return None
        self.built = False
        restored = put_back(self.out_dir.resolve(), self.memory.written)
        if not restored:
            return None
        print(f"put back {len(restored)} file{'s' if len(restored) != 1 else ''} changed outside the preview", flush=True)
        return ["*"]

    def poll(self) -> list[str] | None:
        """Rebuild if an input changed since the last look; return what to reload in the browser."""
        current = self.watched_files()
        if current == self.seen:
            return None
        for _ in range(20):
            time.sleep(SETTLE_SECONDS)
            settled = self.watched_files()
            if settled == current:
                break
            current = settled
        changed = sorted(set(current.items()) ^ set(self.seen.items()))
        self.seen = current
        names = sorted({_shown(self.site_dir, path) for path, _ in changed})
        print(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}", flush=True)
        return self.rebuild()


def _walk(folder: Path, files: dict) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith(("~", ".swp", ".swx", ".tmp")):
            continue
        if entry.is_dir():
            if entry.name not in IGNORED_DIRS:
                _walk(Path(entry.path), files)
        else:
            _note(Path(entry.path), files)


def _note(path: Path, files: dict) -> None:
    try:
        stat = path.stat()
    except OSError:
        return
    files[str(path)] = (stat.st_mtime_ns, stat.st_size)


def _shown(site_dir: Path, path: str) -> str:
    try:
        return Path(path).relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path


def _base_path(site_dir: Path, fallback: str) -> str:
    """The path part of the site's base_url ('/conf2026/'), under which the preview serves it."""
    try:
        path = urlsplit(load_config(site_dir).base_url).path or "/"
    except BuildFailed:
        return fallback
    return path if path.endswith("/") else path + "/"


def error_page(preview: Preview) -> str:
    """The page the browser shows while the site cannot be built: every error, located."""
    if preview.internal_error:
        items = [f"internal error: {preview.internal_error}\n    hint: this is a bug in confsite; "
                 "the terminal shows the details"]
    else:
        items = [str(error) for error in preview.errors]
    listed = "\n".join(f"<li><pre>{html.escape(item)}</pre></li>" for item in items)
    count = len(items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · confsite preview</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
@media (prefers-color-scheme: dark) {{ h1 {{ color: #ff8a80; }} }}
ol {{ padding-left: 1.25rem; }}
pre {{ white-space: pre-wrap; font-size: 0.95rem; margin: 0 0 1rem; }}
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>{count} error{"s" if count != 1 else ""}. Fix the file and save: this page reloads by itself.</p>
<ol class="errors">
{listed}
</ol>
</main>
</body>
</html>
"""


def not_found_page(preview: Preview, path: str) -> str:
    """A page for an address the site does not have, linking to the site's home."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Not found · confsite preview</title></head>
<body><main><h1>Not found</h1>
<p>The site has no page at <code>{html.escape(path)}</code>.
Its home is <a href="{html.escape(preview.base_path)}">{html.escape(preview.base_path)}</a>.</p></main></body>
</html>
"""


class SiteHandler(web.RequestHandler):
    """Serves the preview folder under the base path, with the live reload script in every page."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview, self.port = preview, port

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def head(self, path: str) -> None:
        self.get(path)  # tornado sends the headers only

    def get(self, path: str) -> None:
        preview = self.preview
        request_path = unquote(self.request.path)
        is_page = request_path.endswith(("/", ".html")) or "." not in request_path.rsplit("/", 1)[-1]
        if preview.failed and is_page:
            return self._page(500, error_page(preview))
        if not request_path.startswith(preview.base_path):
            if request_path == "/":
                return self.redirect(preview.base_path)
            return self._page(404, not_found_page(preview, request_path))
        relative = request_path[len(preview.base_path):]
        target = _inside(preview.out_dir, relative)
        if target is not None and target.is_dir():
            if not request_path.endswith("/"):
                return self.redirect(self.request.path + "/")
            target = target / "index.html"
        if target is None or not target.is_file():
            return self._page(404, not_found_page(preview, request_path))
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._page(200, data.decode("utf-8", "replace"))
        self.set_header("Content-Type", kind)
        self.finish(data)

    def _page(self, status: int, text: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(with_live_script(text, self.port).encode("utf-8"))


def with_live_script(text: str, port: int) -> str:
    """The page with livereload's script added to its head."""
    script = LIVE_SCRIPT.format(port=port)
    if "</head>" in text:
        return text.replace("</head>", script + "</head>", 1)
    return text + script


def _inside(root: Path, relative: str) -> Path | None:
    """`root/relative` if it stays inside `root` (no '..', no absolute path), else None."""
    parts = [part for part in relative.split("/") if part]
    if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    return root.joinpath(*parts)


class BrowserSocket(LiveReloadHandler):
    """livereload's websocket, accepting only pages of this preview (not any site open in the browser)."""

    def check_origin(self, origin: str) -> bool:
        return urlsplit(origin).netloc == self.request.host


def reload_browsers(paths: list[str]) -> None:
    """Tell every connected page to reload (or, for stylesheets alone, to fetch them again)."""
    for path in paths:
        message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
        for waiter in list(LiveReloadHandler.waiters):
            try:
                waiter.write_message(message)
            except Exception:  # the page was closed meanwhile
                LiveReloadHandler.waiters.discard(waiter)


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, out_dir: Path | None = None) -> int:
    """Build, serve and watch the site until interrupted; return the exit code."""
    preview = Preview(site_dir.resolve(), Path(out_dir) if out_dir is not None else Path())
    loop = ioloop.IOLoop.current()
    app = web.Application([
        (r"/livereload", BrowserSocket),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r"/(.*)", SiteHandler, {"preview": preview, "port": port}),
    ], log_function=lambda handler: None)
    try:
        server = app.listen(port, address=host)
    except OSError as exc:
        print(f"confsite: error: cannot listen on {host}:{port}: {exc.strerror}\n"
              "    hint: another program uses this port; pass another one, e.g. --port 8001", file=sys.stderr)
        return 2
    temporary = out_dir is None
    if temporary:
        preview.out_dir = Path(tempfile.mkdtemp(prefix="confsite-preview-")) / "site"
    preview.seen = preview.watched_files()
    preview.rebuild()
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: other machines can see this preview, drafts included", file=sys.stderr)
    print(f"previewing {preview.site_dir} at http://{_host_in_url(host)}:{port}{preview.base_path} "
          "(drafts shown; Ctrl-C to stop)", flush=True)

    def poll() -> None:
        paths = preview.poll()
        if paths:
            reload_browsers(paths)
        restored = preview.put_back()  # (once the browser is told: the edit's reload does not wait for this look)
        if restored:
            reload_browsers(restored)

    watcher = ioloop.PeriodicCallback(poll, POLL_SECONDS * 1000)
    watcher.start()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C, removing the preview folder
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        server.stop()
        if temporary:
            shutil.rmtree(preview.out_dir.parent, ignore_errors=True)
    print("preview stopped", flush=True)
    return 0


def _host_in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host
