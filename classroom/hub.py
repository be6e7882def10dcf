"""Start the trial hub on 127.0.0.1 (``make hub``): print its URL and how to log in, then run it.

The password comes from ``NORMGRAD_HUB_PASSWORD`` (there is no default): for example ::

    NORMGRAD_HUB_PASSWORD='choose-one-for-the-class' make hub

Everything else is in ``classroom/jupyterhub_config.py`` (ports, state folder, culling).
Stop the hub with Ctrl-C: it stops every student's server and the proxy with it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from classroom.link import nbgitpuller_link

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"


def main() -> int:
    password = os.environ.get("NORMGRAD_HUB_PASSWORD", "")
    if len(password) < 8:
        print(
            "make hub: set NORMGRAD_HUB_PASSWORD to the password your students will type "
            "(8 characters or more; there is no default), for example\n"
            "  NORMGRAD_HUB_PASSWORD=\"$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(9))')\" make hub",
            file=sys.stderr,
        )
        return 2
    port = os.environ.get("NORMGRAD_HUB_PORT", "8000")
    url = f"http://127.0.0.1:{port}"
    state = os.environ.get("NORMGRAD_HUB_STATE") or str(HERE.parent / "build" / "hub")
    link = nbgitpuller_link(
        url, "https://github.com/OWNER/normgrad", "main", "notebooks/00_start_here.ipynb"
    )
    print(
        f"Trial JupyterHub (loopback only) at {url}/\n"
        "Log in with any user name and the password in NORMGRAD_HUB_PASSWORD.\n"
        f"Students' files and the hub's database: {state}\n"
        "Hand out a notebook with an nbgitpuller link (make nbgitpuller-link REPO=... "
        "BRANCH=... NOTEBOOK=...), e.g.\n"
        f"  {link}\n"
        "Stop with Ctrl-C (stops every student's server too).\n",
        flush=True,
    )
    jupyterhub = Path(sys.executable).parent / "jupyterhub"
    os.chdir(HERE.parent)
    os.execv(jupyterhub, [str(jupyterhub), "-f", str(CONFIG)])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
