"""Binder: the image repo2docker would build, and environment.yml agreeing with pyproject.toml.

``jupyter-repo2docker --no-build`` prints the Dockerfile it would build without Docker or the
network, so the test reads the real build plan: the conda buildpack installs environment.yml,
then the repository is copied in, then postBuild runs (as the notebook user) and installs the
package. The second half checks that environment.yml (what Binder installs) and pyproject.toml
(what ``make lab`` / ``make test`` install) pin the same packages to the same ranges.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.binder

REPO = Path(__file__).resolve().parents[1]
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"


@pytest.fixture(scope="module")
def repo2docker_plan() -> tuple[list[str], str]:
    """The Dockerfile lines repo2docker prints for this repository, and its log (stderr)."""
    assert REPO2DOCKER.exists(), (
        f"{REPO2DOCKER} is missing: install the test extra (`make test` does: pip install -e "
        "'.[test]')"
    )
    proc = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--user-id", "1000", "--user-name", "jovyan", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"repo2docker failed:\n{proc.stderr}"
    return proc.stdout.splitlines(), proc.stderr


def _index(lines: list[str], pattern: str) -> int:
    """Index of the only Dockerfile line matching ``pattern``."""
    hits = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert len(hits) == 1, f"expected one line matching {pattern!r}, found {len(hits)}"
    return hits[0]


def test_repo2docker_installs_environment_yml_then_runs_postbuild(repo2docker_plan):
    lines, log = repo2docker_plan
    # The conda buildpack was chosen, for the Python that environment.yml pins.
    assert "Building conda environment for python=3.11" in log
    copy_env = _index(lines, r"^COPY .*\bsrc/environment\.yml \$\{REPO_DIR\}/environment\.yml$")
    install_env = _index(
        lines, r'\$\{MAMBA_EXE\} env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"'
    )
    copy_repo = _index(lines, r"^COPY .*\bsrc/ \$\{REPO_DIR\}/$")
    run_postbuild = _index(lines, r"^RUN \./postBuild$")
    assert copy_env < install_env < copy_repo < run_postbuild
    # postBuild runs as the notebook user, not root.
    users = [line for line in lines[:run_postbuild] if line.startswith("USER ")]
    assert users[-1] == "USER ${NB_USER}"


def test_postbuild_is_an_executable_strict_bash_script():
    postbuild = REPO / "postBuild"
    tracked = subprocess.run(
        ["git", "ls-files", "-s", "postBuild"], cwd=REPO, capture_output=True, text=True
    )
    if tracked.returncode == 0 and tracked.stdout.strip():
        # Mode as git records it: what a fresh clone (and Binder) gets.
        assert tracked.stdout.split()[0] == "100755", tracked.stdout
    else:  # not in a git checkout, or not committed yet: the file itself
        assert postbuild.stat().st_mode & stat.S_IXUSR, "postBuild is not executable"
    lines = postbuild.read_text().splitlines()
    assert lines[0] in {"#!/usr/bin/env bash", "#!/bin/bash"}
    commands = [line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -euo pipefail"
    assert "pip install --no-deps -e ." in commands


def test_no_binder_folder_hides_the_root_files():
    # repo2docker reads only binder/ (or .binder/) when one exists, ignoring the root files.
    for folder in ("binder", ".binder"):
        assert not (REPO / folder).exists(), f"{folder}/ would make repo2docker ignore the root"


# --- environment.yml agrees with pyproject.toml ---------------------------------------------


def parse_environment_yml(text: str) -> dict[str, str | list[str]]:
    """Parse the small YAML subset environment.yml uses: ``key: value`` and ``key:`` lists.

    PyYAML is not a dependency of this project, so the test does not rely on it. Anything
    outside the subset raises ``ValueError`` rather than being misread.

    Examples
    --------
    >>> parse_environment_yml("name: x\\nchannels:\\n  - conda-forge  # c\\n")
    {'name': 'x', 'channels': ['conda-forge']}
    >>> parse_environment_yml("deps:\\n  - pip:\\n    - foo\\n")
    Traceback (most recent call last):
    ...
    ValueError: line 2 of environment.yml is outside the supported subset: '  - pip:'
    """
    result: dict[str, str | list[str]] = {}
    key = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not line:
            continue
        top = re.fullmatch(r"([A-Za-z_][\w-]*):(?:\s+(\S.*))?", line)
        item = re.fullmatch(r"\s+-\s+([^\s:#][^:#]*)", line)
        if top:
            key, value = top.group(1), top.group(2)
            result[key] = value if value is not None else []
        elif item and key is not None and isinstance(result[key], list):
            result[key].append(item.group(1).strip())  # type: ignore[union-attr]
        else:
            raise ValueError(
                f"line {number} of environment.yml is outside the supported subset: {raw!r}"
            )
    return result


@pytest.fixture(scope="module")
def environment() -> dict[str, str | list[str]]:
    text = (REPO / "environment.yml").read_text()
    env = parse_environment_yml(text)
    try:  # cross-check the small parser when PyYAML happens to be installed
        import yaml
    except ImportError:
        pass
    else:
        assert yaml.safe_load(text) == env
    return env


def _pins(specs: list[str], source: str) -> dict[str, SpecifierSet]:
    pins: dict[str, SpecifierSet] = {}
    for spec in specs:
        requirement = Requirement(spec)
        assert not requirement.extras and requirement.marker is None and not requirement.url, (
            f"{source}: {spec!r} uses extras/markers/URLs, which environment.yml cannot express"
        )
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{source}: {name} listed twice"
        pins[name] = requirement.specifier
    return pins


def test_environment_yml_pins_what_pyproject_pins(environment):
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = _pins(
        project["dependencies"] + project["optional-dependencies"]["lab"], "pyproject.toml"
    )
    dependencies = environment["dependencies"]
    assert isinstance(dependencies, list)
    assert environment["channels"] == ["conda-forge"]
    names = [re.match(r"[A-Za-z0-9_.-]+", spec).group() for spec in dependencies]
    assert names.count("python") == 1 and "python=3.11" in dependencies, dependencies
    assert Version("3.11") in SpecifierSet(project["requires-python"])
    assert names.count("pip") == 1 and "pip" in dependencies  # postBuild installs with pip
    conda = [spec for spec in dependencies if spec not in {"python=3.11", "pip"}]
    pinned = _pins(conda, "environment.yml")
    assert sorted(pinned) == sorted(wanted), (
        f"only in environment.yml: {sorted(set(pinned) - set(wanted))}; "
        f"only in pyproject.toml: {sorted(set(wanted) - set(pinned))}"
    )
    for name, specifier in wanted.items():
        assert pinned[name] == specifier, (
            f"{name}: environment.yml has {pinned[name]}, pyproject.toml has {specifier}"
        )
        assert str(specifier), f"{name} has no version range"

