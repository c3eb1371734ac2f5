"""CosineRestartScheduler.evaluate carries the cycle from one element to the
next: the scalar calls' bits, for sorted and arbitrary input alike."""
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st


def _hex(values):
    return [float(x).hex() for x in values]


def _check(sched, updates):
    assert _hex(sched.evaluate(updates)) == _hex([sched(n) for n in updates.tolist()])


@pytest.mark.parametrize("mult", [2.0, 1.5, 3.7, 1000.0, 1.0])
@pytest.mark.parametrize("order", ["sorted", "shuffled", "descending"])
def test_the_carry_is_the_scalar_calls(impl, mult, order):
    sched = impl.CosineRestartScheduler(7, base_lr=1.0, final_lr=0.01, cycle_mult=mult,
                                        peak_decay=0.8, warmup_steps=3)
    updates = list(range(0, 3000)) + [2 ** 40 + k for k in range(50)] + [2 ** 53 - 1, 2 ** 53]
    updates += [x + 0.25 for x in range(0, 400, 3)]
    if order == "shuffled":
        random.Random(7).shuffle(updates)
    elif order == "descending":
        updates.sort(reverse=True)
    else:
        updates.sort()
    _check(sched, np.array(updates, dtype=np.float64))


def test_the_parallel_spans_carry_too(impl):
    sched = impl.CosineRestartScheduler(10, cycle_mult=2.0, peak_decay=0.9)
    size = 200_000 if impl.__name__.endswith("_c") else 5_000
    _check(sched, np.arange(size, dtype=np.int64))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.integers(1, 50), mult=st.floats(1.0, 50.0), decay=st.floats(0.01, 1.0),
       warmup=st.integers(0, 20),
       updates=st.lists(st.one_of(st.integers(0, 2 ** 53), st.floats(0, 1e6)), max_size=60))
def test_any_input_any_cycle(impl, length, mult, decay, warmup, updates):
    sched = impl.CosineRestartScheduler(length, cycle_mult=mult, peak_decay=decay,
                                        warmup_steps=warmup, base_lr=1.0)
    _check(sched, np.array(updates, dtype=np.float64))
    _check(sched, np.array(sorted(updates), dtype=np.float64))
