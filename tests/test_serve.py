"""`confsite serve`: the preview serves the site under its base path, rebuilds on every save and reloads the browser."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import MINIMAL_SITE, REPO, write_tree

SITE = {
    **MINIMAL_SITE,
    "site.yaml": MINIMAL_SITE["site.yaml"] + "base_url: https://example.org/conf/\n",
    "content/program.md": "---\ntitle: Program\ndraft: true\n---\nThe program is not final.\n",
}
VENUE = "---\ntitle: Venue\nnav_order: 2\n---\n## Getting there\n\n{body}\n"
WAIT_MS = 15_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    """Status, final address and body of a GET (redirects followed, errors returned rather than raised)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.url, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`confsite serve` on a free port of 127.0.0.1, in its own process; yields (site folder, root URL, log files)."""
    root = tmp_path_factory.mktemp("serve")
    site = write_tree(root / "site", {**SITE, "content/venue.md": VENUE.format(body="Take the bus.")})
    port = _free_port()
    out, err = root / "stdout.txt", root / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "confsite", "serve", "--site", str(site), "--port", str(port)],
                                   stdout=stdout, stderr=stderr)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "conf/", timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, err.read_text()
            assert time.monotonic() < deadline, "the preview server did not start within 30 s"
            time.sleep(0.1)
    yield site, url, (out, err)
    process.terminate()
    assert process.wait(timeout=10) == 0
    assert "preview stopped" in out.read_text()


def test_serves_the_site_under_its_base_path_with_drafts(server):
    _, url, _ = server
    status, final, body = _get(url)
    assert (status, final) == (200, url + "conf/")  # the root redirects to the base path
    assert "Welcome to TestConf." in body
    assert "/livereload.js?port=" in body
    status, _, body = _get(url + "conf/program/")
    assert status == 200 and "The program is not final." in body  # a draft: shown by the preview only
    status, _, body = _get(url + "conf/css/site.css")
    assert status == 200 and body == (REPO / "themes" / "default" / "static" / "css" / "site.css").read_text()
    assert _get(url + "venue/")[0] == 404  # outside the base path
    assert _get(url + "conf/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_listens_on_127_0_0_1_only(server):
    _, url, _ = server
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    # 127.0.0.2 is this machine too: a server listening on every address (0.0.0.0) would answer there
    with socket.socket() as probe, pytest.raises(OSError):
        probe.settimeout(2)
        probe.connect(("127.0.0.2", port))


def _wait_for_text(page, selector: str, text: str, exact: bool = False) -> None:
    """Wait (bounded) until `selector` shows `text`; during a reload the element may not exist yet."""
    page.wait_for_function("([selector, text, exact]) => { const e = document.querySelector(selector);"
                           " return !!e && (exact ? e.innerText === text : e.innerText.includes(text)); }",
                           arg=[selector, text, exact], timeout=WAIT_MS)


def _connected(page) -> None:
    """Wait until the page's live reload script has its connection to the preview."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0", timeout=WAIT_MS)


def test_edit_reload_break_and_fix_in_the_browser(server, browser):
    site, url, (_, err) = server
    venue = site / "content" / "venue.md"
    page = browser.new_page()
    page.goto(url + "conf/venue/")
    assert "Take the bus." in page.locator("main").inner_text()
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    _connected(page)

    venue.write_text(VENUE.format(body="Take the night train."), encoding="utf-8")
    _wait_for_text(page, "main", "Take the night train.")
    assert page.url == url + "conf/venue/"  # reloaded by itself, in place
    _connected(page)

    venue.write_text("---\ntitle: \"Venue\nnav_order: 2\n---\nBody\n", encoding="utf-8")
    _wait_for_text(page, "h1", "The site could not be built", exact=True)
    errors = page.locator("ol.errors li").all_inner_texts()
    assert len(errors) == 1
    assert errors[0].startswith("content/venue.md:2:8: error: YAML syntax error")
    assert "content/venue.md:2:" in err.read_text()  # the terminal says it too
    _connected(page)

    venue.write_text(VENUE.format(body="Take the tram."), encoding="utf-8")
    _wait_for_text(page, "h1", "Venue", exact=True)
    assert "Take the tram." in page.locator("main").inner_text()
    _connected(page)

    page.evaluate("() => { window.notReloaded = true; }")
    css = (REPO / "themes" / "default" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    write_tree(site, {"static/css/site.css": css + "\nh1 { color: rgb(1, 2, 3); }\n"})
    page.wait_for_function("() => { const h1 = document.querySelector('h1');"
                           " return !!h1 && getComputedStyle(h1).color === 'rgb(1, 2, 3)'; }", timeout=WAIT_MS)
    assert page.evaluate("() => window.notReloaded") is True  # a stylesheet alone is swapped in place
    page.close()
