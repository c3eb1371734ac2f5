"""``schedule(n)`` on its fast path gives what the plain arithmetic gives.

The compiled families answer ``s(n)`` through a vectorcall entry that reads
small ints without a call, reuses the float it returned last when the caller
let go of it, and, for SequentialScheduler and PiecewiseScheduler, tries the
part or interval found by the last call before bisecting.  None of that may show: values, types,
errors, state, pickles and reprs are the pure twin's, in any order of calls
and after the parts or milestones change between calls.
"""
import bisect
import copy
import pickle
import random
import threading

import numpy as np
import pytest


def _linear(impl, k):
    # A different slope and offset per part: a wrong part or offset shows.
    return impl.LinearScheduler(max_update=50 + 7 * k, base_lr=1.0 + k, final_lr=0.01 * k)


def _expected(parts, milestones, n):
    """SequentialScheduler's rate by its definition, with the standard bisect."""
    k = min(bisect.bisect_left(milestones, n), len(parts) - 1)
    return parts[k](n - milestones[k - 1] if k else n)


def _check(s, parts, milestones, updates):
    got = [s(n) for n in updates]
    want = [_expected(parts, milestones, n) for n in updates]
    assert [type(x) for x in got] == [float] * len(got)
    assert [x.hex() for x in got] == [x.hex() for x in want]


def _updates(milestones, rng):
    """Every milestone, its neighbours and halves, 0, and past the last."""
    near = [0, 0.5, 1, milestones[-1] + 1, milestones[-1] + 10 ** 6, 2 ** 53]
    for m in milestones:
        near += [m - 1, m - 0.5, m, m + 0.5, m + 1]
    near = [n for n in near if n >= 0]
    return near + [rng.uniform(0, milestones[-1] + 20) for _ in range(200)]


@pytest.mark.parametrize("count", [2, 3, 10, 300])
def test_sequential_in_any_order(impl, count):
    rng = random.Random(count)
    milestones = sorted(rng.sample(range(1, 40 * count), count - 1))
    parts = [_linear(impl, k) for k in range(count)]
    s = impl.SequentialScheduler(parts, milestones)
    forward = sorted(_updates(milestones, rng))
    _check(s, parts, milestones, forward)                       # a training loop
    _check(s, parts, milestones, forward[::-1])                 # backwards
    _check(s, parts, milestones, rng.sample(forward, len(forward)))   # any order
    _check(s, parts, milestones, [m + d for m in milestones for d in (1, 0, 1, 2, -1)])
    assert s.evaluate(forward).tolist() == [s(n) for n in forward]


def test_sequential_one_part(impl):
    part = _linear(impl, 3)
    s = impl.SequentialScheduler([part], [])
    _check(s, [part], [], [0, 1, 5, 2, 10 ** 9, 0.5, 3])


def test_sequential_rewired_between_calls(impl):
    rng = random.Random(5)
    parts = [_linear(impl, k) for k in range(12)]
    milestones = list(range(10, 120, 10))
    s = impl.SequentialScheduler(parts, milestones)
    _check(s, parts, milestones, range(0, 130))                # the last call is in the last part
    fewer_parts = parts[:3]
    s.schedules = fewer_parts                                    # more milestones than parts now
    _check(s, fewer_parts, milestones, [130, 129, 115, 31, 21, 11, 1] + list(range(40)))
    s.milestones = [50, 60]
    _check(s, fewer_parts, [50, 60], [130, 61, 60, 59, 51, 50, 49, 1, 0] + list(range(70)))
    s.milestones = [5]                                           # fewer milestones than parts
    _check(s, fewer_parts, [5], [70, 6, 5, 4, 0, 1000])
    more = [_linear(impl, k) for k in range(20, 25)]
    s.schedules = more
    s.milestones = [3, 4, 5, 1000]
    _check(s, more, [3, 4, 5, 1000], [1000, 1001, 999, 6, 5, 4, 3, 2, 0, 4.5, 3.5])
    inner = impl.SequentialScheduler(more[:2], [7])
    s.schedules = [inner, parts[0], parts[1], parts[2], parts[3]]   # a nested composite
    _check(s, s.schedules, [3, 4, 5, 1000],
           [0, 1, 2, 3, 4, 5, 6, 7, 8, 999, 1000, 1001, 1008] + rng.sample(range(2000), 50))
    more[1].base_lr = 9.0                                        # a part changed in place
    _check(s, s.schedules, [3, 4, 5, 1000], [3, 2, 1, 0, 9, 12])


