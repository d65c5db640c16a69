"""`confsite new DIR`: a new site that builds at once, shows its placeholders, and never overwrites anything."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import confsite
from conftest import build, confsite as run_confsite, html, snapshot, write_tree
from confsite.newsite import STARTER


def test_new_site_builds_at_once_and_shows_its_placeholders(tmp_path):
    folder = tmp_path / "conf2027"
    result = run_confsite("new", folder)
    assert result.code == 0, result.err
    assert "grep -rn TODO" in result.out
    for name in ("site.yaml", "content/index.md", "content/news/welcome.md", "data/committees.yaml",
                 "data/papers.bib", ".gitignore"):
        assert (folder / name).is_file(), name
    assert "theme: default" in (folder / "site.yaml").read_text()
    assert not (folder / "themes").exists()  # the built-in theme is used, not a copy

    built = build(folder)
    assert built.code == 0, built.err
    home = html(folder / "_site" / "index.html")
    assert home.find("h1").get_text().startswith("TODO:")
    assert home.select_one(".site-name").get_text().startswith("TODO:")
    for page in ("call-for-papers", "committees", "papers", "news"):
        main = html(folder / "_site" / page / "index.html").find("main").get_text()
        assert "TODO:" in main, page
    post = html(folder / "_site" / "news" / "welcome" / "index.html")
    assert post.find("time")["datetime"] == dt.date.today().isoformat()
    labels = [a.get_text() for a in home.select("nav[aria-label=Main] a")]
    assert labels == ["Home", "Call for Papers", "Committees", "News", "Papers"]


def test_new_writes_into_an_existing_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_confsite("new", folder).code == 0
    assert (folder / "site.yaml").is_file()


def test_new_refuses_a_folder_that_holds_files(tmp_path):
    folder = write_tree(tmp_path / "existing", {"site.yaml": "name: Mine\n", "notes.txt": "keep me"})
    before = snapshot(folder)
    result = run_confsite("new", folder)
    assert result.code == 1
    assert f"confsite: error: {folder} exists and is not an empty folder" in result.err
    assert "Traceback" not in result.err
    assert snapshot(folder) == before


def test_new_refuses_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("data")
    assert run_confsite("new", target).code == 1
    assert target.read_text() == "data"


def test_the_starter_ships_inside_the_package():
    package = Path(confsite.__file__).resolve().parent
    assert STARTER.is_relative_to(package)
    assert (STARTER / "site.yaml").is_file()
