"""A class of N students on the trial hub (``make classroom-load N=20``).

Starts the trial hub of ``classroom/jupyterhub_config.py`` on free loopback ports with a
temporary state folder, a random password and a random admin API token, then, as a class
arriving at once:

1. creates N students and spawns their servers through the hub's REST API (spawn time);
2. pulls the repository into each with nbgitpuller (the link a student clicks, then the pull
   itself) from a local bare clone, so no network is needed;
3. runs notebook 06 in each student's kernel, started by the student's own server through its
   sessions API, executing the code cells over the kernel's websocket (run time);
4. measures memory per student: the single-user server and its kernel, RSS and PSS from
   ``/proc/<pid>/smaps_rollup``, and the total over every process the run started;
5. checks that requests without login are refused, and that one student cannot use another
   student's server;
6. stops everything it started (servers, kernels, proxy, hub) and checks with ``/proc`` that no
   process is left behind.

The bare clone holds the working tree as it is (tracked and untracked files, minus what
.gitignore ignores), committed on a branch ``classroom-load``, so the notebook that runs is the
one beside the package the kernels import. ``--committed`` uses the last commit instead.

Prints a report; ``--json PATH`` also writes it as JSON (the hub test reads that). Exit status 0
only if every student spawned, pulled and ran the notebook with no error, the unauthenticated
requests were refused and no process was left over.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from classroom.link import nbgitpuller_link  # noqa: E402

BIN = Path(sys.executable).parent
CONFIG = REPO / "classroom" / "jupyterhub_config.py"
NOTEBOOK = "notebooks/06_explorers.ipynb"
TARGET = "normgrad"
BRANCH = "classroom-load"
CELL_TIMEOUT = 300  # seconds for one cell on a loaded machine


# --- small helpers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory(pid: int) -> dict[str, int]:
    """RSS and PSS of ``pid`` in bytes, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key.lower()] = int(rest.split()[0]) * 1024
    return values


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time ``pid`` has used so far, in seconds."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def processes_using(folder: Path) -> dict[int, str]:
    """Processes whose command line, working folder or environment mention ``folder``."""
    needle = str(folder)
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        pid = int(proc.name)
        if pid == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(proc / "cwd")
            environ = (proc / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if needle in cmdline or cwd.startswith(needle) or needle in environ:
            found[pid] = cmdline.strip()[:200]
    return found


def transport(kernel_pid: int) -> str:
    """The transport in the connection file a kernel was started with (``-f <file>``)."""
    args = Path(f"/proc/{kernel_pid}/cmdline").read_bytes().decode().split("\0")
    try:
        connection_file = args[args.index("-f") + 1]
        return json.loads(Path(connection_file).read_text())["transport"]
    except (ValueError, IndexError, OSError, KeyError) as error:
        return f"unknown ({error})"


def git(*args: str, cwd: Path | None = None, env: dict | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def bare_clone(workdir: Path, committed: bool) -> tuple[Path, str]:
    """A bare clone of the repository with the tested state on branch ``classroom-load``."""
    bare = workdir / "normgrad.git"
    git("clone", "--quiet", "--bare", str(REPO), str(bare))
    head = git("rev-parse", "HEAD", cwd=REPO)
    commit = head
    if not committed:
        # Commit the working tree into the bare clone only: a temporary index, objects written
        # into the clone; the repository itself (its index, refs, objects) is not touched.
        env = {
            **os.environ,
            "GIT_DIR": str(bare),
            "GIT_WORK_TREE": str(REPO),
            "GIT_INDEX_FILE": str(workdir / "snapshot.index"),
            "GIT_AUTHOR_NAME": "classroom-load",
            "GIT_AUTHOR_EMAIL": "classroom-load@localhost",
            "GIT_COMMITTER_NAME": "classroom-load",
            "GIT_COMMITTER_EMAIL": "classroom-load@localhost",
        }
        git("read-tree", head, env=env)
        git("add", "--all", ".", cwd=REPO, env=env)
        tree = git("write-tree", env=env)
        commit = git("commit-tree", tree, "-p", head, "-m", "working tree", env=env)
    git("update-ref", f"refs/heads/{BRANCH}", commit, env={**os.environ, "GIT_DIR": str(bare)})
    return bare, commit


# --- the hub ---------------------------------------------------------------------------------


class TrialHub:
    """The trial hub started as a subprocess with a fresh state folder, ports and secrets."""

    def __init__(self, state: Path):
        self.state = state
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(16)
        self.admin_token = secrets.token_hex(32)
        self.log_path = state.parent / "hub.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "NORMGRAD_HUB_STATE": str(self.state),
            "NORMGRAD_HUB_PASSWORD": self.password,
            "NORMGRAD_HUB_ADMIN_TOKEN": self.admin_token,
            "NORMGRAD_HUB_PORT": str(self.port),
            "NORMGRAD_HUB_HUB_PORT": str(free_port()),
            "NORMGRAD_HUB_PROXY_API_PORT": str(free_port()),
        }
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(CONFIG)],
                cwd=self.state.parent,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 180) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return time.perf_counter() - start
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 120) -> int | None:
        """SIGTERM the hub (it stops the servers and the proxy) and wait for it."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# --- one student -----------------------------------------------------------------------------


class Student:
    def __init__(self, hub: TrialHub, name: str):
        self.hub, self.name = hub, name
        self.token = ""
        self.result: dict = {"name": name, "failure": None}

    def fail(self, stage: str, message: str) -> None:
        if self.result["failure"] is None:
            self.result["failure"] = {"stage": stage, "message": message[-2000:]}

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def server_url(self, path: str) -> str:
        return f"{self.hub.url}/user/{self.name}/{path.lstrip('/')}"


async def api(hub: TrialHub, method: str, path: str, body=None, token: str | None = None):
    """A call to the hub's REST API (as the classroom-admin service unless ``token``)."""
    response = await AsyncHTTPClient().fetch(
        HTTPRequest(
            f"{hub.url}/hub/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {token or hub.admin_token}"},
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True,
            request_timeout=120,
        ),
        raise_error=True,
    )
    return json.loads(response.body) if response.body else None


