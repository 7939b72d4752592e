"""The bracketing search of qnbinom_upper_array against R's definition by brute force."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from assay.models.assessment.pmf import _R_DBL_EPSILON, qnbinom_upper_array


@pytest.mark.parametrize("q", [0.9, 0.5, 0.1, 0.001])
def test_bracketing_search_equals_linear_search(q: float) -> None:
    """Oracle: the smallest y >= 0 with I_{1-p}(y + 1, size) <= q (1 + 64 eps), found by
    stepping y = 0, 1, 2, ... (R's qnbinom(lower.tail = FALSE) definition), on 400 random
    (size, prob) pairs (seed 0) spanning sizes 0.02-50 and probabilities 0.001-0.999."""
    rng = np.random.default_rng(0)
    size = rng.lognormal(0, 1.5, 400)
    prob = rng.uniform(0.001, 0.999, 400)
    target = q * (1 + 64 * _R_DBL_EPSILON)
    expected = np.zeros(len(size))
    for i in range(len(size)):
        y = 0
        while special.betainc(y + 1.0, size[i], 1 - prob[i]) > target:
            y += 1
        expected[i] = y
    np.testing.assert_array_equal(qnbinom_upper_array(q, size, prob), expected)
