"""The build stays inside its folders: every planned output path is checked before anything is written."""
from __future__ import annotations

import pytest

from confsite.model import Output
from confsite.check.safety import CheckedPaths, outputs_leaving_the_folder

LEAVING = ["../x", "/etc/passwd", "a/../../x", "a//b", "", "a\\..\\b", "./x", "a/\x00", "a/", ".."]


@pytest.mark.parametrize("path", LEAVING)
def test_an_output_path_leaving_the_folder_is_refused_with_its_source(path):
    outputs = [Output("index.html", "content/index.md"), Output(path, "data/papers.bib")]
    for checked in (None, CheckedPaths()):
        errors = outputs_leaving_the_folder(outputs, checked)
        assert [(error.path, error.message) for error in errors] == [
            ("data/papers.bib", f"refusing to write '{path}': it would leave the output folder")]


def test_the_preview_still_refuses_a_path_that_its_last_build_did_not_plan():
    """The preview remembers the paths its last build checked; a new one, however many are the same, is checked."""
    checked = CheckedPaths()
    outputs = [Output(f"papers/p{n}/index.html", "data/papers.bib") for n in range(100)]
    assert outputs_leaving_the_folder(outputs, checked) == []
    assert outputs_leaving_the_folder(outputs, checked) == []
    for path in LEAVING:
        errors = outputs_leaving_the_folder([*outputs, Output(path, "content/escape.md")], checked)
        assert [error.path for error in errors] == ["content/escape.md"], path
    assert outputs_leaving_the_folder(outputs[1:], checked) == []
    assert len(outputs_leaving_the_folder([Output("../y", "a.md"), *outputs], checked)) == 1
