"""The build stays inside its folders: every planned output path is checked before anything is written."""
from __future__ import annotations

import pytest

from confsite.model import Output
from confsite.check.safety import outputs_leaving_the_folder

LEAVING = ["../x", "/etc/passwd", "a/../../x", "a//b", "", "a\\..\\b", "./x", "a/\x00", "a/", ".."]


@pytest.mark.parametrize("path", LEAVING)
def test_an_output_path_leaving_the_folder_is_refused_with_its_source(path):
    outputs = [Output("index.html", "content/index.md"), Output(path, "data/papers.bib")]
    errors = outputs_leaving_the_folder(outputs)
    assert [(error.path, error.message) for error in errors] == [
        ("data/papers.bib", f"refusing to write '{path}': it would leave the output folder")]
