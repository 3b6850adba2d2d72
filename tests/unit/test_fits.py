"""The situation's closest stated fit says yes or no to the side a question proposes (advisor.fits)."""

import numpy as np

from advisor.fits import FIT_MARGIN, Fit, fit_ruling

MSP, LEADER, BOTH = frozenset({"msp"}), frozenset({"leader"}), frozenset({"msp", "leader"})


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


# Three passages of one unit each: an MSP fit, a leader fit, a "Both" row, along three orthogonal directions.
VECTORS = [np.stack([_unit(1, 0, 0)]), np.stack([_unit(0, 1, 0)]), np.stack([_unit(0, 0, 1)])]
FITS = [Fit(0, 0, MSP), Fit(1, 0, LEADER), Fit(2, 0, BOTH)]


def test_the_closest_fit_says_yes_to_its_side_and_no_to_the_other() -> None:
    situation = _unit(0.2, 1, 0)  # the leader's situation
    assert fit_ruling(LEADER, FITS, VECTORS, situation).verdict == "yes"  # type: ignore[union-attr]
    ruling = fit_ruling(MSP, FITS, VECTORS, situation)
    assert ruling is not None and ruling.verdict == "no" and ruling.passage == 1 and ruling.sides == LEADER


def test_a_both_row_says_yes_to_either_side() -> None:
    situation = _unit(0.1, 0.1, 1)
    assert fit_ruling(MSP, FITS, VECTORS, situation).verdict == "yes"  # type: ignore[union-attr]
    assert fit_ruling(LEADER, FITS, VECTORS, situation).verdict == "yes"  # type: ignore[union-attr]


def test_silent_when_not_close_enough_or_not_clearly_one_sides() -> None:
    far = _unit(1, 1, 0, 3)  # close to nothing stated
    assert fit_ruling(MSP, FITS, [np.pad(v, ((0, 0), (0, 1))) for v in VECTORS], far) is None
    between = _unit(1, 1 - FIT_MARGIN / 2, 0)  # both sides' fits about as close
    assert fit_ruling(MSP, FITS, VECTORS, between) is None
