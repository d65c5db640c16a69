"""The preview's link check looks again only at the pages that changed, unless files or ids came or went: after
each edit, it reports exactly the broken links a clean build reports."""
from __future__ import annotations

import pytest

from conftest import MINIMAL_SITE, PreviewAgainstClean, write_tree

VENUE = "---\ntitle: Venue\nnav_order: 2\n---\n## Getting there\n\nSee the [home page](/).\n"
TRAVEL = "---\ntitle: Travel\n---\nRead [how to get there](/venue/#getting-there) first.\n"
SITE = {**MINIMAL_SITE, "site.yaml": MINIMAL_SITE["site.yaml"] + "base_url: https://example.org/conf/\n",
        "content/venue.md": VENUE, "content/travel.md": TRAVEL}  # (a full base_url: the sitemap lists the pages)


@pytest.fixture(scope="module")
def edit(tmp_path_factory):
    """edit({path: text or None}): change the site, build in the preview (one cache) and clean; both must agree."""
    root = tmp_path_factory.mktemp("links")
    site = write_tree(root / "site", SITE)
    builds = PreviewAgainstClean(site, root)

    def run(files: dict):
        for relative, text in files.items():
            if text is None:
                (site / relative).unlink()
            else:
                write_tree(site, {relative: text})
        return builds.check()

    assert run({})[0] == "built"
    return run


def test_an_id_gone_from_a_changed_page_breaks_the_link_of_a_page_that_did_not_change(edit):
    kind, errors = edit({"content/venue.md": VENUE.replace("Getting there", "Directions")})
    assert kind == "failed"
    assert [error.split(":")[0] for error in errors] == ["content/travel.md"]
    assert "venue/index.html has no element with id 'getting-there'" in errors[0]
    assert edit({"content/venue.md": VENUE})[0] == "built"


def test_a_broken_link_stays_reported_while_other_pages_change(edit):
    broken = TRAVEL.replace("/venue/#getting-there", "/venu/")
    for change in ({"content/travel.md": broken}, {"content/index.md": MINIMAL_SITE["content/index.md"] + "\nMore.\n"},
                   {"content/index.md": MINIMAL_SITE["content/index.md"] + "\nEven more.\n"}):
        kind, errors = edit(change)
        assert kind == "failed" and len(errors) == 1 and errors[0].startswith("content/travel.md:4:"), errors
    assert edit({"content/travel.md": TRAVEL, "content/index.md": MINIMAL_SITE["content/index.md"]})[0] == "built"


def test_a_page_added_mends_a_link_of_a_page_that_did_not_change(edit):
    kind, errors = edit({"content/travel.md": TRAVEL + "\nSee the [hotels](/hotels/).\n"})
    assert kind == "failed" and "there is no hotels/" in errors[0]
    assert edit({"content/hotels.md": "---\ntitle: Hotels\n---\nNear the venue.\n"})[0] == "built"
    kind, errors = edit({"content/hotels.md": None})
    assert kind == "failed" and "there is no hotels/" in errors[0]
    assert edit({"content/travel.md": TRAVEL})[0] == "built"


def test_the_sitemap_lists_a_page_added_and_forgets_it_once_removed(edit):
    added = edit({"content/hotels.md": "---\ntitle: Hotels\n---\nNear the venue.\n"})
    assert b"https://example.org/conf/hotels/" in added[1]["sitemap.xml"]
    removed = edit({"content/hotels.md": None})
    assert b"hotels" not in removed[1]["sitemap.xml"] and b"https://example.org/conf/venue/" in removed[1]["sitemap.xml"]


LIST = "---\ntitle: List\n---\n" + "".join(f"## Item {n}\n\nSee [item {n + 1}](#item-{n + 1}) and [the venue](/venue/).\n\n"
                                           for n in range(60)) + "## Item 60\n"


@pytest.fixture(scope="module")
def edit_list(tmp_path_factory):
    """As `edit`, on the site with a long page of items that link to each other."""
    root = tmp_path_factory.mktemp("list")
    site = write_tree(root / "site", {**SITE, "content/list.md": LIST})
    builds = PreviewAgainstClean(site, root)

    def run(files: dict):
        write_tree(site, files)
        return builds.check()

    assert run({})[0] == "built"
    return run


@pytest.mark.parametrize("item", [0, 30, 59])
def test_a_link_broken_in_a_long_page_is_reported_with_its_line(edit_list, item):
    broken = LIST.replace(f"(#item-{item + 1})", "(/nowhere/)")
    kind, errors = edit_list({"content/list.md": broken})
    written = f"See [item {item + 1}](/nowhere/) and [the venue](/venue/)."
    where = f"content/list.md:{broken.splitlines().index(written) + 1}:{written.index('/nowhere/') + 1}"
    assert kind == "failed" and [error.partition(": error")[0] for error in errors] == [where]
    assert edit_list({"content/list.md": LIST})[0] == "built"


@pytest.mark.parametrize("item", [1, 30, 60])
def test_an_id_gone_from_a_long_page_breaks_the_links_to_it(edit_list, item):
    kind, errors = edit_list({"content/list.md": LIST.replace(f"## Item {item}\n", f"## Entry {item}\n")})
    assert kind == "failed" and len(errors) == 1
    assert f"list/index.html has no element with id 'item-{item}'" in errors[0] and "did you mean" in errors[0]
    kind, files = edit_list({"content/list.md": LIST + "\nMore: [the last](#item-60).\n"})
    assert kind == "built" and b'href="#item-60"' in files["list/index.html"]
    assert edit_list({"content/list.md": LIST})[0] == "built"


def test_a_heading_put_in_a_comment_in_a_long_page_loses_its_id(edit_list):
    hidden = LIST.replace("## Item 20\n", "<!--\n" + "## Item 20\n" * 5 + "-->\n")  # (a comment over several headings)
    kind, errors = edit_list({"content/list.md": hidden})
    assert kind == "failed" and len(errors) == 1 and "list/index.html has no element with id 'item-20'" in errors[0]
    assert edit_list({"content/list.md": LIST})[0] == "built"
