"""A trial JupyterHub for one class on one machine (``make hub``; ``make classroom-load``).

Everything listens on 127.0.0.1 only: the public proxy, the proxy's REST API, the hub and every
student's single-user server. Students log in with any user name and one shared password, taken
from the environment (there is no default password). The shared-password authenticator is for
trials only, so this file refuses to start the hub if anything would bind another address while
it is in use (a class on a real network needs a real authenticator: see classroom/README.md).

Environment:

``NORMGRAD_HUB_PASSWORD``        required, at least 8 characters: the students' shared password
``NORMGRAD_HUB_STATE``           state folder (database, cookie secret, homes, kernel sockets);
                                 default ``build/hub`` in the repository
``NORMGRAD_HUB_PORT``            public port (default 8000)
``NORMGRAD_HUB_HUB_PORT``        the hub's own port, behind the proxy (default 8081)
``NORMGRAD_HUB_PROXY_API_PORT``  configurable-http-proxy's REST API port (default 8001)
``NORMGRAD_HUB_ADMIN_TOKEN``     optional: an API token for the ``classroom-admin`` service,
                                 which may create students, start their servers and give them
                                 tokens (the load script sets a random one per run)
``NORMGRAD_HUB_ADMIN_PASSWORD``  optional, at least 32 characters: lets the user ``instructor``
                                 log in as an admin (admin panel: see and stop servers)

Start it with ``make hub`` (``python -m classroom.hub``), or
``jupyterhub -f classroom/jupyterhub_config.py`` with the environment above.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.objects import Server
from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (provided by JupyterHub)

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv JupyterHub runs from: jupyterhub-singleuser, python
LOOPBACK = "127.0.0.1"

# Idle culling, done by each single-user server itself (no extra package or hub service):
# a kernel that has run nothing for an hour is shut down, even with a browser tab still open,
# and a server with no kernel, no terminal and no request for 15 minutes stops itself (the hub
# then shows it as stopped; the student's files stay in their home folder).
KERNEL_IDLE_SECONDS = 3600
SERVER_IDLE_SECONDS = 900

# IPC sockets live in the state folder; a Unix socket path has at most 107 bytes, and a kernel's
# sockets are named <runtime dir>/kernel-<36-character id>-ipc-<n> (50 characters more).
MAX_SOCKET_PATH = 107


def _refuse(message: str) -> None:
    """Stop JupyterHub now: SystemExit is not caught by the config loader, as errors are."""
    raise SystemExit(f"classroom/jupyterhub_config.py refuses to start the hub: {message}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # '' (every interface) or a host name
        return False


def _bound_hosts(app) -> dict[str, str]:
    """What the hub, the proxy and its API would bind, as JupyterHub resolved its config."""
    hosts = {
        "public proxy (JupyterHub.bind_url)": Server.from_url(app.bind_url),
        "proxy API (ConfigurableHTTPProxy.api_url)": Server.from_url(app.proxy.api_url),
        "hub (JupyterHub.hub_bind_url / hub_ip)": app.hub,
    }
    return {
        what: server.ip for what, server in hosts.items() if not server._unix_socket
    }


class LoopbackSharedPasswordAuthenticator(SharedPasswordAuthenticator):
    """The shared password, allowed only while every address JupyterHub binds is loopback.

    JupyterHub calls ``check_allow_config`` after it has resolved the hub, the proxy and the
    command line, so an override such as ``--JupyterHub.bind_url=http://0.0.0.0:8000`` is seen
    here and the hub exits instead of serving a shared password to the network.
    """

    def check_allow_config(self):
        super().check_allow_config()
        app = self.parent
        wrong = {what: ip for what, ip in _bound_hosts(app).items() if not _is_loopback(ip)}
        if not issubclass(app.spawner_class, LoopbackSpawner):
            wrong["single-user servers (JupyterHub.spawner_class)"] = str(app.spawner_class)
        for section in ("Spawner", "LocalProcessSpawner", "SimpleLocalProcessSpawner",
                        "LoopbackSpawner"):
            ip = app.config[section].get("ip", LOOPBACK) if section in app.config else LOOPBACK
            if not _is_loopback(ip):
                wrong[f"single-user servers ({section}.ip)"] = ip
        if wrong:
            details = "; ".join(f"{what}: {ip or 'every interface'}" for what, ip in wrong.items())
            raise ValueError(
                "the shared-password authenticator is for a trial on 127.0.0.1 only, but this "
                f"configuration would bind another address ({details})"
            )
        if not self.user_password:
            raise ValueError("no shared password is set (NORMGRAD_HUB_PASSWORD)")


class LoopbackSpawner(SimpleLocalProcessSpawner):
    """``SimpleLocalProcessSpawner`` that starts a single-user server on loopback only.

    Every student runs as the hub's own Unix user, with a home folder of their own under the
    state folder; there is no isolation between students (a trial on one machine, not a
    production hub: see classroom/README.md).
    """

    async def start(self):
        if not _is_loopback(self.ip):
            raise ValueError(
                f"refusing to start {self.user.name}'s server on {self.ip or 'every interface'}: "
                "the trial hub binds 127.0.0.1 only"
            )
        return await super().start()


# --- environment -----------------------------------------------------------------------------

PASSWORD = os.environ.get("NORMGRAD_HUB_PASSWORD", "")
if not PASSWORD:
    _refuse(
        "set NORMGRAD_HUB_PASSWORD to the password the students will type (8 characters or "
        "more); there is no default password"
    )
if len(PASSWORD) < 8:
    _refuse("NORMGRAD_HUB_PASSWORD must be at least 8 characters long")

STATE = Path(os.environ.get("NORMGRAD_HUB_STATE") or REPO / "build" / "hub").resolve()
PORT = int(os.environ.get("NORMGRAD_HUB_PORT", "8000"))
HUB_PORT = int(os.environ.get("NORMGRAD_HUB_HUB_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("NORMGRAD_HUB_PROXY_API_PORT", "8001"))
ADMIN_TOKEN = os.environ.get("NORMGRAD_HUB_ADMIN_TOKEN", "")
ADMIN_PASSWORD = os.environ.get("NORMGRAD_HUB_ADMIN_PASSWORD", "")

RUNTIME = STATE / "run"  # one folder per user id beneath: kernel connection files and sockets
if len(str(RUNTIME / "999999")) + len("/kernel-") + 36 + len("-ipc-9") > MAX_SOCKET_PATH:
    _refuse(
        f"the state folder {STATE} is too long a path for the kernels' IPC sockets "
        f"(at most {MAX_SOCKET_PATH} bytes): set NORMGRAD_HUB_STATE to a shorter path"
    )
for folder in (STATE, STATE / "home", RUNTIME):
    folder.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)  # the database, the cookie secret and every student's files

CHP = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
if not CHP.exists():
    _refuse(f"{CHP} is missing: run `npm ci` (Node.js) in {REPO}")

# --- the hub and its proxy -------------------------------------------------------------------

c.JupyterHub.bind_url = f"http://{LOOPBACK}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://{LOOPBACK}:{HUB_PORT}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
c.JupyterHub.cleanup_proxy = True

c.ConfigurableHTTPProxy.command = [str(CHP)]
c.ConfigurableHTTPProxy.api_url = f"http://{LOOPBACK}:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# The proxy's own API token is generated at random by JupyterHub on every start.

# --- who may log in --------------------------------------------------------------------------

c.JupyterHub.authenticator_class = LoopbackSharedPasswordAuthenticator
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allow_all = True  # a class: any user name, with the shared password
if ADMIN_PASSWORD:
    c.SharedPasswordAuthenticator.admin_password = ADMIN_PASSWORD  # >= 32 characters
    c.Authenticator.admin_users = {"instructor"}

if ADMIN_TOKEN:
    # What the load script does through the REST API, and nothing more.
    c.JupyterHub.services = [{"name": "classroom-admin", "api_token": ADMIN_TOKEN}]
    c.JupyterHub.load_roles = [
        {
            "name": "classroom-admin",
            "description": "create students, start and stop their servers, give them tokens",
            "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens"],
            "services": ["classroom-admin"],
        }
    ]

# --- each student's server -------------------------------------------------------------------

c.JupyterHub.spawner_class = LoopbackSpawner
c.Spawner.ip = LOOPBACK
c.LoopbackSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = [
    # Twenty servers picking TCP ports for their kernels at once raced (ZMQError: Address
    # already in use); Unix sockets in each student's own runtime folder cannot collide.
    "--KernelManager.transport=ipc",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_SECONDS}",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=True",
    f"--ServerApp.shutdown_no_activity_timeout={SERVER_IDLE_SECONDS}",
]
if os.getuid() == 0:  # a container: jupyter refuses to run as root without this
    c.Spawner.args.append("--ServerApp.allow_root=True")
c.Spawner.environment = {
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(RUNTIME / str(spawner.user.id)),
}
# Twenty servers starting at once on two cores took up to 53 s; JupyterHub's defaults (60 s to
# start, 30 s to answer) are too tight for that.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
