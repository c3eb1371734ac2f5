"""MultiFactorScheduler with many steps: checked without formatting each one,
passed in one jump, with MXNet 1.9.1's state and log lines."""
import logging
from fractions import Fraction

import pytest

from _scenarios import Capture

STEPS = list(range(10, 20_010, 10))


def _state(sched):
    return (sched.base_lr.hex() if isinstance(sched.base_lr, float) else sched.base_lr,
            sched.cur_step_ind, sched.count)


@pytest.mark.parametrize("steps", [STEPS, [float(x) for x in STEPS],
                                   STEPS[:500] + [Fraction(5011, 1)] + STEPS[501:]],
                         ids=["ints", "floats", "a Fraction"])
def test_a_jump_is_the_steps_one_by_one(impl, steps):
    jump = impl.MultiFactorScheduler(step=list(steps), factor=0.999, base_lr=1)
    walk = impl.MultiFactorScheduler(step=list(steps), factor=0.999, base_lr=1)
    for n in (15, 5005, 20_000, 30_000):
        walk_rates = [walk(k) for k in range(1, n + 1)][-1]
        assert jump(n) == walk_rates
        assert _state(jump) == _state(walk)


def test_a_jump_over_a_step_list_changed_in_place(impl):
    steps = list(STEPS)
    sched = impl.MultiFactorScheduler(step=steps, factor=0.5, base_lr=1)
    sched(100)
    steps[20:] = [Fraction(x) for x in steps[20:]]    # MXNet reads the list on each call
    twin = impl.MultiFactorScheduler(step=list(STEPS), factor=0.5, base_lr=1)
    assert sched(1000) == twin(1000)
    assert _state(sched) == _state(twin)


def test_the_log_lines_of_a_jump_are_mxnets(impl):
    handler = Capture()
    logger = logging.getLogger("cysched.lr_scheduler")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        sched = impl.MultiFactorScheduler(step=[3, 5, 9, 12], factor=0.5, base_lr=1)
        sched(10)
        sched(11)
        sched(13)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    assert handler.messages == [
        "Update[10]: Change learning rate to 5.00000e-01",
        "Update[10]: Change learning rate to 2.50000e-01",
        "Update[10]: Change learning rate to 1.25000e-01",
        "Update[13]: Change learning rate to 6.25000e-02"]


@pytest.mark.parametrize("steps,error,text", [
    ([1, 2, "x"], TypeError, "step[2] must be a real number, got step[2]='x'"),
    ([1, 3, 2], ValueError, "Schedule step must be an increasing integer list, got step=[1, 3, 2]"),
    ([0, 1], ValueError, "Schedule step must be greater or equal than 1 round, got step[0]=0"),
    ([1.5, float("inf")], ValueError, "step[1] must be finite, got step[1]=inf"),
    ([], AssertionError, "step must be a non-empty list, got step=[]"),
])
def test_a_bad_step_names_only_itself(impl, steps, error, text):
    with pytest.raises(error) as info:
        impl.MultiFactorScheduler(step=steps)
    assert str(info.value) == text


def test_steps_keep_the_callers_list_unless_converted(impl):
    import numpy as np
    ints = list(STEPS)
    assert impl.MultiFactorScheduler(step=ints).step is ints
    floats = [1.5, 2.5]
    assert impl.MultiFactorScheduler(step=floats).step is floats
    mixed = [1, np.int64(4)]
    kept = impl.MultiFactorScheduler(step=mixed).step
    assert kept == [1, 4] and kept is not mixed and type(kept[1]) is int
