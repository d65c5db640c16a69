"""confsite as a package: a wheel built from the repository, installed with pip into a new virtual environment
that cannot see the repository, runs every command; its metadata passes `twine check`.

One test, since it builds and installs (about half a minute with pip's cache): the libraries come from the package
index or pip's cache as for any user."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import confsite
from conftest import REPO

# Not part of what the wheel is built from: outputs, environments and tools' caches anywhere; at the top, the
# example sites, tests and benchmarks (too large to copy for nothing).
CACHES = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".hypothesis", ".confsite-cache", "_site",
                                "._site.*", "*.egg-info")
TOP = {".venv", "node_modules", "build", "dist", "examples", "bench", "tests", "editions", "content", "data", "docs"}


def _left_out(folder: str, names: list[str]) -> set[str]:
    return set(CACHES(folder, names)) | (TOP & set(names) if Path(folder) == REPO else set())
MINICONF = ("UID,title,authors,abstract,keywords,sessions\r\n"
            'B1xSperKvH,Enabling Deep Spiking Neural Networks,Nitin Rathi|Kaushik Roy,"Spiking networks, '
            'with $O(n)$ steps.",snn|backpropagation,\r\n')


def run(*command, cwd, env=None, timeout=300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_installed_in_a_new_environment_runs_every_command(tmp_path):
    # The wheel, built from a copy of the checkout: a build in the checkout would leave build/ there, whose stale
    # files a later wheel would take in.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, symlinks=True, ignore=_left_out)
    assert (source / "confsite" / "themes").is_symlink()  # as in a checkout: the wheel must hold the real files
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", tmp_path / "dist", source, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("confsite-*.whl"))
    assert wheel.name == f"confsite-{confsite.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        themes = {p.relative_to(REPO).as_posix() for p in (REPO / "themes").rglob("*") if p.is_file()}
        assert {name.removeprefix("confsite/") for name in names if name.startswith("confsite/themes/")} == themes
        assert archive.read("confsite/themes/default/templates/base.html") == \
            (REPO / "themes" / "default" / "templates" / "base.html").read_bytes()
        assert {"confsite/starter/site.yaml", "confsite/starter/gitignore", "confsite/ci/github.yml",
                "confsite/ci/gitlab.yml"} <= names
        assert f"confsite-{confsite.__version__}.dist-info/licenses/LICENSE" in names
        metadata = archive.read(f"confsite-{confsite.__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Programming Language :: Python :: 3.11" in metadata
    assert "Summary: A static website generator for academic conferences" in metadata
    assert "PASSED" in run(sys.executable, "-m", "twine", "check", "--strict", wheel, cwd=tmp_path).stdout

    # A new environment in a folder of its own, given only the wheel: nothing of the checkout is on its path.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(wheel, elsewhere)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    run(sys.executable, "-m", "venv", elsewhere / "venv", cwd=elsewhere, env=env)
    bin_dir = elsewhere / "venv" / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--disable-pip-version-check", "--quiet", elsewhere / wheel.name,
        cwd=elsewhere, env=env)
    where = run(bin_dir / "python", "-c", "import confsite; print(confsite.__file__)", cwd=elsewhere, env=env).stdout
    assert Path(where.strip()).is_relative_to(elsewhere / "venv")
    cli = bin_dir / "confsite"
    assert run(cli, "--version", cwd=elsewhere, env=env).stdout.strip() == f"confsite {confsite.__version__}"

    run(cli, "new", "conf", cwd=elsewhere, env=env)
    site = elsewhere / "conf"
    assert (site / ".github" / "workflows" / "publish.yml").is_file()
    (elsewhere / "papers.csv").write_text(MINICONF, encoding="utf-8")
    imported = run(cli, "import", "miniconf", "papers.csv", "--site", "conf", "--year", "2027", cwd=elsewhere, env=env)
    assert "1 new" in imported.stdout
    run(cli, "check", "--site", "conf", "--strict", cwd=elsewhere, env=env)
    run(cli, "build", "--site", "conf", cwd=elsewhere, env=env)
    assert (site / "_site" / "css" / "site.css").read_bytes() == \
        (REPO / "themes" / "default" / "static" / "css" / "site.css").read_bytes()
    paper = next((site / "_site" / "papers").glob("rathi2027*/index.html")).read_text(encoding="utf-8")
    assert "Enabling Deep Spiking Neural Networks" in paper and "O(n)" in paper and "$" not in paper
    assert (site / "_site" / "pagefind").is_dir()  # the search index: pagefind's program came with the package

    port, log = _free_port(), elsewhere / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen([cli, "serve", "--site", "conf", "--port", str(port)], cwd=elsewhere, env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        page = _fetch(f"http://127.0.0.1:{port}/papers/", server, log)
        assert "Enabling Deep Spiking Neural Networks" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str, server: subprocess.Popen, log: Path, wait: float = 60) -> str:
    """The page at `url` once the preview answers (it builds the site first)."""
    deadline = time.monotonic() + wait
    while True:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            assert time.monotonic() < deadline, f"the preview did not answer {url}"
            time.sleep(0.3)
