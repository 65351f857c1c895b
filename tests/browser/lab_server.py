"""A throwaway JupyterLab server and Chromium for the browser tests and the browser benchmark.

The server serves a copy of the lessons (``notebooks/`` copied into a temporary folder that
mirrors the repository), so running every cell and JupyterLab's autosave never touch the
notebooks on disk. Its config, data, runtime and settings folders are temporary too,
so nothing of the user's Jupyter or IPython set-up is read or written.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = ("install a browser with `apt-get install chromium` and "
                "`pip install playwright` (Playwright's own browser download is not needed)")
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"

# JupyterLab user settings: render every cell (no lazy windowing, so every widget exists in
# the page), never autosave, and no news or update pop-ups over the notebook.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


def browser_required() -> bool:
    """True where a missing browser must fail the run (``NNLIB_REQUIRE_BROWSER=1``)."""
    return os.environ.get("NNLIB_REQUIRE_BROWSER", "") not in ("", "0")


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}: {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright for Python is not importable: {INSTALL_HINT}"
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return "JupyterLab is not importable: `pip install -r requirements.txt`"
    return None


def lesson_notebooks(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks ``NN_name.ipynb`` found now, in order.

    ``NNLIB_BROWSER_NOTEBOOKS`` may name another folder of notebooks to drive instead.
    """
    folder = folder or Path(os.environ.get("NNLIB_BROWSER_NOTEBOOKS", REPO_ROOT / "notebooks"))
    return sorted(Path(folder).glob(LESSON_PATTERN))


def copy_lessons(notebooks: list[Path], root: Path) -> Path:
    """Copy the notebooks to ``root/notebooks`` (their data sets come with nnlib itself)."""
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copy2(notebook, root / "notebooks" / notebook.name)
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 without a token, serving ``root``; ``stop()`` ends it."""

    def __init__(self, root: Path, start_timeout: float = 90.0) -> None:
        self.root = Path(root)
        self.home = Path(tempfile.mkdtemp(prefix="nnlib-lab-home-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / "jupyterlab.log"
        self._write_settings()
        env = dict(os.environ)
        env.update({
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_DATA_DIR": str(self.home / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "IPYTHONDIR": str(self.home / "ipython"),
            "MPLBACKEND": "Agg",
            # the kernel imports this checkout's nnlib, the one the tests compare against
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT),
                                                        env.get("PYTHONPATH", "")])),
        })
        command = [sys.executable, "-m", "jupyterlab", "--no-browser",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                   "--ServerApp.port_retries=0", "--IdentityProvider.token=",
                   "--ServerApp.password=", f"--ServerApp.root_dir={self.root}",
                   "--ServerApp.open_browser=False",
                   f"--LabApp.user_settings_dir={self.home / 'user-settings'}",
                   f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
                   "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        # a session of its own, so stop() can end the server and the kernels it started
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_up(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _write_settings(self) -> None:
        for name, values in USER_SETTINGS.items():
            path = self.home / "user-settings" / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")

    def _wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n"
                                   f"{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log()}")

    def log(self, last: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-last:]

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server (it shuts its kernels down); kill its process group if slow."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        try:  # kernels left behind by a killed server share its process group
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(self.home, ignore_errors=True)


def launch_chromium(playwright):
    """Debian's Chromium, driven by Playwright (its own browser download is not used)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
