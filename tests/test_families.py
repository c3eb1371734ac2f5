"""The schedule families beyond MXNet, on both implementations: boundary values,
random access, evaluate, pickling mid-schedule, base_lr rescaling, validation."""
import copy
import inspect
import doctest
import math
import pickle
import random
import subprocess
import sys

import pytest

import samples
from cysched import _modules
from conftest import pure_families

#: Every family class (the pure ones: their signatures are plain Python's).
FAMILY = pure_families()
NAMES = samples.FAMILY_NAMES

# One configuration of each family (and composite) for the generic tests;
# ``make(impl)`` builds it.
CONFIGS = {
    "constant": lambda L: L.ConstantScheduler(base_lr=0.3, warmup_steps=10,
                                              warmup_begin_lr=0.01, warmup_mode="cosine"),
    "linear": lambda L: L.LinearScheduler(200, base_lr=0.1, final_lr=0.001, warmup_steps=20),
    "exponential": lambda L: L.ExponentialScheduler(0.97, base_lr=0.1, step=3, staircase=True,
                                                    final_lr=0.005, warmup_steps=5,
                                                    warmup_begin_lr=0.001,
                                                    warmup_mode="exponential"),
    "inverse_sqrt": lambda L: L.InverseSqrtScheduler(base_lr=0.2, warmup_steps=16,
                                                     timescale=40),
    "one_cycle": lambda L: L.OneCycleScheduler(0.4, 150, pct_start=0.3, three_phase=True),
    "cyclic": lambda L: L.CyclicScheduler(0.01, 0.2, step_size_up=7, step_size_down=13,
                                          mode="exp_range", gamma=0.999),
    "cosine_restart": lambda L: L.CosineRestartScheduler(9, base_lr=0.2, final_lr=0.002,
                                                         cycle_mult=1.5, peak_decay=0.7,
                                                         warmup_steps=4),
    "wsd": lambda L: L.WarmupStableDecayScheduler(300, base_lr=0.1, final_lr=0.001,
                                                  decay_fraction=0.25, decay_mode="1-sqrt",
                                                  warmup_steps=30, warmup_mode="linear"),
    "piecewise": lambda L: L.PiecewiseScheduler([-1, 50, 120], [0.0, 0.2, 0.01],
                                                interpolate="cosine"),
    "plateau": lambda L: L.PlateauScheduler(L.LinearScheduler(400, base_lr=0.1,
                                                              final_lr=0.01),
                                            factor=0.5, patience=0, final_lr=0.004),
    "warmup": lambda L: L.Warmup(L.CosineRestartScheduler(20, base_lr=0.1), 15,
                                 warmup_begin_lr=0.001, warmup_mode="exponential"),
    "sequential": lambda L: L.SequentialScheduler(
        [L.LinearScheduler(10, base_lr=0.0, final_lr=0.1),
         L.SequentialScheduler([L.ConstantScheduler(base_lr=0.1),
                                L.ExponentialScheduler(0.9, base_lr=0.1)], [40])], [10]),
    "product": lambda L: L.ProductScheduler(L.ConstantScheduler(base_lr=0.5),
                                            L.CyclicScheduler(0.5, 1.0, 10)),
}
UPDATES = list(range(0, 700)) + [0.5, 7.25, 99.999, 1e6, 2.0 ** 40, 2 ** 53]


def hexes(values):
    return [float(v).hex() for v in values]


