"""Predict, then see: the learner commits to an answer before an explorer shows it.

A :class:`Prediction` is pure logic: a question, 2-4 options (or a number with a
tolerance), the right answer computed from the explorer's own result, and an
explanation. :class:`PredictionWidget` puts it beside an explorer's widget and hides
the explorer's answer (its picture and readout, or the readout only) until the learner
commits or asks to be shown. Nothing is graded or stored beyond the session.

    >>> nn.explore.predict("gradient_flow",
    ...     question="At depth 10 with sigmoid, the first layer's gradient is ...",
    ...     options=["about the same as the last layer's", "thousands of times smaller"],
    ...     answer=lambda result: 1 if result["ratio"] < 1e-3 else 0,
    ...     explanation="Each sigmoid layer multiplies the gradient by at most 0.25 ...")
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Callable

from ._core import REGISTRY
from ._widget import show

HIDE = ("answer", "readout")  # hide the picture and readout, or the readout only


@dataclass
class Prediction:
    """A question with its computed answer.

    ``options`` are the choices (2 to 4), and ``answer`` the index of the right one;
    with no options the learner types a number, right when within ``tolerance`` of
    ``answer`` (relative when ``relative`` is True).
    """

    question: str
    answer: Any
    explanation: str
    options: Sequence[str] = ()
    tolerance: float = 0.0
    relative: bool = False
    choice: Any = None
    committed: bool = False
    revealed: bool = False
    history: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.options = tuple(self.options)
        if self.options:
            if not 2 <= len(self.options) <= 4:
                raise ValueError(f"options: expected 2 to 4 choices, got {len(self.options)}")
            if not isinstance(self.answer, int) or not 0 <= self.answer < len(self.options):
                raise ValueError(f"answer: expected the index of the right option, 0 to "
                                 f"{len(self.options) - 1}, got {self.answer!r}")
        elif not isinstance(self.answer, (int, float)):
            raise TypeError(f"answer: expected a number for a typed answer, got "
                            f"{type(self.answer).__name__}")

    @property
    def correct_text(self) -> str:
        return self.options[self.answer] if self.options else f"{self.answer:.3g}"

    def is_right(self, choice: Any) -> bool:
        """Whether ``choice`` (an option's index or text, or a number) is right."""
        if self.options:
            if isinstance(choice, str):
                choice = self.options.index(choice) if choice in self.options else None
            return choice == self.answer
        try:
            value = float(choice)
        except (TypeError, ValueError):
            return False
        allowed = self.tolerance * abs(self.answer) if self.relative else self.tolerance
        return abs(value - self.answer) <= allowed

    def commit(self, choice: Any) -> str:
        """Record the learner's answer and return the feedback to show."""
        if choice is None or choice == "":
            raise ValueError("choice: pick an option (or type a number) before committing")
        self.choice, self.committed = choice, True
        right = self.is_right(choice)
        self.history.append((choice, right))
        verdict = "Right." if right else f"Not quite: the answer is {self.correct_text}."
        return f"{verdict} {self.explanation}"

    def reveal(self) -> str:
        """Show the answer without committing ("just show me")."""
        self.revealed = True
        return f"The answer is {self.correct_text}. {self.explanation}"

    @property
    def hidden(self) -> bool:
        return not (self.committed or self.revealed)


class PredictionWidget:
    """A :class:`Prediction` above an explorer widget whose answer stays hidden until the
    learner commits (or presses "just show me"). ``explorer`` is the widget it guards."""

    def __init__(self, prediction: Prediction, explorer, hide: str = "answer") -> None:
        import ipywidgets as widgets

        if hide not in HIDE:
            raise ValueError(f"hide: expected one of {HIDE}, got {hide!r}")
        self.prediction, self.explorer, self.hide = prediction, explorer, hide
        question = widgets.HTML(value=f"<b>Predict first.</b> {prediction.question}")
        if prediction.options:
            self.choice = widgets.RadioButtons(options=list(prediction.options), value=None,
                                               layout=widgets.Layout(width="auto"))
        else:
            self.choice = widgets.FloatText(value=None, description="your answer",
                                            layout=widgets.Layout(width="220px"))
        self.commit_button = widgets.Button(description="Commit", button_style="primary")
        self.show_button = widgets.Button(description="just show me", button_style="")
        self.show_button.add_class("nnlib-just-show-me")
        self.feedback = widgets.HTML(value="")
        self.feedback.add_class("nnlib-prediction-feedback")
        self.commit_button.on_click(lambda _: self._commit())
        self.show_button.on_click(lambda _: self._reveal())
        buttons = widgets.HBox([self.commit_button, self.show_button])
        self.box = widgets.VBox([question, self.choice, buttons, self.feedback],
                                layout=widgets.Layout(border="1px solid #ccc",
                                                      padding="4px 8px", margin="0 0 6px 0"))
        self.box.add_class("nnlib-prediction")
        self.container = widgets.VBox([self.box, explorer.box])
        self._set_hidden(True)

    def _guarded(self) -> list:
        return [self.explorer.readout] if self.hide == "readout" else \
            [self.explorer.image, self.explorer.readout]

    def _set_hidden(self, hidden: bool) -> None:
        for widget in self._guarded():
            widget.layout.visibility = "hidden" if hidden else "visible"

    def _selected(self) -> Any:
        if self.prediction.options:
            value = self.choice.value
            return None if value is None else self.prediction.options.index(value)
        return self.choice.value

    def _commit(self) -> None:
        try:
            text = self.prediction.commit(self._selected())
        except ValueError as error:
            self.feedback.value = f"<span style='color:#b00'>{error}</span>"
            return
        right = self.prediction.history[-1][1]
        colour = "#176117" if right else "#a33"
        self.feedback.value = f"<span style='color:{colour}'>{text}</span>"
        self._finish()

    def _reveal(self) -> None:
        self.feedback.value = self.prediction.reveal()
        self._finish()

    def _finish(self) -> None:
        self.commit_button.disabled = self.show_button.disabled = True
        self.choice.disabled = True
        self._set_hidden(False)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from ._static import WIDGET_VIEW, display_bundle

        # where widgets cannot render, the question shows as text; the picture only when
        # it is not part of the answer
        bundle = {WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                "model_id": self.container.model_id},
                  "text/plain": f"Predict first: {self.prediction.question}"}
        if self.hide == "readout" and "image/png" in display_bundle(self.explorer):
            bundle["image/png"] = display_bundle(self.explorer)["image/png"]
        display(bundle, raw=True)


def predict(name: str, question: str, answer: Callable[[dict], Any] | Any,
            explanation: Callable[[dict], str] | str, options: Sequence[str] = (),
            tolerance: float = 0.0, relative: bool = False, hide: str = "answer",
            **values: Any) -> PredictionWidget:
    """Open the explorer ``name`` (at ``values``) guarded by a prediction.

    ``answer`` is computed, never typed in: a function of the explorer's result at the
    setting it opens on (``REGISTRY[name].final(**values)``), returning the right
    option's index or the number to match. ``explanation`` may be a function of the same
    result too, so that the numbers it quotes are the ones the explorer shows.
    """
    if name not in REGISTRY:
        raise ValueError(f"name: unknown explorer {name!r}; known explorers are "
                         f"{', '.join(sorted(REGISTRY))}")
    widget = show(name, **values)
    result = widget.result if widget.result is not None else REGISTRY[name].final(**values)
    value = answer(result) if callable(answer) else answer
    said = explanation(result) if callable(explanation) else explanation
    prediction = Prediction(question, value, said, options, tolerance, relative)
    return PredictionWidget(prediction, widget, hide)
