"""The CI workflow: it parses, runs the README's commands, and deploys to GitHub Pages only from main."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, html

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


@pytest.fixture(scope="module")
def workflow():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def readme_commands() -> set[str]:
    """The shell commands shown in the README's ```sh blocks."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return {line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.split("#")[0].strip()}


def steps(job: dict) -> list[dict]:
    return job["steps"]


def test_runs_on_pushes_to_main_and_on_pull_requests(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]


def test_its_commands_are_the_readmes(workflow):
    runs = [step["run"] for job in workflow["jobs"].values() for step in steps(job) if "run" in step]
    assert [" ".join(shlex.split(run)[:2]) for run in runs] == ["make build", "make test"]
    documented = readme_commands()
    assert "make build" in documented and "make test" in documented
    assert any(command.startswith("make build BASE_URL=") for command in documented)


def test_build_uses_the_pages_address_and_only_pushes_upload_and_deploy(workflow):
    build = workflow["jobs"]["build"]
    by_use = {step["uses"].split("@")[0]: step for step in steps(build) if "uses" in step}
    configure = by_use["actions/configure-pages"]
    assert configure["if"] == "github.event_name == 'push'"
    build_step = next(step for step in steps(build) if step.get("run", "").startswith("make build"))
    assert f"steps.{configure['id']}.outputs.base_url" in build_step["run"]
    upload = by_use["actions/upload-pages-artifact"]
    assert upload["with"]["path"] == "_site" and upload["if"] == "github.event_name == 'push'"

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.event_name == 'push'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in steps(deploy)] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write


def test_make_build_with_base_url_builds_for_that_address(tmp_path):
    dry_run = subprocess.run(["make", "-n", "build", "BASE_URL=https://example.org/conf/"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
    command = shlex.split(next(line for line in dry_run.splitlines() if "build.py" in line))
    assert command[1:] == ["build.py", "--base-url", "https://example.org/conf/"]
    result = subprocess.run([sys.executable, *command[1:], "--out", str(tmp_path / "out")], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = html(tmp_path / "out" / "committees" / "index.html")
    assert page.find("link", rel="canonical")["href"] == "https://example.org/conf/committees/"
