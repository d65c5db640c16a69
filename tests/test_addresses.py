"""Every address a build has published keeps working when the next edition takes the root: a page, or a small
redirect page (never a copy) to the page that was there."""
from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import pytest

from conftest import build, html, write_tree
from test_editions import SITE

NEXT = {
    "site.yaml": ("name: MLSys\nedition: MLSys 2021\ndates: {start: 2021-04-05, end: 2021-04-09}\n"
                  "venue: {city: Online}\ntimezone: America/Chicago\n"),
    "content/index.md": "---\ntitle: Home\nlayout: home\nnav_order: 1\n---\nMLSys goes online.\n",
    "data/papers.bib": ("@inproceedings{lovelace2021,\n  title = {Engines of Analysis},\n  author = {Ada Lovelace},\n"
                        "  booktitle = {MLSys},\n  year = {2021}\n}\n"),
    "data/program.yaml": ("days:\n  - date: 2021-04-06\n    sessions:\n      - title: Engines\n        id: engines\n"
                          "        kind: papers\n        start: \"09:00\"\n        end: \"10:00\"\n"
                          "        items:\n          - paper: lovelace2021\n"),
}
WITH_A_PROGRAM = {**SITE, "data/program.yaml": (
    "days:\n  - date: 2020-03-03\n    sessions:\n      - title: Compilers\n        id: compilers\n        kind: papers\n"
    "        start: \"09:00\"\n        end: \"10:00\"\n        items:\n          - paper: hopper2020\n")}


def next_edition(site: Path) -> None:
    """What organizers do when the next edition starts: the current one moves into editions/2020/ (site.yaml's
    facts into its edition.yaml), and the new one's files take the root."""
    edition = site / "editions" / "2020"
    edition.mkdir(parents=True)
    for folder in ("content", "data"):
        shutil.move(str(site / folder), str(edition / folder))
    (edition / "edition.yaml").write_text((site / "site.yaml").read_text())
    write_tree(site, NEXT)


def addresses(out: Path) -> dict[str, tuple[str, str | None]]:
    """Every HTML address of a built site: (its h1, where it redirects or None)."""
    found = {}
    for path in out.rglob("*.html"):
        relative = path.relative_to(out).as_posix()
        if relative.split("/")[0] == "pagefind" or relative == "404.html":
            continue
        page = html(path)
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})
        target = refresh["content"].split("url=", 1)[1] if refresh else None
        found[relative.removesuffix("index.html")] = (page.find("h1").get_text(" ", strip=True), target)
    return found


def resolved(pages: dict, address: str) -> tuple[str, str]:
    """The page a visitor lands on at `address`, following redirects: (its address, its h1)."""
    for _ in range(3):
        assert address in pages, f"/{address} is missing"
        title, target = pages[address]
        if target is None:
            return address, title
        address = posixpath.normpath(posixpath.join(address, target)).removeprefix(".") + "/"
        address = "" if address == "/" else address
    raise AssertionError(f"/{address}: a redirect leads to a redirect")


@pytest.mark.parametrize("before", ["with editions", "without editions"])
def test_two_successive_editions_keep_every_earlier_address(tmp_path, before):
    files = WITH_A_PROGRAM if before == "with editions" else {
        name: text for name, text in WITH_A_PROGRAM.items() if not name.startswith("editions/")}
    site = write_tree(tmp_path / "site", files)
    assert build(site, "--base-url", "https://example.org/conf/").code == 0
    first = addresses(site / "_site")
    next_edition(site)
    result = build(site, "--base-url", "https://example.org/conf/")
    assert result.code == 0, result.err
    second = addresses(site / "_site")
    for address, (title, _) in first.items():
        landed, now = resolved(second, address)  # every earlier address still leads to a page
        before_at, before_title = resolved(first, address)
        root_section = not before_at.split("/")[0].isdigit() and not before_at.startswith("people/")
        if not root_section:  # a paper, a session, a person, a past edition's page: the very same page
            assert now == before_title, f"/{address} led to {before_title!r}, now to {now!r} (/{landed})"
    for paper in ("papers/hopper2020/", "2020/papers/hopper2020/"):
        assert resolved(second, paper) == ("2020/papers/hopper2020/", "Compilers for Everyone")
    assert resolved(second, "program/compilers/")[0] == "2020/program/compilers/"
    assert resolved(second, "papers/lovelace2021/") == ("2021/papers/lovelace2021/", "Engines of Analysis")
    assert second["2020/"][1] is None and second["2021/"][1] == "../"  # 2020's home is a page now; 2021's leads to /
    assert second["papers/"] == ("Papers", None)
