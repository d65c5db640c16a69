"""The README's screenshots of the ICLR 2020 example: its home, papers, a paper and program pages at 1280 and 375 px.

    python docs/screenshots/take.py      # builds examples/iclr2020/ and writes docs/screenshots/iclr2020-*.png

It drives Debian's chromium (/usr/bin/chromium) with Playwright, as the tests do, on the built site served from
127.0.0.1. Each picture is the first screen of its page (the program's from its first day on), in light colours.
"""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SITE = REPO / "examples" / "iclr2020"
# name: (page, the element to scroll to first)
PAGES = {"home": ("", None), "papers": ("papers/", None), "paper": ("papers/kitaev2020reformer/", None),
         "program": ("program/", "#day-2020-04-27")}
SCREENS = {1280: 900, 375: 812}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    """Build the example, then write one PNG per page and width."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "_site"
        subprocess.run([sys.executable, "-m", "confsite", "build", "--site", str(SITE), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for width, height in SCREENS.items():
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
                    for name, (path, anchor) in PAGES.items():
                        page.goto(root + path)
                        page.wait_for_timeout(200)  # the page's scripts (time zones, stars) have run
                        if anchor:
                            page.evaluate(f"window.scrollTo(0, document.querySelector('{anchor}')"
                                          ".getBoundingClientRect().top + window.scrollY - 16)")
                        target = HERE / f"iclr2020-{name}-{width}.png"
                        page.screenshot(path=target)
                        print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
