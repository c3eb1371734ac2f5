"""Resuming at a large num_update returns MXNet's exact answer without stepping."""
import random

import pytest

from _scenarios import same_number


def mxnet_factor(step, factor, stop_factor_lr, base_lr, updates):
    """MXNet 1.9.1's FactorScheduler loop, verbatim, for comparison."""
    count = 0
    out = []
    for num_update in updates:
        while num_update > count + step:
            count += step
            base_lr *= factor
            if base_lr < stop_factor_lr:
                base_lr = stop_factor_lr
        out.append(base_lr)
    return out, count, base_lr


def test_resume_at_10_to_the_15(impl):
    sched = impl.FactorScheduler(step=1, factor=0.999, base_lr=0.1)
    assert same_number(sched(10 ** 15), 1e-08)
    assert sched.count == 10 ** 15 - 1 and sched.base_lr == 1e-08


def test_factor_one_jumps_keep_the_int(impl):
    sched = impl.FactorScheduler(step=3, base_lr=1)
    assert sched(10 ** 12) == 1 and type(sched(10 ** 12)) is int
    assert sched.count == (10 ** 12 - 1) // 3 * 3


def test_float_step_jump_is_exact(impl):
    sched = impl.FactorScheduler(step=2.5, factor=0.5, base_lr=1)
    sched(2 ** 40)
    assert same_number(sched.count, float((2 ** 40 * 2 // 5) * 5) / 2 - 2.5
                       if (2 ** 40 * 2) % 5 == 0 else float(((2 ** 40 * 2 - 1) // 5) * 5) / 2)


def test_non_dyadic_float_step_refuses_an_endless_walk(impl):
    sched = impl.FactorScheduler(step=1.1, factor=0.5, base_lr=1)
    with pytest.raises(OverflowError, match="step=1.1"):
        sched(2 ** 52)


@pytest.mark.parametrize("seed", range(25))
def test_jumps_equal_mxnets_step_by_step_loop(impl, seed):
    rng = random.Random(seed)
    step = rng.choice([1, 2, 3, 7, 1.0, 2.5, 0.75 * 4])
    factor = rng.choice([1, 0.5, 0.9, 0.999, 0, 1.0, rng.random()])
    stop = rng.choice([1e-8, 0.01, 0, 0.3])
    base = rng.choice([1, 0.1, 2.0, 0.3])
    updates = sorted(rng.sample(range(0, 20000), 6)) + [rng.randrange(0, 20000)]
    want, count, final = mxnet_factor(step, factor, stop, base, updates)
    sched = impl.FactorScheduler(step=step, factor=factor, stop_factor_lr=stop, base_lr=base)
    got = [sched(n) for n in updates]
    assert all(same_number(g, w) for g, w in zip(got, want)), (got, want)
    assert same_number(sched.count, count) and same_number(sched.base_lr, final)
