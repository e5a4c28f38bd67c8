"""The app served on a free loopback port in a background thread: for the browser tests, the screenshot
and load scripts. ``gapkit serve`` is the way users run it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from gapkit.web.app import create_app

#: Debian's Chromium, driven by Playwright (no browser of Playwright's own is downloaded)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS: tuple[str, ...] = ("--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                                  "--disable-component-update", "--disable-sync", "--no-first-run",
                                  "--disable-dev-shm-usage")  # /dev/shm is small in containers
#: what a copy of a workspace takes (not generated reports, not lock files)
WORKSPACE_PARTS: tuple[str, ...] = ("gapkit.toml", "conventions", "national_law", "mappings", "comments", "roadmap")


def copy_workspace(src: Path, dest: Path) -> Path:
    """A copy of the workspace at ``src`` in ``dest``, to serve without touching the original."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for part in WORKSPACE_PARTS:
        s = src / part
        if s.is_dir():
            shutil.copytree(s, dest / part, ignore=shutil.ignore_patterns(".*.lock", "out"))
        elif s.exists():
            shutil.copy2(s, dest / part)
    (dest / "reports").mkdir(exist_ok=True)
    return dest


class LiveServer:
    """``with LiveServer(root) as url: ...`` serves the workspace at ``root`` until the block ends."""

    def __init__(self, root: Path, token: str | None = None, **app_options: Any):
        self.app = create_app(Path(root), token=token, **app_options)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="gapkit-web", daemon=True)
        self.url = ""

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
