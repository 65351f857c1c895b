"""Is this environment ready for the course? ``nnlib.environment_report()`` says, and says
what to fix: an old matplotlib, widgets that cannot render, what is special about Colab,
Binder or a hub.

The report is computed from facts gathered once (versions, where the kernel runs); the
judging is a pure function of those facts, so every case can be tested without that
environment.
"""
from __future__ import annotations

import html
import os
import platform
import sys
from dataclasses import dataclass, field

NEEDS = {"python": "3.9", "numpy": "1.22", "matplotlib": "3.6", "ipywidgets": "7.7"}
IPYWIDGETS_BELOW = "9"
# the frontend half of the widgets that goes with each ipywidgets major version
LAB_WIDGETS = {7: 1, 8: 3}        # jupyterlab_widgets major for JupyterLab 3+ and Notebook 7
CLASSIC_WIDGETS = {7: 3, 8: 4}    # widgetsnbextension major for the classic Notebook 6
MARK = {"ok": "✓", "note": "·", "warn": "!", "fail": "✗"}


@dataclass
class Check:
    """One line of the report: what was looked at, how it stands, and the fix."""

    name: str
    status: str  # "ok", "note" (worth knowing), "warn" (may cause trouble), "fail"
    detail: str
    fix: str = ""


@dataclass
class EnvironmentReport:
    place: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing fails (warnings and notes may remain)."""
        return all(check.status != "fail" for check in self.checks)

    def problems(self) -> list[Check]:
        return [check for check in self.checks if check.status in ("warn", "fail")]

    def __getitem__(self, name: str) -> Check:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def summary(self) -> str:
        fails = sum(check.status == "fail" for check in self.checks)
        warns = sum(check.status == "warn" for check in self.checks)
        if fails:
            return f"{fails} thing(s) to fix before the course works here (see ✗ below)."
        if warns:
            return f"Ready, with {warns} thing(s) to keep an eye on (see ! below)."
        return "Ready: everything the course needs is here."

    def __str__(self) -> str:
        lines = [f"Running in: {self.place}", self.summary()]
        for check in self.checks:
            lines.append(f"{MARK[check.status]} {check.name}: {check.detail}")
            if check.fix:
                lines.append(f"    fix: {check.fix}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colours = {"ok": "#1a7f37", "note": "#555", "warn": "#9a6700", "fail": "#cf222e"}
        rows = "".join(
            f"<tr><td style='color:{colours[c.status]};font-weight:bold'>{MARK[c.status]}</td>"
            f"<td><b>{html.escape(c.name)}</b></td><td style='text-align:left'>"
            f"{html.escape(c.detail)}"
            + (f"<br><i>fix:</i> <code>{html.escape(c.fix)}</code>" if c.fix else "")
            + "</td></tr>" for c in self.checks)
        return (f"<div class='nnlib-environment-report'><p>Running in: <b>"
                f"{html.escape(self.place)}</b>. {html.escape(self.summary())}</p>"
                f"<table>{rows}</table></div>")


# --- gathering the facts ----------------------------------------------------------------


def _version(distribution: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _shell() -> str:
    """What runs this code: 'kernel' (a Jupyter kernel), 'colab', 'terminal' or 'python'."""
    try:
        from IPython import get_ipython
    except ImportError:
        return "python"
    shell = get_ipython()
    if shell is None:
        return "python"
    kind = type(shell).__module__ + "." + type(shell).__name__
    if "google.colab" in kind:
        return "colab"
    if "Terminal" in kind:
        return "terminal"
    return "kernel"


def gather() -> dict:
    """The facts the report judges: versions, where the kernel runs, what it runs in."""
    import nnlib

    environ = os.environ
    return {
        "python": platform.python_version(),
        "nnlib": getattr(nnlib, "__version__", "?"),
        "numpy": _version("numpy"),
        "matplotlib": _version("matplotlib"),
        "ipywidgets": _version("ipywidgets"),
        "jupyterlab_widgets": _version("jupyterlab_widgets"),
        "widgetsnbextension": _version("widgetsnbextension"),
        "jupyterlab": _version("jupyterlab"),
        "notebook": _version("notebook"),
        "shell": _shell(),
        "colab": "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in environ,
        "binder": any(key in environ for key in ("BINDER_SERVICE_HOST", "BINDER_REPO_URL",
                                                 "BINDER_LAUNCH_HOST")),
        "hub": "JUPYTERHUB_API_URL" in environ or "JUPYTERHUB_USER" in environ,
    }


# --- judging them -----------------------------------------------------------------------


def _tuple(version: str | None) -> tuple:
    parts = []
    for piece in (version or "0").split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit()) or "0"
        parts.append(int(digits))
    return tuple(parts)


def _major(version: str | None) -> int | None:
    return _tuple(version)[0] if version else None


def judge(facts: dict) -> EnvironmentReport:
    """The report for these facts (a dict as :func:`gather` returns)."""
    colab, binder, hub = facts.get("colab"), facts.get("binder"), facts.get("hub")
    place = ("Google Colab" if colab else "Binder" if binder else "a JupyterHub" if hub
             else {"kernel": "a Jupyter kernel", "terminal": "an IPython terminal",
                   "python": "plain Python (no notebook)"}.get(facts.get("shell"), "Jupyter"))
    pip = "%pip install -U" if facts.get("shell") in ("kernel", "colab") else "pip install -U"
    restart = " then restart the kernel" if facts.get("shell") in ("kernel", "colab") else ""
    checks: list[Check] = []

    def need(name: str, label: str) -> None:
        found, least = facts.get(name), NEEDS[name]
        if found is None:
            checks.append(Check(label, "fail", "not installed",
                                f'{pip} "{name}>={least}"{restart}'))
        elif _tuple(found) < _tuple(least):
            checks.append(Check(label, "fail", f"{found} is too old: the course needs {least} "
                                "or newer", f'{pip} "{name}>={least}"{restart}'))
        else:
            checks.append(Check(label, "ok", found))

    if _tuple(facts.get("python")) < _tuple(NEEDS["python"]):
        checks.append(Check("Python", "fail", f"{facts.get('python')} is too old: the course "
                            f"needs {NEEDS['python']} or newer",
                            "use a newer Python (a new virtual environment or conda env)"))
    else:
        checks.append(Check("Python", "ok", str(facts.get("python"))))
    checks.append(Check("nnlib", "ok", f"{facts.get('nnlib')} (the course's library)"))
    need("numpy", "numpy")
    need("matplotlib", "matplotlib")  # 3.6 brought the layout engines the explorers use

    widgets = facts.get("ipywidgets")
    major = _major(widgets)
    if widgets is None or _tuple(widgets) < _tuple(NEEDS["ipywidgets"]) or \
            _tuple(widgets) >= _tuple(IPYWIDGETS_BELOW):
        detail = "not installed" if widgets is None else \
            f"{widgets}: the explorers need 7.7 or newer, below 9"
        checks.append(Check("ipywidgets", "fail", detail,
                            f'{pip} "ipywidgets>=7.7,<9"{restart}, then reload the page'))
    else:
        checks.append(Check("ipywidgets", "ok", widgets))

    if colab:
        if major == 8:
            checks.append(Check("widgets in Colab", "warn",
                                "Colab shows ipywidgets 8 only with its custom widget manager",
                                "run: from google.colab import output; "
                                "output.enable_custom_widget_manager()"))
        else:
            checks.append(Check("widgets in Colab", "ok", f"ipywidgets {widgets}, as Colab "
                                "ships it"))
        checks.append(Check("Colab", "note", "the setup cell installs the course in each new "
                            "session (about a minute); your edits live in the session only",
                            "File > Save a copy in Drive to keep your work"))
    elif major in LAB_WIDGETS:
        lab = facts.get("jupyterlab_widgets")
        classic = facts.get("widgetsnbextension")
        wanted_lab, wanted_classic = LAB_WIDGETS[major], CLASSIC_WIDGETS[major]
        pair = f'{pip} "ipywidgets=={widgets}"{restart}, then reload the page'
        if lab is not None and _major(lab) != wanted_lab:
            checks.append(Check("widgets in JupyterLab", "fail",
                                f"jupyterlab_widgets {lab} does not go with ipywidgets "
                                f"{widgets} (it needs {wanted_lab}.x): the sliders will say "
                                "'Failed to load model class'", pair))
        if classic is not None and _major(classic) != wanted_classic:
            checks.append(Check("widgets in classic Notebook", "fail",
                                f"widgetsnbextension {classic} does not go with ipywidgets "
                                f"{widgets} (it needs {wanted_classic}.x)", pair))
        if lab is None and classic is None:
            checks.append(Check("widgets frontend", "warn",
                                "no widgets extension next to this kernel; fine if the Jupyter "
                                "you use has its own (a hub, another environment)",
                                "if the slider below shows as text, install ipywidgets into the "
                                "environment that runs Jupyter and reload the page"))
        elif not any(c.status == "fail" and c.name.startswith("widgets") for c in checks):
            halves = ", ".join(f"{name} {version}" for name, version in
                               (("jupyterlab_widgets", lab), ("widgetsnbextension", classic))
                               if version)
            checks.append(Check("widgets frontend", "ok", halves))

    if binder:
        checks.append(Check("Binder", "note", "a temporary machine: it stops after about "
                            "10 minutes without activity and nothing you change is kept",
                            "File > Download your notebook before you leave"))
    if hub and not colab:
        checks.append(Check("JupyterHub", "note", "your files stay in your home folder; if "
                            "the setup cell had to install the course, it went into this "
                            "kernel's environment", "ask the hub's admin to install "
                            "nn-hands-on for everyone, so no lesson has to"))
    if facts.get("shell") in ("python", "terminal"):
        checks.append(Check("notebook", "warn", "not in a notebook: the explorers need one",
                            "open the lessons in JupyterLab: jupyter lab notebooks/"))
    return EnvironmentReport(place=place, checks=checks)


def environment_report() -> EnvironmentReport:
    """Check this environment for the course; print it, or show it in a notebook.

    >>> report = nnlib.environment_report()
    >>> report.ok          # False when something must be fixed first
    """
    return judge(gather())
