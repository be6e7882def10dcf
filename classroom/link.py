"""Print an nbgitpuller link that pulls a repository into a student's server and opens a notebook.

Usage (``make nbgitpuller-link REPO=... BRANCH=... NOTEBOOK=...`` runs this)::

    python -m classroom.link --hub http://127.0.0.1:8000 \\
        --repo https://github.com/OWNER/normgrad --branch main \\
        --notebook notebooks/06_explorers.ipynb

A student who opens the link logs in (if not already), their server starts, nbgitpuller 1.3
clones the repository into ``~/<targetpath>`` the first time and merges new commits on later
clicks (keeping the student's own changes), then JupyterLab opens the notebook.

``targetpath`` is always given: without it nbgitpuller names the folder after the last part of
the URL (``normgrad.git`` for ``.../normgrad.git``) while ``urlpath`` still points into the
folder the link expects, so the notebook would not be found.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import quote, urlencode


def nbgitpuller_link(
    hub: str, repo: str, branch: str, notebook: str, targetpath: str = "normgrad"
) -> str:
    """The nbgitpuller link for ``notebook`` (a path inside ``repo``) on the hub at ``hub``.

    >>> nbgitpuller_link("http://127.0.0.1:8000", "https://example.org/normgrad.git", "main",
    ...                  "notebooks/06_explorers.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'http://127.0.0.1:8000/hub/user-redirect/git-pull?repo=https%3A//example.org/normgrad.git&branch=main&urlpath=lab/tree/normgrad/notebooks/06_explorers.ipynb&targetpath=normgrad'
    """
    targetpath = targetpath.strip("/")
    notebook = notebook.strip("/")
    if not targetpath or ".." in targetpath.split("/") or ".." in notebook.split("/"):
        raise ValueError("targetpath and notebook must be plain relative paths")
    query = {
        "repo": repo,
        "branch": branch,
        "urlpath": f"lab/tree/{targetpath}/{notebook}",
        "targetpath": targetpath,
    }
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?" + urlencode(
        query, quote_via=quote, safe="/"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", default="http://127.0.0.1:8000", help="the hub's public URL")
    parser.add_argument("--repo", required=True, help="git URL the students' servers can reach")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--notebook", default="notebooks/00_start_here.ipynb",
                        help="path of the notebook inside the repository")
    parser.add_argument("--targetpath", default="normgrad",
                        help="folder in the student's home the repository is pulled into")
    args = parser.parse_args(argv)
    print(nbgitpuller_link(args.hub, args.repo, args.branch, args.notebook, args.targetpath))
    return 0


if __name__ == "__main__":
    sys.exit(main())