def test_public_names(impl):
    for name in ["Schedule"] + NAMES:
        assert isinstance(getattr(impl, name), type)
    from cysched import lr_scheduler
    for name in NAMES:
        assert name in lr_scheduler.__all__


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_random_access_same_answers(impl, config):
    sched = CONFIGS[config](impl)
    if config == "plateau":
        for metric in (5, 4, 4, 6):
            sched.record(metric)
    forward = [sched(n) for n in UPDATES]
    order = list(range(len(UPDATES)))
    random.Random(1).shuffle(order)
    shuffled = {i: sched(UPDATES[i]) for i in order}
    assert hexes(forward) == hexes(shuffled[i] for i in range(len(UPDATES)))
    assert hexes(forward) == hexes(sched(n) for n in UPDATES)
    assert all(type(x) is float for x in forward)
    assert all(math.isfinite(x) and x >= 0 for x in forward)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_evaluate_equals_scalar_calls(impl, config):
    np = pytest.importorskip("numpy")
    sched = CONFIGS[config](impl)
    got = sched.evaluate(UPDATES)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == (len(UPDATES),)
    assert hexes(got) == hexes(sched(n) for n in UPDATES)
    big = np.arange(20000, dtype=np.int64)  # long enough for the threaded loop
    assert hexes(sched.evaluate(big)) == hexes(sched(int(n)) for n in big)
    assert hexes(sched.evaluate(np.arange(50, dtype=np.float32))) == \
        hexes(sched(n) for n in range(50))
    assert sched.evaluate([]).shape == (0,)
    frozen = np.arange(30.0)
    frozen.setflags(write=False)  # evaluate never writes to its input
    assert hexes(sched.evaluate(frozen)) == hexes(sched(n) for n in range(30))
    assert hexes(sched.evaluate(range(5))) == hexes(sched(n) for n in range(5))


@pytest.mark.parametrize("bad, error, text", [
    ([1, -1], ValueError, "num_updates[1] must be >= 0, got num_updates[1]=-1"),
    ([0.0, float("nan")], ValueError, "num_updates[1] must not be NaN"),
    ([3, 2 ** 53 + 1], OverflowError, "num_updates[1] must be at most 2**53"),
    ([1, "x"], TypeError, "num_updates[1] must be a real number"),
    ([1, None], TypeError, "num_updates[1] must be a real number"),
    ([[1, 2]], ValueError, "one-dimensional"),
    (3, TypeError, "num_updates must be a 1-D sequence of numbers"),
])
def test_evaluate_names_the_bad_element(impl, bad, error, text):
    pytest.importorskip("numpy")
    with pytest.raises(error) as info:
        impl.ConstantScheduler().evaluate(bad)
    assert text in str(info.value)


@pytest.mark.parametrize("bad, error, text", [
    (-1, ValueError, "num_update must be >= 0, got num_update=-1"),
    (float("nan"), ValueError, "num_update must not be NaN"),
    (2 ** 53 + 1, OverflowError, "num_update must be at most 2**53"),
    ("3", TypeError, "num_update must be a real number, got num_update='3'"),
    (None, TypeError, "num_update must be a real number"),
])
@pytest.mark.parametrize("config", ["linear", "one_cycle", "sequential", "plateau"])
def test_num_update_checked(impl, config, bad, error, text):
    with pytest.raises(error) as info:
        CONFIGS[config](impl)(bad)
    assert text in str(info.value)


def test_num_update_types(impl):
    np = pytest.importorskip("numpy")
    sched = CONFIGS["linear"](impl)
    assert sched(True) == sched(1) and sched(np.int64(50)) == sched(50)
    assert sched(np.float32(2.5)) == sched(2.5) and sched(2 ** 53) == sched(2.0 ** 53)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_pickle_copy_mid_schedule(impl, config):
    sched = CONFIGS[config](impl)
    if config == "plateau":
        for metric in (5, 4, 4, 4.5):
            sched.record(metric)
    expected = hexes(sched(n) for n in UPDATES)
    from cysched import lr_scheduler
    unpickled = pickle.loads(pickle.dumps(sched))
    # a pickle names the public class: it loads as the active implementation's
    assert type(unpickled) is getattr(lr_scheduler, type(sched).__name__)
    for clone in (unpickled, copy.copy(sched), copy.deepcopy(sched)):
        assert type(clone).__name__ == type(sched).__name__
        assert hexes(clone(n) for n in UPDATES) == expected
        assert repr(clone) == repr(sched)
    restored = pickle.loads(pickle.dumps(sched))
    assert {k: repr(getattr(restored, k)) for k in type(sched)._state} == \
        {k: repr(getattr(sched, k)) for k in type(sched)._state}
    if config == "plateau":
        for metric in (4.6, 4.7, 1.0, 2.0, 3.0):
            assert restored.record(metric) == sched.record(metric)
            assert restored(7) == sched(7)


