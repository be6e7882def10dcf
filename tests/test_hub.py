"""The trial JupyterHub of ``classroom/``: a class of three, and the configuration's refusals.

``benchmarks/classroom_load.py --students 3`` starts the hub on free loopback ports, spawns
three students' servers through the REST API, pulls the repository into each with nbgitpuller
from a local bare clone, runs notebook 06 in each student's kernel, checks that requests without
login are refused, and stops everything. This test runs it and reads its JSON report; it then
checks itself that no process of the run is left. The N = 20 figures are a benchmark
(``make classroom-load N=20``), not a timed test.

Needs configurable-http-proxy (``npm ci``: ``make test`` runs it) and git. Without them the test
is skipped with a message, except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.classroom

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "classroom" / "jupyterhub_config.py"
CHP = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from benchmarks.classroom_load import free_port, processes_using  # noqa: E402
from classroom.link import nbgitpuller_link  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def hub_requirements():
    problems = []
    if not CHP.exists():
        problems.append(f"{CHP} is missing (run `npm ci`)")
    if shutil.which("git") is None:
        problems.append("git is not installed")
    if problems:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the hub test cannot run: " + "; ".join(problems))
        pytest.skip("; ".join(problems))


def test_a_class_of_three_spawns_pulls_and_runs_notebook_06(tmp_path):
    report = tmp_path / "load.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "classroom_load.py"), "--students", "3",
         "--json", str(report)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert report.exists(), f"no report:\n{proc.stdout}\n{proc.stderr}"
    result = json.loads(report.read_text())
    details = f"{proc.stdout}\n{proc.stderr}"
    assert "error" not in result, details
    assert len(result["students"]) == 3
    for student in result["students"]:
        assert student["failure"] is None, details
        # spawned, pulled with nbgitpuller, every code cell of notebook 06 ran without error
        assert student["spawn_s"] > 0 and student["pull_s"] > 0 and student["run_s"] > 0
        assert student["cells"] > 0
        # its own kernel, started by its own server, on IPC sockets rather than TCP ports
        assert student["kernel_transports"] == ["ipc"], student
        assert student["server_mem"]["pss"] > 0 and student["kernel_mem"]["pss"] > 0
    security = result["security"]
    assert security["GET /hub/api/users without a token is refused (403)"], security
    assert security["GET /hub/home without login redirects to the login page"], security
    assert all(security.values()) and len(security) >= 6, security
    # everything the run started is stopped: hub, proxy, servers, kernels
    assert result["leftover_processes"] == {}, result["leftover_processes"]
    assert processes_using(Path(result["workdir"])) == {}
    assert not Path(result["workdir"]).exists()
    assert proc.returncode == 0, details


def _start_hub(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    state = Path(tempfile.mkdtemp(prefix="nghub-"))  # a short path, as the load script's
    try:
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NORMGRAD_HUB_")},
            "NORMGRAD_HUB_STATE": str(state),
            "NORMGRAD_HUB_PORT": str(free_port()),
            "NORMGRAD_HUB_HUB_PORT": str(free_port()),
            "NORMGRAD_HUB_PROXY_API_PORT": str(free_port()),
            **env,
        }
        proc = subprocess.run(
            [str(BIN / "jupyterhub"), "-f", str(CONFIG), *args],
            cwd=tmp_path,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert processes_using(state) == {}
        return proc
    finally:
        shutil.rmtree(state, ignore_errors=True)


def test_the_hub_refuses_to_start_without_a_password(tmp_path):
    proc = _start_hub(tmp_path, {})
    assert proc.returncode != 0
    assert "set NORMGRAD_HUB_PASSWORD" in proc.stderr + proc.stdout
    assert "there is no default password" in proc.stderr + proc.stdout


@pytest.mark.parametrize(
    "override",
    [
        "--JupyterHub.bind_url=http://0.0.0.0:{port}",
        "--JupyterHub.hub_bind_url=http://0.0.0.0:{port}",
        "--Spawner.ip=0.0.0.0",
    ],
)
def test_the_hub_refuses_to_bind_beyond_loopback_with_the_shared_password(tmp_path, override):
    proc = _start_hub(
        tmp_path,
        {"NORMGRAD_HUB_PASSWORD": "a-trial-password"},
        override.format(port=free_port()),
    )
    output = proc.stderr + proc.stdout
    assert proc.returncode != 0, output[-2000:]
    assert "for a trial on 127.0.0.1 only" in output, output[-2000:]
    assert "JupyterHub is now running" not in output


def test_the_nbgitpuller_link_names_its_target_folder():
    link = nbgitpuller_link(
        "http://127.0.0.1:8000", "https://example.org/normgrad.git", "main",
        "notebooks/06_explorers.ipynb", "normgrad",
    )
    assert link == (
        "http://127.0.0.1:8000/hub/user-redirect/git-pull?"
        "repo=https%3A//example.org/normgrad.git&branch=main"
        "&urlpath=lab/tree/normgrad/notebooks/06_explorers.ipynb&targetpath=normgrad"
    )
    with pytest.raises(ValueError):
        nbgitpuller_link("http://h", "r", "main", "../secret.ipynb")
