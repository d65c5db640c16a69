"""The CI workflow that `confsite new` writes: it publishes the new site, and its own commands build it.

The tests read the workflow as YAML and run each of its shell steps that does not need GitHub or GitLab, in the
new site's folder, with two stand-ins said out loud: the step that installs the pinned confsite from the package
index is replaced by this checkout's confsite (the pinned version is this one, and it is not on an index during a
test), and the values CI would give (the Pages address) are filled in by `ci_values`."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

import confsite
from conftest import REPO, confsite as run_confsite, html

PAGES_URL = "https://org.github.io/conf2027"  # what actions/configure-pages gives as base_url: no trailing slash
INSTALL = 'python -m pip install "confsite==$CONFSITE_VERSION"'


def new_site(tmp_path, *options):
    folder = tmp_path / "conf2027"
    result = run_confsite("new", folder, *options)
    assert result.code == 0, result.err
    return folder


def read_workflow(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture
def confsite_of_this_checkout(tmp_path):
    """A folder holding a `confsite` command that runs this checkout's confsite: the stand-in for the workflow's
    install step, which would download the pinned version from the package index."""
    folder = tmp_path / "bin"
    folder.mkdir()
    command = folder / "confsite"
    command.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m confsite "$@"\n')
    command.chmod(0o755)
    return folder


def ci_values(text: str, values: dict[str, str]) -> str:
    """A GitHub expression such as `${{ steps.pages.outputs.base_url }}` replaced by the value CI would give."""
    def value(match):
        assert match.group(1) in values, f"the test does not know what CI gives for {match.group(1)}"
        return values[match.group(1)]
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, text)


def run_step(script: str, folder, env: dict, stand_in):
    """Run one step's shell script as CI runs it (bash, stopping at the first failing command)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment.update(env)
    environment["PATH"] = f"{stand_in}{os.pathsep}{environment['PATH']}"
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=folder, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    return result


def canonical(page) -> str | None:
    link = html(page).find("link", rel="canonical")
    return link["href"] if link else None


def test_github_workflow_checks_pull_requests_and_deploys_pushes_to_main(tmp_path):
    workflow = read_workflow(new_site(tmp_path) / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"] and "pull_request" in workflow["on"]
    assert workflow["env"]["CONFSITE_VERSION"] == confsite.__version__  # pinned to the confsite that wrote it
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write
    build = workflow["jobs"]["build"]["steps"]
    used = {step["uses"].split("@")[0]: step for step in build if "uses" in step}
    assert used["actions/configure-pages"]["if"] == "github.event_name == 'push'"
    assert used["actions/upload-pages-artifact"]["if"] == "github.event_name == 'push'"
    assert used["actions/upload-pages-artifact"]["with"]["path"] == "_site"
    assert [step["run"] for step in build if "run" in step][:2] == [INSTALL, "confsite check --strict"]
    build_step = next(step for step in build if step.get("run", "").startswith("confsite build"))
    assert build_step["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_github_workflow_commands_build_the_new_site(tmp_path, confsite_of_this_checkout, event):
    folder = new_site(tmp_path)
    workflow = read_workflow(folder / ".github" / "workflows" / "publish.yml")
    # on a pull request configure-pages is skipped, and its output is empty
    given = {"steps.pages.outputs.base_url": PAGES_URL if event == "push" else ""}
    ran = []
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" not in step or not _runs_on(step, event):
            continue
        if step["run"] == INSTALL:
            continue  # the stand-in: confsite_of_this_checkout is on PATH instead
        env = {**workflow["env"], **{key: ci_values(str(value), given) for key, value in step.get("env", {}).items()}}
        run_step(step["run"], folder, env, confsite_of_this_checkout)
        ran.append(step["name"])
    assert ran == ["Check the site", "Build the site"]
    home = folder / "_site" / "index.html"
    if event == "push":  # built for the Pages address, with the full links that need one
        assert canonical(home) == f"{PAGES_URL}/"
        assert f"<loc>{PAGES_URL}/papers/</loc>" in (folder / "_site" / "sitemap.xml").read_text()
    else:  # site.yaml's base_url, a path: no canonical links
        assert home.is_file() and canonical(home) is None


def _runs_on(step: dict, event: str) -> bool:
    condition = step.get("if")
    assert condition in (None, "github.event_name == 'push'"), condition
    return condition is None or event == "push"


def test_gitlab_pipeline_builds_merge_requests_and_publishes_the_default_branch(tmp_path, confsite_of_this_checkout):
    folder = new_site(tmp_path, "--ci", "gitlab")
    assert not (folder / ".github").exists()
    pipeline = yaml.safe_load((folder / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["CONFSITE_VERSION"] == confsite.__version__
    assert pipeline["default"]["before_script"] == [INSTALL]  # the stand-in replaces it below
    assert pipeline["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    pages = pipeline["pages"]  # GitLab publishes the artifact `public` of the job named pages
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    env = {**pipeline["variables"], "CI_PAGES_URL": "https://group.gitlab.io/conf2027"}
    for job in ("check", "pages"):
        run_step("\n".join(pipeline[job]["script"]), folder, env, confsite_of_this_checkout)
    assert canonical(folder / "public" / "index.html") == "https://group.gitlab.io/conf2027/"
    assert canonical(folder / "_site" / "index.html") is None
    assert "/public/" in (folder / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("ci, workflow", [("github", ".github/workflows/publish.yml"), ("gitlab", ".gitlab-ci.yml")])
def test_the_readme_says_how_to_go_live_and_how_to_pin_and_upgrade(tmp_path, ci, workflow):
    readme = (new_site(tmp_path, "--ci", ci) / "README.md").read_text(encoding="utf-8")
    steps = [readme.index(words) for words in ("git init", "git push -u origin main", "site is live at",
                                                  "Write that address as `base_url`")]
    assert steps == sorted(steps)  # in the order they are done
    assert f'pip install "confsite=={confsite.__version__}"' in readme
    assert f"write the new version into `{workflow}`" in readme and "CHANGELOG.md" in readme
    assert "@" not in re.sub(r"\S+@\S+", "", readme)  # every placeholder filled in
    assert ("GitHub Pages" in readme) == (ci == "github") and ("GitLab Pages" in readme) == (ci == "gitlab")


def test_new_without_ci_writes_no_workflow(tmp_path):
    folder = new_site(tmp_path, "--ci", "none")
    assert not (folder / ".github").exists() and not (folder / ".gitlab-ci.yml").exists()
    assert "confsite build --base-url" in (folder / "README.md").read_text(encoding="utf-8")