def test_pickles_name_the_public_class(impl):
    data = pickle.dumps(impl.LinearScheduler(10))
    assert b"_shapes" not in data and b"LinearScheduler" in data
    from cysched import lr_scheduler
    assert type(pickle.loads(data)) is lr_scheduler.LinearScheduler


@pytest.mark.parametrize("config", sorted(c for c in CONFIGS if c != "plateau"))
def test_repr_rebuilds_the_schedule(impl, config):
    # (not the plateau: the state after records is not a constructor argument)
    sched = CONFIGS[config](impl)
    rebuilt = eval(repr(sched), vars(impl))
    assert hexes(rebuilt(n) for n in UPDATES) == hexes(sched(n) for n in UPDATES)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_writing_base_lr_rescales(impl, config):
    sched = CONFIGS[config](impl)
    before = [sched(n) for n in UPDATES]
    old = sched.base_lr
    sched.base_lr = old * 2  # a power of two: every rate doubles exactly
    assert sched.base_lr == old * 2
    assert hexes(sched(n) for n in UPDATES) == hexes(2 * x for x in before)
    sched.base_lr = old * 0.3
    peak = max(before)
    assert all(math.isclose(sched(n), 0.3 * x, rel_tol=1e-14, abs_tol=1e-15 * peak)
               for n, x in zip(UPDATES, before))


def test_rescale_scales_the_other_rates(impl):
    s = impl.LinearScheduler(100, base_lr=0.5, final_lr=0.05, warmup_begin_lr=0.1,
                             warmup_steps=10)
    s.base_lr = 1.0
    assert (s.base_lr, s.final_lr, s.warmup_begin_lr) == (1.0, 0.1, 0.2)
    c = impl.CyclicScheduler(0.1, 0.4)
    c.base_lr = 0.2
    assert c.max_lr == 0.8
    o = impl.OneCycleScheduler(0.4, 100)
    o.base_lr = 0.8
    assert o.max_lr == 0.8 and o.base_lr == 0.8
    z = impl.ConstantScheduler(base_lr=0)
    z.base_lr = 0.5  # from 0 there is no ratio: only base_lr moves
    assert (z.base_lr, z.warmup_begin_lr) == (0.5, 0.0)
    p = impl.PiecewiseScheduler([10], [0.0, 0.0])
    with pytest.raises(ValueError, match="cannot rescale values that are all 0"):
        p.base_lr = 1.0
    tiny = impl.LinearScheduler(10, base_lr=5e-324, final_lr=5e-324)
    with pytest.raises(ValueError, match="final_lr would not be finite"):
        tiny.base_lr = 1.0
    assert tiny.final_lr == 5e-324


def test_optimizer_learning_rate_override(impl):
    pytest.importorskip("numpy")
    from cysched import optimizer
    sched = impl.OneCycleScheduler(max_lr=1.0, total_steps=100)
    optimizer.SGD(learning_rate=0.1, lr_scheduler=sched)
    assert sched.max_lr == 0.1
    assert math.isclose(max(sched(n) for n in range(100)), 0.1)


# -- values at the boundaries: update t + 1 runs with the rate after t updates ---------

def test_constant_boundaries(impl):
    s = impl.ConstantScheduler(base_lr=0.4, warmup_steps=8, warmup_begin_lr=0.1)
    assert [s(1), s(5), s(9), s(10), s(2 ** 53)] == [0.1, 0.1 + 0.3 * 4 / 8, 0.4, 0.4, 0.4]
    assert impl.ConstantScheduler()(0) == 0.01


@pytest.mark.parametrize("mode", ["linear", "constant", "cosine", "exponential"])
def test_warmup_modes(impl, mode):
    s = impl.ConstantScheduler(base_lr=0.8, warmup_steps=10, warmup_begin_lr=0.05,
                               warmup_mode=mode)
    expected = {
        "linear": lambda n: 0.05 + (0.8 - 0.05) * (n / 10),
        "constant": lambda n: 0.05,
        "cosine": lambda n: 0.05 + (0.8 - 0.05) * (1.0 - math.cos(math.pi * n / 10)) / 2.0,
        "exponential": lambda n: 0.05 * math.pow(0.8 / 0.05, n / 10),
    }[mode]
    assert hexes(s(n + 1) for n in range(10)) == hexes(expected(n) for n in range(10))
    assert s(11) == 0.8 and s(1) == 0.05


