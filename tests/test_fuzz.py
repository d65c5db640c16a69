"""Random input to every reader: a located error or a result, never an exception."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confsite.read.config import load_config
from confsite.errors import BuildFailed, SiteError
from confsite.read.calls import read_calls
from confsite.read.committees import read_committees
from confsite.read.content import read_page
from confsite.read.papers import read_papers
from confsite.read.program import read_program

from conftest import MINIMAL_SITE, confsite

# Pieces of YAML, front matter and BibTeX, so that random input reaches deep into the parsers, not only their first check.
YAML_PIECES = ["\n", "  ", "- ", ": ", "name", "title", "committees", "members", "dates", "start", "2025-02-30", "[", "]",
               "days", "sessions", "date", "end", "\"09:30\"", "25:00", "calls", "timezone", "PDT", "AoE", "tba",
               "{", "}", ",", "'", '"', "&a ", "*a", "!!str ", "!!binary ", "!!python/object ", "? ", "|", ">", "#", "\t",
               "---", "...", "%YAML 1.1\n", "<<: ", "null", "true", "1e999", "0x", "~", "é", "\x00", "\ufeff", "\r"]
BIB_PIECES = ["@article{", "@string{", "@comment{", "@preamble{", "k,", "title = ", "author = ", "{", "}", '"', " # ",
              "and ", "others", ",", "\n", "=", "\\'e", "{\\", "$x^2$", "%", "@", "crossref = {k}", "month = jan"]

texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
bib_texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(BIB_PIECES), max_size=40).map("".join))
raw = st.binary(max_size=200)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _content(value) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", errors="surrogatepass")


def _located(errors, shown: str) -> None:
    for error in errors:
        assert isinstance(error, SiteError)
        assert error.path == shown
        assert error.line is None or error.line >= 1
        assert error.message


def _site(files: dict[str, bytes]) -> tuple[tempfile.TemporaryDirectory, Path]:
    holder = tempfile.TemporaryDirectory()
    root = Path(holder.name)
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return holder, root


@FUZZ
@given(st.one_of(texts, raw))
def test_site_yaml(value):
    holder, root = _site({"site.yaml": _content(value)})
    with holder:
        try:
            load_config(root)
        except BuildFailed as failed:
            _located(failed.errors, "site.yaml")


@FUZZ
@given(st.one_of(texts, raw, texts.map(lambda t: "committees:\n  - name: PC\n    members:\n" + t)))
def test_committees_yaml(value):
    holder, root = _site({"data/committees.yaml": _content(value)})
    with holder:
        _, errors = read_committees(root)
        _located(errors, "data/committees.yaml")


@FUZZ
@given(st.one_of(texts.map(lambda t: f"---\n{t}\n---\nBody\n"), texts, raw))
def test_front_matter(value):
    holder, root = _site({"content/page.md": _content(value)})
    with holder:
        _, errors = read_page(root / "content" / "page.md", root)
        _located(errors, "content/page.md")


@FUZZ
@given(st.one_of(bib_texts, raw))
def test_papers_bib(value):
    holder, root = _site({"data/papers.bib": _content(value)})
    with holder:
        _, errors = read_papers(root / "data" / "papers.bib", "data/papers.bib")
        _located(errors, "data/papers.bib")


PROGRAM_HEAD = "days:\n  - date: 2030-06-01\n    sessions:\n      - title: S\n        start: \"09:00\"\n"
CALLS_HEAD = "calls:\n  - title: C\n    timezone: America/Los_Angeles\n    dates:\n      - label: Deadline\n"


@FUZZ
@given(st.one_of(texts, raw, texts.map(lambda t: PROGRAM_HEAD + t)))
def test_program_yaml(value):
    holder, root = _site({"data/program.yaml": _content(value)})
    with holder:
        _, errors = read_program(root)
        _located(errors, "data/program.yaml")


@FUZZ
@given(st.one_of(texts, raw, texts.map(lambda t: CALLS_HEAD + t)))
def test_calls_yaml(value):
    holder, root = _site({"data/calls.yaml": _content(value)})
    with holder:
        _, errors = read_calls(root)
        _located(errors, "data/calls.yaml")


# The whole check, after the readers: values that pass a schema must not break assembly, rendering or links.
SITE_FILES = {
    "site.yaml": st.sampled_from(["name: T\n", "name: T\ndates: {start: 2030-06-01, end: 2030-06-02}\n",
                                  "name: T\nnav:\n  - {title: V, url: /venue/}\n"]),
    "data/committees.yaml": texts.map(lambda t: "committees:\n  - name: PC\n    members:\n      - name: A\n" + t),
    "data/program.yaml": texts.map(lambda t: PROGRAM_HEAD.replace("2030-06-01", "2030-06-02") + '        end: "10:00"\n' + t),
    "data/calls.yaml": texts.map(lambda t: CALLS_HEAD + "        date: 2030-03-15\n" + t),
    "content/venue.md": texts.map(lambda t: "---\ntitle: V\n" + t + "\n---\n[a](/x/) [b](#y) ![c](/d.png)\n"),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional=SITE_FILES))
def test_confsite_check_never_fails_inside(files):
    holder, root = _site({**{k: v.encode() for k, v in MINIMAL_SITE.items()}, **{k: _content(v) for k, v in files.items()}})
    with holder:
        result = confsite("check", "--site", root)
        assert result.code in (0, 1)
        assert "internal error" not in result.err and "Traceback" not in result.err, result.err
