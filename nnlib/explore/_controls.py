"""The controls of an explorer as core widgets: one per control, labelled, in a panel."""
from __future__ import annotations

import numpy as np

from ._core import Control, Explorer


def _label(control: Control) -> str:
    return control.label or control.name.replace("_", " ")


def _widget_for(control: Control):
    """The core widget for one control. Sliders and menus carry no description of their
    own: ``labelled`` puts the label above them, so a long label never squeezes a slider."""
    import ipywidgets as widgets

    layout = widgets.Layout(width="auto")
    if control.kind == "sizes":
        from ._sizes import SizesWidget

        return SizesWidget(control.default, int(control.low), int(control.high),
                           int(control.options[0]))
    if control.kind == "bool":
        return widgets.Checkbox(value=control.default, description=_label(control),
                                layout=layout, indent=False)
    common = dict(description="", layout=layout, continuous_update=control.continuous_update)
    if control.kind == "float":
        step = control.step or (control.high - control.low) / 100
        return widgets.FloatSlider(value=control.default, min=control.low, max=control.high,
                                   step=step, readout_format=".3g", **common)
    if control.kind == "int":
        return widgets.IntSlider(value=control.default, min=int(control.low),
                                 max=int(control.high), step=int(control.step or 1), **common)
    if control.kind == "log":
        step = control.step or 0.05
        return widgets.FloatLogSlider(value=control.default, base=10,
                                      min=float(np.log10(control.low)),
                                      max=float(np.log10(control.high)),
                                      step=step, readout_format=".3g", **common)
    return widgets.Dropdown(options=list(control.options), value=control.default,
                            description="", layout=layout)


def make_controls(explorer: Explorer, values: dict) -> dict:
    """A widget per control (name -> widget), set to the starting ``values`` given."""
    controls = {control.name: _widget_for(control) for control in explorer.controls}
    for name, value in values.items():
        if name not in controls:
            raise TypeError(f"{explorer.name}: unknown control {name!r}; controls are "
                            f"{sorted(controls)}")
        controls[name].value = value
    return controls


def labelled(control: Control, widget):
    """The control as the panel shows it: its label on a line above the widget."""
    import ipywidgets as widgets

    if control.kind == "bool":
        return widget  # a checkbox has its label beside it
    label = widgets.HTML(value=f"<span style='font-size:0.92em'>{_label(control)}</span>",
                         layout=widgets.Layout(margin="2px 0 -6px 2px"))
    label.add_class("nnlib-control-label")
    return widgets.VBox([label, widget], layout=widgets.Layout(width="auto"))


def control_panel(explorer: Explorer, controls: dict) -> list:
    """The panel's widgets: every control labelled, in order, or under the headings of
    ``extra["sections"]``; a section of checkboxes only sets them side by side."""
    import ipywidgets as widgets

    by_name = {control.name: control for control in explorer.controls}
    sections = explorer.extra.get("sections")
    if not sections:
        return [labelled(by_name[name], controls[name]) for name in by_name]
    items = []
    for title, names in sections.items():
        row = [labelled(by_name[name], controls[name]) for name in names]
        if all(by_name[name].kind == "bool" for name in names):  # wrapping, side by side
            for item in row:
                item.layout = widgets.Layout(width="84px")
            row = [widgets.HBox(row, layout=widgets.Layout(flex_flow="row wrap"))]
        items += [widgets.HTML(f"<b>{title}</b>")] + row
    return items