def test_linear_boundaries(impl):
    s = impl.LinearScheduler(110, base_lr=1.0, final_lr=0.1, warmup_steps=10)
    assert s(1) == 0.0 and s(6) == 0.5 and s(11) == 1.0
    assert s(61) == 0.1 + (1.0 - 0.1) * ((110 - 60) / 100)
    assert s(110) == 0.1 + (1.0 - 0.1) * ((110 - 109) / 100)
    assert s(111) == 0.1 and s(112) == 0.1 and s(2 ** 53) == 0.1
    up = impl.LinearScheduler(4, base_lr=0.25, final_lr=1.0)  # growth works too
    assert [up(n + 1) for n in range(6)] == [0.25, 0.4375, 0.625, 0.8125, 1.0, 1.0]


def test_polynomial_boundaries(impl):
    s = impl.PolynomialScheduler(110, base_lr=1.0, final_lr=0.1, power=2.0, warmup_steps=10)
    assert s(1) == 0.0 and s(6) == 0.5 and s(11) == 1.0
    assert s(61) == 0.1 + (1.0 - 0.1) * math.pow(1.0 - 50 / 100, 2.0)
    assert s(111) == 0.1 and s(2 ** 53) == 0.1
    line = impl.PolynomialScheduler(10, base_lr=1.0)
    assert [line(k) for k in range(1, 12)] == [1.0 - t / 10 for t in range(10)] + [0.0]


def test_exponential_boundaries(impl):
    s = impl.ExponentialScheduler(0.5, base_lr=1.0, final_lr=0.1)
    assert [s(1), s(2), s(3), s(4), s(5), s(101)] == [1.0, 0.5, 0.25, 0.125, 0.1, 0.1]
    assert s(2.5) == math.pow(0.5, 1.5)
    st = impl.ExponentialScheduler(0.5, base_lr=1.0, step=4, staircase=True, warmup_steps=2)
    assert [st(n + 1) for n in (0, 1, 2, 5, 6, 9, 10)] == [0.0, 0.5, 1.0, 1.0, 0.5, 0.5, 0.25]
    assert impl.ExponentialScheduler(1, base_lr=0.3)(10 ** 9) == 0.3


def test_inverse_sqrt_boundaries(impl):
    s = impl.InverseSqrtScheduler(base_lr=1.0, warmup_steps=100)
    assert s(1) == 0.0 and s(51) == 0.5 and s(101) == 1.0
    assert s(401) == 0.5 and s(10001) == 0.1
    assert s(2 ** 53) == 1.0 * (1.0 / math.sqrt(2 ** 53 / 100))
    t = impl.InverseSqrtScheduler(base_lr=1.0)  # no warmup: timescale 10000
    assert t(1) == 1.0 and t(30001) == 0.5
    u = impl.InverseSqrtScheduler(base_lr=1.0, warmup_steps=10, timescale=40)
    assert u(11) == 1.0 and u(131) == 0.5


def test_one_cycle_boundaries(impl):
    s = impl.OneCycleScheduler(1.0, 101, pct_start=0.5, anneal_strategy="linear",
                               div_factor=4.0, final_div_factor=5.0)
    peak = 0.5 * 101 - 1  # 49.5
    assert s(1) == 0.25 and s(peak + 1) == 1.0
    assert s(101) == (0.05 - 1.0) * 1.0 + 1.0
    assert s(102) == s(101) == s(2 ** 53)
    three = impl.OneCycleScheduler(1.0, 100, pct_start=0.25, three_phase=True,
                                   div_factor=10.0, final_div_factor=10.0)
    assert three(1) == 1.0 + (0.1 - 1.0) / 2.0 * (math.cos(0.0) + 1.0)
    assert three(25) == 1.0 and three(49) == 0.1 and three(100) == 0.01
    assert three(1001) == 0.01


