"""A throwaway Jupyter Notebook server (the classic Notebook 6, or Notebook 7) run from one
of ``.ci/venvs.py``'s environments, serving a copy of the lessons.

The server and its kernels run in that environment, with this checkout on the kernel's
path; the tests themselves, Playwright and Chromium run in the Python that runs pytest.
Config, data, runtime and settings folders are temporary, so nothing of the user's Jupyter
set-up is read or written.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
import lab_server  # noqa: E402  (Chromium's path and arguments, free ports, copying)

REPO_ROOT = lab_server.REPO_ROOT
# Notebook 7's user settings: render every cell (no lazy windowing, so every widget exists)
NOTEBOOK7_SETTINGS = {"@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"}}


def venvs():
    """``.ci/venvs.py``, the named environments."""
    spec = importlib.util.spec_from_file_location("ci_venvs", REPO_ROOT / ".ci" / "venvs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def required() -> bool:
    """True where a missing environment must fail the run (``NNLIB_REQUIRE_VENVS=1``)."""
    return os.environ.get("NNLIB_REQUIRE_VENVS", "") not in ("", "0")


class NotebookServer(lab_server.LabServer):
    """``jupyter notebook`` on 127.0.0.1 without a token; ``kind`` is "classic" (Notebook 6)
    or "notebook7". Waiting for it, its log and ``stop()`` (which ends it and its kernels)
    are JupyterLab's server's."""

    def __init__(self, kind: str, python: Path, root: Path, start_timeout: float = 120.0):
        self.kind = kind
        self.root = Path(root)
        self.home = Path(tempfile.mkdtemp(prefix=f"nnlib-{kind}-home-"))
        self.port = lab_server.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / "server.log"
        env = {key: value for key, value in os.environ.items()
               if key not in ("VIRTUAL_ENV", "PYTHONHOME")}
        env.update({
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_DATA_DIR": str(self.home / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "IPYTHONDIR": str(self.home / "ipython"),
            "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
            "PYTHONPATH": str(REPO_ROOT),  # the kernel imports this checkout's nnlib
        })
        if kind == "classic":
            app = "NotebookApp"
            options = [f"--NotebookApp.notebook_dir={self.root}"]
        else:
            app = "ServerApp"
            settings = self.home / "user-settings"
            for name, values in NOTEBOOK7_SETTINGS.items():
                path = settings / f"{name}.jupyterlab-settings"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(values), encoding="utf-8")
            options = [f"--ServerApp.root_dir={self.root}",
                       f"--JupyterNotebookApp.user_settings_dir={settings}",
                       f"--JupyterNotebookApp.workspaces_dir={self.home / 'workspaces'}",
                       "--JupyterNotebookApp.expose_app_in_browser=True"]
        command = [str(python), "-m", "notebook", "--no-browser", f"--{app}.ip=127.0.0.1",
                   f"--{app}.port={self.port}", f"--{app}.port_retries=0",
                   f"--{app}.token=", f"--{app}.password=", *options]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_up(start_timeout)
        except BaseException:
            self.stop()
            raise