async def spawn(student: Student, timeout: float = 300) -> None:
    """Start the student's server and follow the hub's progress events until it is ready."""
    start = time.perf_counter()
    try:
        await api(student.hub, "POST", f"users/{student.name}/server")
        events = await event_stream(
            f"{student.hub.url}/hub/api/users/{student.name}/server/progress",
            student.hub.admin_token,
            timeout,
        )
        if not events or not events[-1].get("ready"):
            raise RuntimeError(f"spawn did not succeed: {events[-3:]}")
        student.result["spawn_s"] = time.perf_counter() - start
        model = await api(student.hub, "GET", f"users/{student.name}")
        student.result["server_pid"] = model["servers"][""]["state"]["pid"]
    except Exception as error:  # noqa: BLE001 - reported per student
        student.fail("spawn", f"{type(error).__name__}: {error}")


async def event_stream(url: str, token: str, timeout: float) -> list[dict]:
    """The JSON events of a server-sent event stream, read to its end."""
    events: list[dict] = []
    buffer = bytearray()

    def on_chunk(chunk: bytes) -> None:
        buffer.extend(chunk)
        while b"\n\n" in buffer:
            block, _, rest = bytes(buffer).partition(b"\n\n")
            buffer[:] = rest
            for line in block.decode().splitlines():
                if line.startswith("data:"):
                    events.append(json.loads(line[len("data:") :]))

    await AsyncHTTPClient().fetch(
        HTTPRequest(
            url,
            headers={"Authorization": f"token {token}"},
            streaming_callback=on_chunk,
            request_timeout=timeout,
        )
    )
    return events


def browser_login(hub: TrialHub, name: str, password: str) -> requests.Session:
    """A session logged in through the hub's login form, as a browser does."""
    browser = requests.Session()
    browser.get(f"{hub.url}/hub/login", timeout=60)
    browser.post(
        f"{hub.url}/hub/login",
        data={"username": name, "password": password, "_xsrf": browser.cookies.get("_xsrf", "")},
        allow_redirects=False,
        timeout=60,
    )
    return browser


def open_link(student: Student, link: str) -> tuple[int, str, str]:
    """Log in as the student and open ``link``; the final status, address and page."""
    browser = browser_login(student.hub, student.name, student.hub.password)
    page = browser.get(link, timeout=300)
    return page.status_code, page.url, page.text


async def pull(student: Student, bare: Path) -> None:
    """Open the nbgitpuller link as the student, then run the pull its page starts."""
    start = time.perf_counter()
    repo = f"file://{bare}"
    try:
        link = nbgitpuller_link(student.hub.url, repo, BRANCH, NOTEBOOK, TARGET)
        status, url, text = await asyncio.to_thread(open_link, student, link)
        if status != 200 or f"/user/{student.name}/git-pull?" not in url or repo not in text:
            raise RuntimeError(f"the link landed on {url} ({status})")
        # The page's script then reads this event stream, which clones or merges.
        query = urlencode({"repo": repo, "branch": BRANCH, "targetpath": TARGET}, quote_via=quote)
        events = await event_stream(
            student.server_url(f"git-pull/api?{query}"), student.token, 300
        )
        phases = [event.get("phase") for event in events]
        if "finished" not in phases or "error" in phases:
            raise RuntimeError(f"nbgitpuller: {events[-3:]}")
        student.result["pull_s"] = time.perf_counter() - start
    except Exception as error:  # noqa: BLE001
        student.fail("pull", f"{type(error).__name__}: {error}")


