"""The render's processes write files with write.StagingWriter: plain paths land in the folder, any path that could
leave it is refused exactly as write.safe_relative refuses it, before anything is written."""
from __future__ import annotations

import pytest

from confsite.errors import BuildFailed
from confsite.write import StagingWriter, safe_relative


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
