"""What validators and assistive technology check: the Nu HTML Checker on every page, axe-core on one page of
every layout (light and dark), and screenshots at phone and desktop widths in tests/artifacts/ to look at; on the
MLSys site, the ICLR 2020 example (687 papers, a dense program) and a small site that uses every part of the theme."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import REPO, build, html, http_server
from showcase import write_showcase

NODE_MODULES = REPO / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
BODY = re.compile(r'<body[^>]*\sdata-layout="([^"]+)"')
ICLR2020_LAYOUTS = ("home", "papers", "paper", "program", "session", "speakers", "person")


@pytest.fixture(scope="module")
def sites(tmp_path_factory, iclr2020):
    """The example sites and the showcase site, built: {name: output folder}."""
    root = tmp_path_factory.mktemp("checked")
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    built = {}
    for name, source in (("mlsys", REPO), ("showcase", write_showcase(root / "showcase-src"))):
        out = root / name
        result = build(source, "--out", out)
        assert result.code == 0, result.err
        built[name] = out
    built["iclr2020"] = iclr2020
    return built


@pytest.fixture(scope="module")
def nu_checker(sites):
    """The Nu HTML Checker over every page of both sites, started at once so it runs while the browser audits."""
    assert VNU.is_file(), "the Nu HTML Checker is missing: `make test` installs it (npm ci)"
    process = subprocess.Popen(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", *map(str, sites.values())],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate()


def one_page_per_layout(out: Path) -> dict[str, str]:
    """{layout: a page using it}, read from the built pages themselves, so new layouts are audited automatically."""
    found = {}
    for path in sorted(out.rglob("*.html"), key=lambda p: (len(p.parts), p.as_posix())):
        # the <body> tag read as text: parsing each of the example's 3,300 pages would take seconds
        body = BODY.search(path.read_text(encoding="utf-8"))
        layout = body.group(1) if body else None
        assert layout, f"{path} has no <body data-layout>: does its template extend base.html?"
        found.setdefault(layout, path.relative_to(out).as_posix().removesuffix("index.html"))
    return found


def audited_pages(sites: dict[str, Path]) -> list[tuple[str, str, str]]:
    """(site, layout, page): every layout of the MLSys site, those the showcase adds (or shows more of), and the
    ICLR 2020 example's pages that hold much more than the others' (687 papers, a dense program)."""
    pages = [("mlsys", layout, path) for layout, path in one_page_per_layout(sites["mlsys"]).items()]
    seen = {layout for _, layout, _ in pages}
    pages += [("showcase", layout, path) for layout, path in one_page_per_layout(sites["showcase"]).items()
              if layout not in seen or layout in ("home", "paper", "papers")]  # (its volume and math)
    pages += [("iclr2020", layout, path) for layout, path in one_page_per_layout(sites["iclr2020"]).items()
              if layout in ICLR2020_LAYOUTS]
    return pages


def test_one_page_of_every_layout_is_audited(sites, nu_checker):
    layouts = {(name, layout) for name, layout, _ in audited_pages(sites)}
    assert {("mlsys", layout) for layout in ("home", "page", "committees", "papers", "search")} <= layouts
    assert {("showcase", layout) for layout in ("home", "sponsors")} <= layouts
    assert {"news", "speakers", "archive"} <= {layout for _, layout in layouts}
    assert ("mlsys", "speakers") in layouts  # MLSys 2020's: a past edition's page, with its note
    assert ("mlsys", "redirect") in layouts  # an address whose page moved
    assert {("iclr2020", layout) for layout in ICLR2020_LAYOUTS} <= layouts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_layout(browser, sites, scheme):
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm ci)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = []
    with http_server(sites["mlsys"]) as mlsys, http_server(sites["showcase"]) as showcase, \
            http_server(sites["iclr2020"]) as iclr2020:
        roots = {"mlsys": mlsys, "showcase": showcase, "iclr2020": iclr2020}
        for name, layout, path in audited_pages(sites):
            root = roots[name]
            page.set_viewport_size(WIDTHS["desktop"])
            if layout == "redirect":  # its target answers "no content", so the browser stays on the redirect page
                refresh = html(sites[name] / path / "index.html").find("meta", attrs={"http-equiv": "refresh"})
                target = urljoin(root + path, refresh["content"].split("url=", 1)[1])
                page.route(target, lambda route: route.fulfill(status=204))
            page.goto(root + path + ("?q=systems" if layout == "search" else ""))
            if layout == "search":
                page.wait_for_selector("[data-search-results] li", timeout=10000)
            violations = page.evaluate("async () => (await axe.run(document)).violations.map("
                                       "v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)")
            problems += [f"{name} /{path} ({layout}, {scheme}): {v}" for v in violations]
            for width, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                # (the example's list of 687 papers is 100,000 px long: a picture of its first screen is enough)
                page.screenshot(path=ARTIFACTS / f"{name}-{layout}-{viewport['width']}-{scheme}.png",
                                full_page=name != "iclr2020")
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], \
                    f"{name} /{path} scrolls sideways at {viewport['width']} px"
    context.close()
    assert problems == []


def test_nu_html_checker_finds_no_error_on_any_page(sites, nu_checker):
    _, errors = nu_checker.communicate(timeout=300)
    assert nu_checker.returncode == 0, errors
    pages = sum(1 for out in sites.values() for _ in out.rglob("*.html"))
    assert pages >= 15  # every page of both sites was given to the checker