def test_cyclic_boundaries(impl):
    s = impl.CyclicScheduler(0.1, 0.5, step_size_up=4, step_size_down=2)
    assert [round(s(n + 1), 12) for n in range(7)] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.3, 0.1]
    # PyTorch's arithmetic: x = 1 + n / 6 - cycle is not exact for every n
    assert s(6 * 1000 + 1) == 0.1 and math.isclose(s(6 * 1000 + 4 + 1), 0.5, rel_tol=1e-12)
    t2 = impl.CyclicScheduler(0.0, 1.0, step_size_up=2, mode="triangular2")
    assert [t2(n + 1) for n in (2, 6, 10)] == [1.0, 0.5, 0.25]
    ex = impl.CyclicScheduler(0.0, 1.0, step_size_up=2, mode="exp_range", gamma=0.5)
    assert ex(3) == 0.25 and ex(7) == 0.5 ** 6
    assert impl.CyclicScheduler(0.1, 0.2).step_size_down is None


def test_cosine_restart_boundaries(impl):
    s = impl.CosineRestartScheduler(10, base_lr=1.0, final_lr=0.0, cycle_mult=2)
    starts = [0, 10, 30, 70, 150]
    assert all(s(t + 1) == 1.0 for t in starts)
    assert s(6) == (1 + math.cos(math.pi * 5 / 10)) / 2
    assert s(30) == (1 + math.cos(math.pi * 19 / 20)) / 2
    k = impl.CosineRestartScheduler(10, base_lr=1.0, final_lr=0.1, peak_decay=0.5,
                                    warmup_steps=5)
    assert k(1) == 0.0 and k(6) == 1.0 and k(16) == 0.1 + 0.9 * 0.5 and k(26) == 0.1 + 0.9 * 0.25
    assert k(2 ** 53) >= 0.1
    big = impl.CosineRestartScheduler(3, base_lr=1.0, cycle_mult=3)
    # restarts at 3 * (3**i - 1) / 2 for every i, exactly
    assert all(big(3 * (3 ** i - 1) // 2 + 1) == 1.0 for i in range(30))


def test_wsd_boundaries(impl):
    s = impl.WarmupStableDecayScheduler(1000, base_lr=1.0, final_lr=0.1, decay_steps=200,
                                        decay_mode="cosine", warmup_steps=100)
    assert s(1) == 0.0 and s(51) == 0.5 and s(101) == 1.0 and s(800) == 1.0
    assert s(801) == 1.0 and s(901) == 0.1 + 0.9 * (1.0 + math.cos(math.pi * 0.5)) / 2.0
    assert s(1001) == 0.1 and s(10 ** 9 + 1) == 0.1
    f = impl.WarmupStableDecayScheduler(100, base_lr=1.0)  # default: last 10% cosine
    assert f.decay_fraction == 0.1 and f.decay_steps is None
    assert f(90) == 1.0 and f(91) == 1.0 and f(96) == 0.5 and f(101) == 0.0
    r = impl.WarmupStableDecayScheduler(100, base_lr=1.0, decay_fraction=0.5,
                                        decay_mode="1-sqrt")
    assert r(76) == 1.0 - math.sqrt(0.5) and r(51) == 1.0
    lin = impl.WarmupStableDecayScheduler(10, base_lr=1.0, decay_steps=10, decay_mode="linear")
    assert [lin(n + 1) for n in (0, 5, 10)] == [1.0, 0.5, 0.0]


def test_piecewise_boundaries(impl):
    s = impl.PiecewiseScheduler([10, 20], [1.0, 0.5, 0.25])
    assert [s(1), s(10.99), s(11), s(20), s(21), s(2 ** 53)] == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    lin = impl.PiecewiseScheduler([10, 20, 40], [0.0, 1.0, 0.5], interpolate="linear")
    assert [lin(1), lin(11), lin(16), lin(21), lin(31), lin(41), lin(100)] == \
        [0.0, 0.0, 0.5, 1.0, 0.75, 0.5, 0.5]
    cos_ = impl.PiecewiseScheduler([0, 10], [1.0, 0.0], interpolate="cosine")
    assert cos_(6) == 0.0 + (1.0 - 0.0) / 2.0 * (math.cos(math.pi * 0.5) + 1.0)
    assert cos_(11) == 0.0 and cos_(1) == 1.0
    assert impl.PiecewiseScheduler([], [0.3])(5) == 0.3
    assert impl.PiecewiseScheduler([5], [0.3], interpolate="linear")(0) == 0.3
    assert s.base_lr == 1.0 and s.boundaries == (10, 20) and s.values == (1.0, 0.5, 0.25)


# -- validation ------------------------------------------------------------------------

@pytest.mark.parametrize("name, args, kwargs, error, text", [
    ("ConstantScheduler", (), {"base_lr": -1},
     ValueError, "base_lr must be >= 0, got base_lr=-1.0"),
    ("ConstantScheduler", (), {"base_lr": "a"}, TypeError, "base_lr must be a real number"),
    ("ConstantScheduler", (), {"base_lr": float("nan")}, ValueError, "base_lr must be finite"),
    ("ConstantScheduler", (), {"warmup_steps": 2.5},
     TypeError, "warmup_steps must be an integer, got warmup_steps=2.5"),
    ("ConstantScheduler", (), {"warmup_steps": -1}, ValueError, "warmup_steps must be >= 0"),
    ("ConstantScheduler", (), {"base_lr": 0.1, "warmup_begin_lr": 0.2},
     ValueError, "Base lr has to be higher than warmup_begin_lr"),
    ("ConstantScheduler", (), {"warmup_mode": "sqrt"},
     ValueError, "warmup_mode must be one of 'linear', 'constant', 'cosine', 'exponential', "
     "got warmup_mode='sqrt'"),
    ("ConstantScheduler", (), {"warmup_steps": 5, "warmup_mode": "exponential"},
     ValueError, "an exponential warmup needs warmup_begin_lr > 0"),
    ("LinearScheduler", (0,), {}, ValueError, "max_update must be >= 1, got max_update=0"),
    ("LinearScheduler", (10,), {"warmup_steps": 10},
     ValueError, "max_update must be greater than warmup_steps, got max_update=10, "
     "warmup_steps=10"),
    ("LinearScheduler", (10,), {"final_lr": -0.1}, ValueError, "final_lr must be >= 0"),
    ("ExponentialScheduler", (0,), {}, ValueError, "gamma must be in (0.0, 1.0], got gamma=0.0"),
    ("ExponentialScheduler", (1.5,), {}, ValueError, "gamma must be in (0.0, 1.0]"),
    ("ExponentialScheduler", (0.9,), {"step": 0}, ValueError, "step must be >= 1"),
    ("ExponentialScheduler", (0.9,), {"staircase": "yes"},
     TypeError, "staircase must be True or False"),
    ("ExponentialScheduler", (0.9,), {"base_lr": 0.1, "final_lr": 0.2},
     ValueError, "final_lr must be <= base_lr, got final_lr=0.2, base_lr=0.1"),
    ("InverseSqrtScheduler", (), {"timescale": 0}, ValueError, "timescale must be >= 1"),
    ("OneCycleScheduler", (0.1, 0), {}, ValueError, "total_steps must be >= 1"),
    ("OneCycleScheduler", (0.1, 10), {"pct_start": 1.5},
     ValueError, "pct_start must be in [0.0, 1.0], got pct_start=1.5"),
    ("OneCycleScheduler", (0.1, 10), {"anneal_strategy": "cosine"},
     ValueError, "anneal_strategy must be one of 'cos', 'linear'"),
    ("OneCycleScheduler", (0.1, 10), {"div_factor": 0}, ValueError, "div_factor must be > 0"),
    ("CyclicScheduler", (0.2, 0.1), {}, ValueError, "base_lr must be <= max_lr"),
    ("CyclicScheduler", (0.1, 0.2), {"step_size_up": 0.5},
     ValueError, "step_size_up must be in [1.0, 9007199254740992.0]"),
    ("CyclicScheduler", (0.1, 0.2), {"mode": "triangle"},
     ValueError, "mode must be one of 'triangular', 'triangular2', 'exp_range'"),
    ("CosineRestartScheduler", (0,), {}, ValueError, "cycle_length must be >= 1"),
    ("CosineRestartScheduler", (5,), {"cycle_mult": 0.5}, ValueError, "cycle_mult must be >= 1.0"),
    ("CosineRestartScheduler", (5,), {"peak_decay": 0},
     ValueError, "peak_decay must be in (0.0, 1.0]"),
    ("WarmupStableDecayScheduler", (100,), {"decay_steps": 10, "decay_fraction": 0.1},
     ValueError, "give decay_steps or decay_fraction, not both"),
    ("WarmupStableDecayScheduler", (100,), {"decay_steps": 60, "warmup_steps": 50},
     ValueError, "the warmup and the decay must fit in max_update"),
    ("WarmupStableDecayScheduler", (100,), {"decay_mode": "sqrt"},
     ValueError, "decay_mode must be one of 'linear', 'cosine', '1-sqrt'"),
    ("WarmupStableDecayScheduler", (100,), {"decay_fraction": 2},
     ValueError, "decay_fraction must be in [0.0, 1.0]"),
    ("PiecewiseScheduler", ([10, 5], [1, 2, 3]), {},
     ValueError, "boundaries must be strictly increasing"),
    ("PiecewiseScheduler", ([10], [1]), {},
     ValueError, "interpolate='constant' needs one more value than boundaries"),
    ("PiecewiseScheduler", ([10], [1, 2]), {"interpolate": "linear"},
     ValueError, "needs one value per boundary"),
    ("PiecewiseScheduler", ([10], []), {},
     ValueError, "values must hold at least one learning rate"),
    ("PiecewiseScheduler", ([float("inf")], [1, 2]), {},
     ValueError, "boundaries[0] must be finite"),
    ("PiecewiseScheduler", ([1], [1, -2]), {}, ValueError, "values[1] must be >= 0"),
    ("PiecewiseScheduler", ("ab", [1]), {}, TypeError, "boundaries must be a list of numbers"),
    ("PlateauScheduler", (), {"mode": "up"}, ValueError, "mode must be one of 'min', 'max'"),
    ("PlateauScheduler", (), {"factor": 1.0},
     ValueError, "factor must be in [0.0, 1.0), got factor=1.0"),
    ("PlateauScheduler", (), {"patience": -1}, ValueError, "patience must be >= 0"),
    ("PlateauScheduler", (), {"threshold_mode": "pct"},
     ValueError, "threshold_mode must be one of 'rel', 'abs'"),
    ("PlateauScheduler", (5,), {},
     TypeError, "schedule must be callable as lr = schedule(num_update), got schedule=5"),
])
def test_constructor_errors_name_parameter_and_value(impl, name, args, kwargs, error, text):
    with pytest.raises(error) as info:
        getattr(impl, name)(*args, **kwargs)
    assert text in str(info.value)


@pytest.mark.parametrize("attr, value, error, text", [
    ("base_lr", -1, ValueError, "base_lr must be >= 0"),
    ("final_lr", "x", TypeError, "final_lr must be a real number"),
    ("max_update", 0, ValueError, "max_update must be >= 1"),
    ("warmup_steps", 1.5, TypeError, "warmup_steps must be an integer"),
    ("warmup_mode", "cos", ValueError, "warmup_mode must be one of"),
])
def test_attribute_writes_are_checked(impl, attr, value, error, text):
    s = impl.LinearScheduler(100, base_lr=0.1, warmup_steps=5)
    before = [s(n) for n in range(120)]
    with pytest.raises(error) as info:
        setattr(s, attr, value)
    assert text in str(info.value)
    assert [s(n) for n in range(120)] == before


def test_attributes_read_back_normalised(impl):
    s = impl.ExponentialScheduler(gamma=1, base_lr=1, step=2, staircase=1, final_lr=0,
                                  warmup_steps=3, warmup_begin_lr=0)
    assert (s.gamma, s.base_lr, s.step, s.staircase, s.final_lr, s.warmup_steps) == \
        (1.0, 1.0, 2, True, 0.0, 3)
    assert [type(v) for v in (s.gamma, s.base_lr, s.step, s.staircase, s.warmup_steps)] == \
        [float, float, int, bool, int]
    s.warmup_steps = 10
    assert s(6) == 0.5
    assert repr(s) == ("ExponentialScheduler(gamma=1.0, base_lr=1.0, step=2, staircase=True, "
                       "final_lr=0.0, warmup_steps=10, warmup_begin_lr=0.0, "
                       "warmup_mode='linear')")


def test_state_and_params_tables(impl):
    for name in NAMES:
        cls = getattr(impl, name)
        params = [arg for arg, _ in cls._params]
        import inspect
        signature = inspect.signature(getattr(FAMILY, name).__init__)
        accepted = [p for p in signature.parameters if p not in ("self", "parts")]
        assert set(params) <= set(accepted), name
        for _, attr in cls._params:
            assert attr in cls._state, (name, attr)


# -- documentation ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Schedule"] + NAMES)
def test_docstring_examples_run(impl, name):
    cls = getattr(impl, name)
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(cls, name, globs=dict(vars(impl)))
    assert tests and tests[0].examples, "%s has no example" % name
    for test in tests:
        runner.run(test)
    assert runner.failures == 0


def test_twins_share_docstrings(compiled, pure):
    for name in ["Schedule"] + NAMES:
        c, p = getattr(compiled, name), getattr(pure, name)
        # (Python 3.13 strips docstring indentation when it compiles; Cython does not.)
        assert inspect.cleandoc(c.__doc__) == inspect.cleandoc(p.__doc__), name
        for method in ("__call__", "evaluate", "record", "state_dict", "get_config"):
            if hasattr(p, method):
                assert inspect.cleandoc(getattr(c, method).__doc__) == \
                    inspect.cleandoc(getattr(p, method).__doc__), (name, method)
    import importlib
    for pure_name, compiled_name in _modules.FAMILIES:
        # One source: the compiled module is the pure one, docstring and all.
        assert importlib.import_module(compiled_name).__doc__ == \
            importlib.import_module(pure_name).__doc__


def test_import_does_not_pull_numpy():
    code = ("import sys, cysched.lr_scheduler as L\n"
            "s = L.SequentialScheduler([L.OneCycleScheduler(0.1, 10)], [])\n"
            "s(3); s.base_lr = 0.2\n"
            "assert 'numpy' not in sys.modules, sorted(sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd="/", timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_cli_spec_builds_every_class():
    from cysched._spec import SpecError, build
    from cysched import lr_scheduler
    assert type(build("OneCycleScheduler(max_lr=0.1, total_steps=100)")) is \
        lr_scheduler.OneCycleScheduler
    assert build("PiecewiseScheduler([10], [1.0, 0.5])")(11) == 0.5
    with pytest.raises(SpecError, match="abstract base class"):
        build("Schedule()")
    with pytest.raises(SpecError, match="Base lr has to be higher"):
        build("ConstantScheduler(base_lr=0.1, warmup_begin_lr=1)")


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_state_dict_and_config_round_trip(impl, config):
    import json
    sched = CONFIGS[config](impl)
    if config == "plateau":
        for metric in (5, 4, 4, 4.5):
            sched.record(metric)
    rebuilt = type(sched).from_config(json.loads(json.dumps(sched.get_config())))
    resumed = CONFIGS[config](impl)
    resumed.load_state_dict(sched.state_dict())
    assert hexes(resumed(n) for n in UPDATES) == hexes(sched(n) for n in UPDATES)
    if config != "plateau":  # the config holds the arguments, not the records
        assert hexes(rebuilt(n) for n in UPDATES) == hexes(sched(n) for n in UPDATES)
    else:
        for metric in (4.4, 4.6, 4.7):
            assert resumed.record(metric) == sched.record(metric)
        assert resumed(3) == sched(3)
