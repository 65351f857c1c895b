"""nnlib.environment_report: what it finds wrong in each kind of environment, and the fix
it gives."""
import nnlib as nn
from nnlib.environment import EnvironmentReport, gather, judge

GOOD = {"python": "3.11.7", "nnlib": "0.1.0", "numpy": "2.4.6", "matplotlib": "3.11.2",
        "ipywidgets": "8.1.9", "jupyterlab_widgets": "3.0.17", "widgetsnbextension": "4.0.16",
        "jupyterlab": "4.6.6", "notebook": None, "shell": "kernel",
        "colab": False, "binder": False, "hub": False}


def facts(**changes):
    return {**GOOD, **changes}


def test_a_good_environment_is_ready():
    report = judge(GOOD)
    assert report.ok and not report.problems()
    assert report.place == "a Jupyter kernel"
    assert "Ready: everything" in str(report)


def test_this_environment_reports_without_error():
    report = nn.environment_report()
    assert isinstance(report, EnvironmentReport)
    assert set(gather()) == set(GOOD)
    assert "<table>" in report._repr_html_()
    assert report.ok, str(report)  # the test environment is fit for the course


def test_old_matplotlib_fails_with_the_fix():
    report = judge(facts(matplotlib="3.5.3"))
    assert not report.ok
    check = report["matplotlib"]
    assert check.status == "fail" and "3.5.3 is too old" in check.detail
    assert check.fix == '%pip install -U "matplotlib>=3.6" then restart the kernel'


def test_outside_a_kernel_the_fix_is_a_shell_command():
    report = judge(facts(numpy="1.21.0", shell="python"))
    assert report["numpy"].fix == 'pip install -U "numpy>=1.22"'
    assert report["notebook"].status == "warn"


def test_missing_or_too_new_ipywidgets_fails():
    assert judge(facts(ipywidgets=None))["ipywidgets"].status == "fail"
    assert judge(facts(ipywidgets="9.0.0"))["ipywidgets"].status == "fail"
    assert judge(facts(ipywidgets="7.6.5"))["ipywidgets"].status == "fail"


def test_mismatched_widget_halves_say_the_sliders_will_not_load():
    report = judge(facts(ipywidgets="8.1.9", jupyterlab_widgets="1.1.1"))
    check = report["widgets in JupyterLab"]
    assert check.status == "fail" and "Failed to load model class" in check.detail
    report = judge(facts(ipywidgets="7.7.1", jupyterlab_widgets="1.1.1",
                         widgetsnbextension="4.0.16"))
    assert report["widgets in classic Notebook"].status == "fail"
    assert "widgets in JupyterLab" not in [c.name for c in report.checks]


def test_classic_notebook_with_ipywidgets_7_is_ready():
    report = judge(facts(ipywidgets="7.7.1", jupyterlab_widgets="1.1.7",
                         widgetsnbextension="3.6.6", notebook="6.5.7"))
    assert report.ok and not report.problems()


def test_no_frontend_half_is_a_warning_with_what_to_do():
    check = judge(facts(jupyterlab_widgets=None, widgetsnbextension=None))["widgets frontend"]
    assert check.status == "warn" and "reload the page" in check.fix


def test_colab():
    report = judge(facts(colab=True, shell="colab", ipywidgets="7.7.1",
                         jupyterlab_widgets=None, widgetsnbextension="3.6.6"))
    assert report.place == "Google Colab" and report.ok
    assert report["widgets in Colab"].status == "ok"
    assert "Save a copy in Drive" in report["Colab"].fix
    newer = judge(facts(colab=True, shell="colab", ipywidgets="8.1.5"))
    assert "enable_custom_widget_manager" in newer["widgets in Colab"].fix


def test_binder_and_hub_notes():
    assert judge(facts(binder=True)).place == "Binder"
    assert "Download" in judge(facts(binder=True))["Binder"].fix
    hub = judge(facts(hub=True))
    assert hub.place == "a JupyterHub" and hub["JupyterHub"].status == "note" and hub.ok