def test_sequential_with_python_parts(impl):
    parts = [lambda n: 1.0 / (1 + n), _linear(impl, 1), lambda n: 2.0 + n]
    s = impl.SequentialScheduler(parts, [10, 20])
    _check(s, parts, [10, 20], list(range(30)) + list(range(30))[::-1])
    parts[1] = _linear(impl, 2)
    s.schedules = parts[1:]
    _check(s, parts[1:], [10, 20], [25, 15, 5, 0, 21, 11])


def test_the_hint_is_invisible(impl):
    parts = [_linear(impl, k) for k in range(30)]
    used = impl.SequentialScheduler(parts, list(range(5, 150, 5)))
    fresh = impl.SequentialScheduler(copy.deepcopy(parts), list(range(5, 150, 5)))
    for n in range(140):
        used(n)
    assert pickle.dumps(used) == pickle.dumps(fresh)
    assert repr(used) == repr(fresh)
    assert repr(used.state_dict()) == repr(fresh.state_dict())
    assert used.get_config() == fresh.get_config()
    for clone in (pickle.loads(pickle.dumps(used)), copy.copy(used), copy.deepcopy(used)):
        assert [clone(n).hex() for n in (3, 140, 77, 0)] == \
            [fresh(n).hex() for n in (3, 140, 77, 0)]


def test_sequential_subclass_keeps_its_call(impl):
    class Halved(impl.SequentialScheduler):
        def __call__(self, num_update):
            return super().__call__(num_update) / 2

    parts = [_linear(impl, k) for k in range(3)]
    s = Halved(parts, [5, 9])
    assert [s(n) for n in (1, 6, 12)] == [_expected(parts, [5, 9], n) / 2 for n in (1, 6, 12)]


def test_calls_while_evaluate_runs_in_threads(impl):
    parts = [_linear(impl, k) for k in range(500)]
    milestones = list(range(3, 1500, 3))
    s = impl.SequentialScheduler(parts, milestones)
    x = np.arange(0, 1600, 0.25)
    want = [_expected(parts, milestones, n).hex() for n in x]
    seen = []

    def tabulate():
        for _ in range(5):
            seen.append([v.hex() for v in s.evaluate(x).tolist()])

    threads = [threading.Thread(target=tabulate) for _ in range(2)]
    for t in threads:
        t.start()
    order = random.Random(1).sample(range(1600), 1600)
    for _ in range(3):
        _check(s, parts, milestones, order)
    for t in threads:
        t.join()
    assert seen == [want] * 10


def _same_calls(a, b, updates):
    """``a(n)`` and ``b(n)`` alike, bit for bit, in this order of calls."""
    assert [a(n).hex() for n in updates] == [b(n).hex() for n in updates]