def _decode(message: str | bytes) -> dict:
    """A kernel message from the websocket (text JSON, or the binary framing with buffers)."""
    if isinstance(message, str):
        return json.loads(message)
    count = int.from_bytes(message[:4], "big")
    offsets = [int.from_bytes(message[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(message)
    return json.loads(message[offsets[0] : end])


async def run_notebook(student: Student) -> None:
    """Run every code cell of notebook 06 in a kernel the student's server starts."""
    path = f"{TARGET}/{NOTEBOOK}"
    client = AsyncHTTPClient()
    try:
        response = await client.fetch(
            HTTPRequest(
                student.server_url(f"api/contents/{path}?content=1"),
                headers=student.headers(),
                request_timeout=120,
            )
        )
        cells = [
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in json.loads(response.body)["content"]["cells"]
            if cell["cell_type"] == "code"
        ]
        start = time.perf_counter()
        response = await client.fetch(
            HTTPRequest(
                student.server_url("api/sessions"),
                method="POST",
                headers=student.headers(),
                body=json.dumps(
                    {"path": path, "name": "", "type": "notebook", "kernel": {"name": "python3"}}
                ),
                request_timeout=300,
            )
        )
        kernel_id = json.loads(response.body)["kernel"]["id"]
        session = uuid.uuid4().hex
        ws_url = student.server_url(f"api/kernels/{kernel_id}/channels?session_id={session}")
        connection = await websocket_connect(
            HTTPRequest(
                ws_url.replace("http://", "ws://", 1),
                headers=student.headers(),
                request_timeout=120,
            ),
            max_message_size=256 * 1024 * 1024,
        )
        try:
            for number, code in enumerate(cells, start=1):
                await execute(connection, session, student.name, code, number)
        finally:
            connection.close()
        student.result["run_s"] = time.perf_counter() - start
        student.result["cells"] = len(cells)
    except Exception as error:  # noqa: BLE001
        student.fail("run", f"{type(error).__name__}: {error}")


async def execute(connection, session: str, username: str, code: str, number: int) -> None:
    msg_id = uuid.uuid4().hex
    await connection.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "session": session,
                    "username": username,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    replied = idle = False
    errors = []
    deadline = time.perf_counter() + CELL_TIMEOUT
    while not (replied and idle):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"cell {number} did not finish in {CELL_TIMEOUT} s")
        raw = await asyncio.wait_for(connection.read_message(), remaining)
        if raw is None:
            raise RuntimeError(f"the kernel's websocket closed during cell {number}")
        message = _decode(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        content = message.get("content", {})
        if kind == "error":
            errors.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "execute_reply":
            replied = True
            if content.get("status") != "ok":
                errors.append(f"{content.get('ename')}: {content.get('evalue')}")
    if errors:
        raise RuntimeError(f"cell {number}: {'; '.join(errors)}\n{code[:300]}")


# --- checks without login --------------------------------------------------------------------


def security_checks(hub: TrialHub, students: list[Student]) -> dict[str, bool]:
    """Requests a stranger (or another student) might make, and whether each was refused."""
    url = hub.url
    checks = {}
    checks["GET /hub/api/users without a token is refused (403)"] = (
        requests.get(f"{url}/hub/api/users", timeout=30).status_code == 403
    )
    home = requests.get(f"{url}/hub/home", allow_redirects=False, timeout=30)
    checks["GET /hub/home without login redirects to the login page"] = (
        home.status_code == 302 and "/hub/login" in home.headers.get("location", "")
    )
    first = students[0]
    contents = requests.get(first.server_url("api/contents"), allow_redirects=False, timeout=30)
    checks[f"GET /user/{first.name}/api/contents without login is refused"] = (
        contents.status_code in (302, 401, 403) and "normgrad" not in contents.text
    )
    if len(students) > 1:
        other = students[1]
        cross = requests.get(
            first.server_url("api/contents"),
            headers=other.headers(),
            allow_redirects=False,
            timeout=30,
        )
        checks[f"{other.name}'s token is refused by {first.name}'s server"] = (
            cross.status_code in (302, 401, 403) and "normgrad" not in cross.text
        )
    # The login form, as a browser uses it: a wrong password fails, the right one works.
    for password, should_work in ((hub.password[::-1] + "x", False), (hub.password, True)):
        browser = browser_login(hub, first.name, password)
        home = browser.get(f"{url}/hub/home", allow_redirects=False, timeout=60)
        label = "the right password logs in" if should_work else "a wrong password is refused"
        checks[f"login form: {label}"] = (home.status_code == 200) == should_work
    return checks


# --- the whole run ---------------------------------------------------------------------------


async def run_class(hub: TrialHub, students: list[Student], bare: Path) -> dict[str, float]:
    AsyncHTTPClient.configure(None, max_clients=4 * len(students) + 10)
    asyncio.get_running_loop().set_default_executor(
        concurrent.futures.ThreadPoolExecutor(max_workers=len(students) + 4)
    )
    names = [s.name for s in students]
    await api(hub, "POST", "users", {"usernames": names})
    for student in students:
        reply = await api(
            hub, "POST", f"users/{student.name}/tokens",
            {"note": "classroom-load", "expires_in": 3600},
        )
        student.token = reply["token"]
    walls = {}
    start = time.perf_counter()
    await asyncio.gather(*(spawn(s) for s in students))
    walls["spawn_wall_s"] = time.perf_counter() - start
    ready = [s for s in students if not s.result["failure"]]
    start = time.perf_counter()
    await asyncio.gather(*(pull(s, bare) for s in ready))
    walls["pull_wall_s"] = time.perf_counter() - start
    ready = [s for s in ready if not s.result["failure"]]
    start = time.perf_counter()
    await asyncio.gather(*(run_notebook(s) for s in ready))
    walls["run_wall_s"] = time.perf_counter() - start
    return walls


def measure(hub: TrialHub, students: list[Student]) -> dict:
    """Memory of every server and kernel (and of the hub and proxy) while all are running."""
    total = {"rss": 0, "pss": 0}
    for student in students:
        pid = student.result.get("server_pid")
        if not pid:
            continue
        try:
            student.result["server_mem"] = memory(pid)
            kernels = [memory(k) for k in children(pid)]
            student.result["server_cpu_s"] = cpu_seconds(pid)
            student.result["kernel_cpu_s"] = sum(cpu_seconds(k) for k in children(pid))
        except OSError as error:
            student.fail("memory", str(error))
            continue
        student.result["kernel_mem"] = {
            key: sum(k[key] for k in kernels) for key in ("rss", "pss")
        }
        student.result["kernels"] = len(kernels)
        student.result["kernel_transports"] = [transport(k) for k in children(pid)]
        for key in total:
            total[key] += student.result["server_mem"][key] + student.result["kernel_mem"][key]
    infrastructure = {"rss": 0, "pss": 0}
    for pid in [hub.proc.pid, *children(hub.proc.pid)]:
        if any(pid == s.result.get("server_pid") for s in students):
            continue
        try:
            used = memory(pid)
        except OSError:
            continue
        for key in infrastructure:
            infrastructure[key] += used[key]
    return {
        "students_total": total,
        "hub_and_proxy": infrastructure,
        "total": {key: total[key] + infrastructure[key] for key in total},
    }


def report(result: dict) -> str:
    mb = 1024 * 1024
    lines = [
        f"classroom load: {result['n']} students, notebook {NOTEBOOK}, "
        f"{os.cpu_count()} CPUs, load average before {result['loadavg_before']}",
        f"{'student':<12}{'spawn s':>9}{'pull s':>8}{'run s':>8}"
        f"{'server RSS/PSS MB':>20}{'kernel RSS/PSS MB':>20}  failure",
    ]
    for row in result["students"]:
        server = row.get("server_mem", {})
        kernel = row.get("kernel_mem", {})

        def cell(value, width, digits=1):
            return f"{value:>{width}.{digits}f}" if isinstance(value, float) else f"{'-':>{width}}"

        failure = row["failure"]
        server_mb = f"{server.get('rss', 0) / mb:.0f}/{server.get('pss', 0) / mb:.0f}"
        kernel_mb = f"{kernel.get('rss', 0) / mb:.0f}/{kernel.get('pss', 0) / mb:.0f}"
        lines.append(
            f"{row['name']:<12}{cell(row.get('spawn_s'), 9)}{cell(row.get('pull_s'), 8)}"
            f"{cell(row.get('run_s'), 8)}{server_mb:>20}{kernel_mb:>20}  "
            + (f"{failure['stage']}: {failure['message'].splitlines()[0][:120]}" if failure else "")
        )
    summary = result["summary"]
    for key, label in (
        ("spawn_s", "spawn time"),
        ("pull_s", "pull time"),
        ("run_s", "notebook 06 run time"),
    ):
        values = summary.get(key)
        if values:
            lines.append(
                f"{label}: median {values['median']:.1f} s, max {values['max']:.1f} s "
                f"(all students: {result['walls'].get(key.replace('_s', '_wall_s'), 0):.1f} s)"
            )
    for key, label in (("server_mem", "server"), ("kernel_mem", "kernel")):
        values = summary.get(key)
        if values:
            lines.append(
                f"per-student {label}: RSS median {values['rss_median'] / mb:.0f} MB, "
                f"PSS median {values['pss_median'] / mb:.0f} MB"
            )
    cpu = [summary.get(key) for key in ("server_cpu_s", "kernel_cpu_s")]
    if all(cpu):
        lines.append(
            f"CPU time per student: server {cpu[0]['median']:.1f} s (start, pull, requests), "
            f"kernel {cpu[1]['median']:.1f} s (start and notebook 06), medians"
        )
    memory_total = result.get("memory", {})
    if memory_total:
        lines.append(
            "total (students' servers and kernels + hub and proxy): "
            f"RSS {memory_total['total']['rss'] / mb:.0f} MB, "
            f"PSS {memory_total['total']['pss'] / mb:.0f} MB "
            f"(hub and proxy: RSS {memory_total['hub_and_proxy']['rss'] / mb:.0f} MB)"
        )
    lines.append(f"hub ready after {result.get('hub_ready_s', 0):.1f} s")
    for check, passed in result["security"].items():
        lines.append(f"{'ok  ' if passed else 'FAIL'} {check}")
    lines.append(
        f"failures: {result['failures']} of {result['n']} students; "
        f"processes left after stop: {len(result['leftover_processes'])}"
    )
    return "\n".join(lines)


def summarise(rows: list[dict]) -> dict:
    summary = {}
    for key in ("spawn_s", "pull_s", "run_s"):
        values = [r[key] for r in rows if key in r]
        if values:
            summary[key] = {"median": statistics.median(values), "max": max(values)}
    for key in ("server_cpu_s", "kernel_cpu_s"):
        values = [r[key] for r in rows if key in r]
        if values:
            summary[key] = {"median": statistics.median(values), "max": max(values)}
    for key in ("server_mem", "kernel_mem"):
        values = [r[key] for r in rows if key in r]
        if values:
            summary[key] = {
                "rss_median": statistics.median(v["rss"] for v in values),
                "pss_median": statistics.median(v["pss"] for v in values),
                "rss_max": max(v["rss"] for v in values),
                "pss_max": max(v["pss"] for v in values),
            }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--students", type=int, default=int(os.environ.get("N", "20")))
    parser.add_argument("--json", type=Path, help="also write the result here as JSON")
    parser.add_argument("--committed", action="store_true",
                        help="pull the last commit rather than the working tree")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="nghub-"))
    hub = TrialHub(workdir / "state")
    students = [Student(hub, f"student-{i:02d}") for i in range(1, args.students + 1)]
    result: dict = {
        "n": args.students,
        "workdir": str(workdir),
        "loadavg_before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "security": {},
        "walls": {},
    }
    try:
        bare, commit = bare_clone(workdir, args.committed)
        result["commit"] = commit
        hub.start()
        result["hub_ready_s"] = hub.wait_ready()
        result["walls"] = asyncio.run(run_class(hub, students, bare))
        result["memory"] = measure(hub, students)
        result["security"] = security_checks(hub, students)
    except Exception as error:  # noqa: BLE001 - reported below, then everything is stopped
        result["error"] = f"{type(error).__name__}: {error}\n{hub.log_tail()}"
    finally:
        result["hub_exit"] = hub.stop()
        time.sleep(1)
        leftovers = processes_using(workdir)
        result["leftover_processes"] = leftovers
        for pid in leftovers:  # only processes this run started (they live in its folder)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    result["students"] = [s.result for s in students]
    result["failures"] = sum(1 for s in students if s.result["failure"])
    result["summary"] = summarise(result["students"])
    print(report(result))
    if "error" in result:
        print(f"\nERROR: {result['error']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    ok = (
        "error" not in result
        and result["failures"] == 0
        and all(result["security"].values())
        and result["security"]
        and not leftovers
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
