"""Tests for nnlib.scales: summaries of numbers that span many powers of ten."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.scales import bar_heights, contour_levels, log_limits


def test_log_limits_pad_the_smallest_and_largest_number():
    assert log_limits([1e-6, 3e-4, 0.05], pad=4) == pytest.approx((2.5e-7, 0.2))


def test_log_limits_always_span_at_least_two_powers_of_ten_about_the_middle():
    bottom, top = log_limits([0.5, 2.0])
    assert (bottom, top) == pytest.approx((0.1, 10.0))
    bottom, top = log_limits([3.0], pad=1, decades=3)
    assert top / bottom == pytest.approx(1000) and np.sqrt(bottom * top) == pytest.approx(3.0)


def test_log_limits_leave_out_what_a_log_axis_cannot_show():
    assert log_limits([0.0, -1.0, np.inf, np.nan, 1e-3, 1.0], pad=2) == pytest.approx(
        (5e-4, 2.0))
    assert log_limits([0.0, -2.0]) == (1e-3, 1.0)


def test_contour_levels_crowd_near_the_minimum_on_a_log_spacing():
    Z = np.array([[1.0, 5.0], [50.0, 1001.0]])
    levels = contour_levels(Z, levels=4)
    assert len(levels) == 4 and levels[-1] == pytest.approx(1001.0)
    gaps = np.diff(levels)
    assert np.all(gaps > 0) and gaps[-1] > 10 * gaps[0]
    even = contour_levels(Z, levels=4, log_levels=False)
    assert np.allclose(np.diff(even), 200.0) and 1.0 < even[0] < even[-1] < 1001.0


def test_bar_heights_are_geometric_means_over_draws_unless_a_draw_is_zero():
    norms = np.array([[1e-4, 1.0, 0.0], [1e-2, 4.0, 2.0]])
    heights, low, high = bar_heights(norms)
    assert heights == pytest.approx([1e-3, 2.0, 1.0])
    assert list(low) == [1e-4, 1.0, 0.0] and list(high) == [1e-2, 4.0, 2.0]
    assert bar_heights(norms, log=False)[0] == pytest.approx([0.00505, 2.5, 1.0])