@pytest.mark.parametrize("interpolate", ["constant", "linear", "cosine"])
@pytest.mark.parametrize("count", [1, 2, 5, 400])
def test_piecewise_in_any_order_and_rewired(compiled, pure, interpolate, count):
    rng = random.Random(count)
    bounds = sorted(rng.sample(range(-3, 30 * count), count))
    values = [rng.uniform(0.1, 2.0) for _ in range(count + (interpolate == "constant"))]
    c = compiled.PiecewiseScheduler(bounds, values, interpolate)
    p = pure.PiecewiseScheduler(bounds, values, interpolate)
    updates = sorted(set([0, 0.5] + [b + d for b in bounds for d in (0, 0.5, 1, 1.5, 2)
                                     if b + d >= 0]
                         + [rng.uniform(0, 30 * count + 5) for _ in range(200)]))
    for order in (updates, updates[::-1], rng.sample(updates, len(updates))):
        _same_calls(c, p, order)
    assert c.evaluate(updates).tolist() == [c(n) for n in updates]
    half = len(bounds) // 2 + 1                                   # fewer points
    for s in (c, p):
        s.boundaries, s.values = bounds[:half], values[:half + (interpolate == "constant")]
    _same_calls(c, p, updates[::-1] + updates)
    for s in (c, p):                                              # points moved
        s.boundaries = [b + 3.25 for b in bounds[:half]]
        s.interpolate = "linear" if interpolate == "constant" else "constant"
    _same_calls(c, p, rng.sample(updates, len(updates)) + updates)
    for s in (c, p):
        s.base_lr = 3.0
    _same_calls(c, p, updates)
    assert repr(c) == repr(p).replace("cysched._shapes", "cysched._shapes_c")
    assert repr(c.state_dict()) == repr(p.state_dict())
    _same_calls(pickle.loads(pickle.dumps(c)), p, updates[::-1])


def test_returned_floats_are_never_changed(impl):
    s = impl.LinearScheduler(max_update=100, base_lr=1.0)
    kept = [s(n) for n in range(120)]                   # each one held by the list
    assert [x.hex() for x in kept] == [x.hex() for x in s.evaluate(range(120)).tolist()]
    a = s(1)
    b = s(50)
    assert (a, b) == (1.0, kept[50]) and a is not b
    assert sum(s(n) for n in range(120)) == sum(kept)
    assert [s(n) for n in (3, 3)] == [kept[3]] * 2
    held = {}
    for n in range(5):
        held[n] = s(n)
        s(99)
    assert held == {n: kept[n] for n in range(5)}


#: Ints each side of CPython's one-digit ints (2**30) and of long long, floats
#: each side of 0 and 2**53: the fast path's borders.
UPDATES = [0, 1, 2 ** 15, 2 ** 30 - 1, 2 ** 30, 2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53,
           -0.0, 0.0, 2.5, 2.0 ** 53]
BAD = [-1, -2 ** 30, -2 ** 30 - 1, 2 ** 53 + 1, 2 ** 63, -2 ** 64, 2 ** 100, -0.5,
       float("nan"), float("inf"), 2.0 ** 53 + 2, -1e-300]


@pytest.mark.parametrize("name", ["ConstantScheduler", "ExponentialScheduler",
                                  "SequentialScheduler", "PiecewiseScheduler"])
def test_update_borders(compiled, pure, name):
    def build(ns):
        if name == "SequentialScheduler":
            return ns.SequentialScheduler([ns.LinearScheduler(10), ns.ConstantScheduler(0.5)],
                                          [2 ** 31])
        if name == "PiecewiseScheduler":
            return ns.PiecewiseScheduler([2 ** 30 - 1, 2 ** 31], [0.5, 1.0], "cosine")
        if name == "ExponentialScheduler":
            return ns.ExponentialScheduler(0.999999, base_lr=1.0, final_lr=1e-9)
        return ns.ConstantScheduler(0.25, warmup_steps=2 ** 30)

    c, p = build(compiled), build(pure)
    for n in UPDATES:
        assert c(n).hex() == p(n).hex() == c.evaluate([n])[0].hex()
    for n in BAD:
        with pytest.raises(Exception) as in_c:
            c(n)
        with pytest.raises(Exception) as in_py:
            p(n)
        assert (type(in_c.value), str(in_c.value)) == (type(in_py.value), str(in_py.value))


@pytest.mark.parametrize("step", [1, 3])
@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_is_its_formula(impl, step, staircase):
    s = impl.ExponentialScheduler(0.93, base_lr=0.7, step=step, staircase=staircase,
                                  final_lr=1e-4, warmup_steps=4)
    for n in [5, 6, 7, 50, 333.5, 10 ** 4]:
        p = (n - 1 - 4) / step
        if staircase:
            p = float(int(p))
        assert s(n).hex() == max(0.7 * 0.93 ** p, 1e-4).hex()
