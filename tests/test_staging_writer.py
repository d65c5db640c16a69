"""The render's processes write files with write.StagingWriter: plain paths land in the folder, any path that could
leave it is refused exactly as write.safe_relative refuses it, before anything is written."""
from __future__ import annotations

import pytest

from confsite.errors import BuildFailed
from confsite.output.write import StagingWriter, safe_relative


def test_plain_paths_are_written_with_their_bytes(tmp_path):
    writer = StagingWriter(tmp_path)
    writer.write("index.html", b"home")
    writer.write("papers/p1/index.html", b"\xc3\xa9" * 100_000)
    writer.write("papers/p1/p1.bib", b"@inproceedings{p1}")
    writer.write("a.b/..c/.d", b"dots in names")
    assert (tmp_path / "index.html").read_bytes() == b"home"
    assert (tmp_path / "papers/p1/index.html").read_bytes() == b"\xc3\xa9" * 100_000
    assert (tmp_path / "papers/p1/p1.bib").read_bytes() == b"@inproceedings{p1}"
    assert (tmp_path / "a.b/..c/.d").read_bytes() == b"dots in names"


@pytest.mark.parametrize("path", ["", "/etc/x", "//x", "../x", "a/../../x", "a/..", "..", ".", "./a", "a/./b", "a//b",
                                  "a/", "a\\..\\b", "a\x00b"])
def test_paths_leaving_the_folder_are_refused(tmp_path, path):
    with pytest.raises(BuildFailed) as refused:
        safe_relative(path)
    (tmp_path / "out").mkdir()
    with pytest.raises(BuildFailed) as failed:
        StagingWriter(tmp_path / "out").write(path, b"x")
    assert [str(error) for error in failed.value.errors] == [str(error) for error in refused.value.errors]
    assert "would not stay inside the output folder" in str(failed.value.errors[0])
    assert list((tmp_path / "out").iterdir()) == [] and sorted(tmp_path.iterdir()) == [tmp_path / "out"]


def test_a_file_with_the_bytes_of_the_output_s_is_linked_to_it_not_written(tmp_path):
    """Updating an output in place, the staged folder (which the search index reads whole) gets the output's own file
    where the bytes are the same: nothing is written, and write_site sees by the inode that it did not change."""
    output = tmp_path / "out"
    (output / "papers").mkdir(parents=True)
    (output / "papers" / "same.html").write_bytes(b"same bytes")
    (output / "papers" / "other.html").write_bytes(b"old bytes!")  # the same size, other bytes
    (output / "real").mkdir()
    (output / "real" / "page.html").write_bytes(b"through a link")
    (output / "linked").symlink_to(output / "real")
    (output / "link.html").symlink_to(output / "papers" / "same.html")
    staging = tmp_path / "staging"
    staging.mkdir()
    writer = StagingWriter(staging, linked_from=output)
    for relative, data in [("papers/same.html", b"same bytes"), ("papers/other.html", b"new bytes!"),
                           ("papers/new.html", b"new"), ("linked/page.html", b"through a link"),
                           ("link.html", b"same bytes")]:
        writer.write(relative, data)
    inode = {path.relative_to(staging).as_posix(): path.lstat().st_ino for path in staging.rglob("*.html")}
    assert inode["papers/same.html"] == (output / "papers" / "same.html").stat().st_ino
    assert inode["papers/other.html"] != (output / "papers" / "other.html").stat().st_ino
    # a file reached through a symbolic link in the output is written, not linked
    assert inode["linked/page.html"] != (output / "real" / "page.html").stat().st_ino
    assert not (staging / "link.html").is_symlink() and inode["link.html"] != inode["papers/same.html"]
    assert {relative: (staging / relative).read_bytes() for relative in inode} == {
        "papers/same.html": b"same bytes", "papers/other.html": b"new bytes!", "papers/new.html": b"new",
        "linked/page.html": b"through a link", "link.html": b"same bytes"}
    assert {relative: figures[3] for relative, figures in writer.noted.items()} == inode
    assert (output / "papers" / "other.html").read_bytes() == b"old bytes!"  # the output itself is left alone
