"""Predict, then see: the answer stays hidden until the learner commits or asks to see it,
right and wrong answers are marked, and the right answer comes from the explorer."""
from __future__ import annotations

import pytest

import nnlib as nn
from nnlib.explore import Prediction, predict


def _guarded(**kwargs):
    return predict("gradient_flow", question="How does layer 1's gradient compare?",
                   options=["about the same", "far smaller", "far larger"],
                   answer=lambda r: 1 if r["ratio"] < 1e-3 else (2 if r["ratio"] > 1e3 else 0),
                   explanation="Each sigmoid layer multiplies the gradient by at most 0.25.",
                   **kwargs)


def _visibility(widget):
    return widget.explorer.image.layout.visibility, widget.explorer.readout.layout.visibility


def test_the_answer_is_computed_from_the_explorer_result():
    widget = _guarded()
    assert widget.prediction.answer == 1  # sigmoid at depth 10 vanishes
    assert _guarded(activation="relu", initialization="he").prediction.answer == 0


def test_an_explanation_can_quote_the_explorers_own_numbers():
    widget = predict("gradient_flow", question="How does layer 1's gradient compare?",
                     options=["about the same", "far smaller"],
                     answer=lambda r: 1 if r["ratio"] < 1e-3 else 0,
                     explanation=lambda r: f"Layer 1 gets {r['ratio']:.1e} of the last layer's.")
    ratio = nn.explore.REGISTRY["gradient_flow"].final()["ratio"]
    assert widget.prediction.explanation == f"Layer 1 gets {ratio:.1e} of the last layer's."
    assert widget.prediction.reveal().endswith(f"{ratio:.1e} of the last layer's.")


def test_picture_and_readout_stay_hidden_until_commit():
    widget = _guarded()
    assert _visibility(widget) == ("hidden", "hidden")
    widget.explorer.controls["depth"].value = 20  # the explorer still answers its controls
    assert _visibility(widget) == ("hidden", "hidden")
    widget.choice.value = "far smaller"
    widget.commit_button.click()
    assert _visibility(widget) == ("visible", "visible")
    assert widget.feedback.value.count("Right.") == 1


def test_a_wrong_answer_is_marked_and_the_right_one_named():
    widget = _guarded()
    widget.choice.value = "about the same"
    widget.commit_button.click()
    assert "Not quite: the answer is far smaller" in widget.feedback.value
    assert widget.prediction.history == [(0, False)]


def test_commit_without_a_choice_asks_for_one_and_hides_on():
    widget = _guarded()
    widget.commit_button.click()
    assert "pick an option" in widget.feedback.value
    assert _visibility(widget) == ("hidden", "hidden")


def test_just_show_me_reveals_without_a_verdict():
    widget = _guarded()
    widget.show_button.click()
    assert _visibility(widget) == ("visible", "visible")
    assert widget.prediction.revealed and not widget.prediction.committed
    assert "The answer is far smaller" in widget.feedback.value


def test_hiding_only_the_readout_leaves_the_picture():
    widget = _guarded(hide="readout")
    assert _visibility(widget)[0] != "hidden" and _visibility(widget)[1] == "hidden"


def test_a_typed_number_is_judged_within_its_tolerance():
    prediction = Prediction("First step of Adam, in units of the learning rate?", 1.0,
                            "Adam's first step is about the learning rate.", tolerance=0.1,
                            relative=True)
    assert prediction.is_right(1.05) and not prediction.is_right(3.16)
    assert not prediction.is_right("lots")


@pytest.mark.parametrize("kwargs, message", [
    (dict(options=["only one"], answer=0), "2 to 4"),
    (dict(options=["a", "b"], answer=2), "index of the right option"),
    (dict(options=["a", "b"], answer="a"), "index of the right option"),
])
def test_bad_predictions_are_refused_clearly(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Prediction("q?", explanation="e", **kwargs)


def test_unknown_explorer_and_hide_mode_are_named():
    with pytest.raises(ValueError, match="unknown explorer"):
        predict("nope", "q", 0, "e", options=["a", "b"])
    with pytest.raises(ValueError, match="hide"):
        _guarded(hide="everything")


def test_prediction_is_reachable_from_the_top():
    assert nn.explore.predict is predict
