""".ci/venvs.py: the jobs' environments are keyed by their requirement set, and a folder
counts as built only once its requirements were installed completely."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("ci_venvs", ROOT / ".ci" / "venvs.py")
venvs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(venvs)


def test_each_set_has_a_folder_of_its_own_that_changes_with_its_requirements(monkeypatch):
    folders = {name: venvs.key(name) for name in venvs.SETS}
    assert len(set(folders.values())) == len(folders)
    assert venvs.key("colab") == folders["colab"]  # stable from run to run
    monkeypatch.setitem(venvs.SETS, "colab", [*venvs.SETS["colab"], "pandas"])
    assert venvs.key("colab") != folders["colab"]


def test_the_colab_set_is_colabs_widgets_without_the_course():
    colab = venvs.SETS["colab"]
    assert "ipywidgets==7.7.1" in colab
    assert not any(requirement.startswith(("nnlib", "nn-hands-on", "-e", "."))
                   for requirement in colab)
    assert any(r.startswith("notebook<7") for r in venvs.SETS["classic"])
    assert "ipywidgets==7.7.1" in venvs.SETS["classic"]
    assert any(r.startswith("ipywidgets>=8") for r in venvs.SETS["notebook7"])


def test_a_half_built_folder_is_not_built(tmp_path, monkeypatch):
    monkeypatch.setattr(venvs, "HOME", tmp_path)
    folder = venvs.folder("colab")
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").touch()
    assert not venvs.built("colab")  # interrupted before its requirements were installed
    (folder / venvs.DONE).write_text("{}")
    assert venvs.built("colab")


def test_path_of_an_unbuilt_set_fails_and_says_how_to_build_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(venvs, "HOME", tmp_path)
    assert venvs.main(["path", "classic"]) == 1
    assert "python .ci/venvs.py make classic" in capsys.readouterr().err
    assert venvs.main(["path", "no-such-set"]) == 2
