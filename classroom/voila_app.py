"""The explorers as an app for the projector: Voilà in app mode (``make app``).

Serves ``notebooks/06_explorers.ipynb`` with Voilà 0.5 (code hidden, sliders live) on 127.0.0.1
with a token, prints the link that carries the token, and runs until Ctrl+C.

* **Token.** Random unless ``NORMGRAD_APP_TOKEN`` is set. It goes into a private Jupyter config
  file (not on the command line, where ``ps`` would show it). A request without it is refused
  (redirected to the login page).
* **Idle kernels culled.** Every page load starts its own kernel (about 150 MB). A kernel with no
  browser connected (tab closed) for ``CULL_IDLE_SECONDS`` is shut down, checked every
  ``CULL_INTERVAL_SECONDS``; an open tab is never culled in the middle of a lesson.
* **Large type.** The template ``classroom/voila/templates/normgrad`` (Voilà's "lab" template
  with 22-24 px text and widgets).
* **Offline.** That template also drops the Font Awesome stylesheet Voilà links from a CDN (no
  explorer uses an icon), so the page asks nothing of the network.

Usage: ``python classroom/voila_app.py [--port 8866] [NOTEBOOK]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

CLASSROOM = Path(__file__).resolve().parent
REPO = CLASSROOM.parent
NOTEBOOK = REPO / "notebooks" / "06_explorers.ipynb"
TEMPLATE = "normgrad"
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60


def voila_command(notebook: Path, port: int, workdir: Path) -> list[str]:
    """The ``voila`` command line (everything but the token, which goes in the config file);
    kernel connection files go in ``workdir``, not the shared /tmp."""
    voila = Path(sys.executable).parent / "voila"
    return [
        str(voila),
        str(notebook),
        f"--Voila.connection_dir_root={workdir}",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--no-browser",
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        "--ServerApp.port_retries=0",
    ]


def voila_environment(token: str, workdir: Path) -> dict[str, str]:
    """Environment for Voilà: our template on the Jupyter path; config, data and runtime in
    ``workdir`` (the token in its ``voila.json``), so a user's own Jupyter setup stays out."""
    config = workdir / "jupyter-config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "voila.json").write_text(json.dumps({"Voila": {"token": token}}))
    (config / "voila.json").chmod(0o600)
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(CLASSROOM)] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else [])
    )
    env["JUPYTER_CONFIG_DIR"] = str(config)
    env["JUPYTER_DATA_DIR"] = str(workdir / "jupyter-data")
    env["JUPYTER_RUNTIME_DIR"] = str(workdir / "jupyter-runtime")
    env["IPYTHONDIR"] = str(workdir / "ipython")
    env.pop("JUPYTER_TOKEN", None)
    return env


def start(
    notebook: Path, port: int, token: str, workdir: Path, log=None, new_session: bool = True
) -> subprocess.Popen[bytes]:
    """Start Voilà in the background; the caller waits for it and stops it (SIGTERM: Voilà
    then shuts its kernels down). With ``new_session`` it gets its own process group, which a
    test can kill as a whole if it hangs."""
    return subprocess.Popen(
        voila_command(notebook, port, workdir),
        env=voila_environment(token, workdir),
        cwd=str(notebook.parent),
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        start_new_session=new_session,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=NOTEBOOK)
    parser.add_argument("--port", type=int, default=8866)
    args = parser.parse_args(argv)
    token = os.environ.get("NORMGRAD_APP_TOKEN") or secrets.token_urlsafe(24)
    workdir = Path(tempfile.mkdtemp(prefix="normgrad-app-"))
    print(
        f"Explorers app: http://127.0.0.1:{args.port}/?token={token}\n"
        f"(127.0.0.1 only; idle kernels of closed tabs are stopped after "
        f"{CULL_IDLE_SECONDS // 60} min; Ctrl+C stops the app)",
        flush=True,
    )
    # Same process group as make: Ctrl+C reaches Voila too, which then stops its kernels.
    process = start(args.notebook.resolve(), args.port, token, workdir, new_session=False)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                process.terminate()  # a second Ctrl+C: wait for Voila to finish stopping
    finally:
        if process.poll() is None:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
